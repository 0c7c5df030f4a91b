"""Which files of the inputs are articles: directories read recursively, by one documented rule.

Read: ``.txt``, ``.html``, ``.htm`` and ``.jsonl`` files (any case), in path order. Skipped:
hidden files and directories (a name that starts with ``.``), files of other types, and
symbolic links to directories (which could loop). A file found in a directory gets as its id
its path there, without the suffix (:func:`relative_id`).
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.vocab import slugify

SUFFIXES = (".txt", ".jsonl", ".html", ".htm")


def input_files(directory: Path) -> list[Path]:
    """The files of ``directory`` and its subdirectories that are articles, in path order.

    Read: ``.txt``, ``.html``, ``.htm`` and ``.jsonl`` files (any case). Skipped: hidden files
    and directories (a name that starts with ``.``), other files, and symbolic links to
    directories (which could loop).
    """
    found = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            file = Path(root) / name
            if not name.startswith(".") and file.suffix.lower() in SUFFIXES and file.is_file():
                found.append(file)
    return sorted(found)


def relative_id(file: Path, root: Path) -> str:
    """The id of a file found under ``root``: its path there, without the suffix, as a slug."""
    return slugify(str(file.relative_to(root).with_suffix("")))


def count_articles(inputs: list[str]) -> int | None:
    """How many articles (and bad inputs) the inputs hold, for a progress bar; None for stdin."""
    if "-" in inputs:
        return None
    total = 0
    for name in inputs:
        path = Path(name)
        for file in input_files(path) if path.is_dir() else [path]:
            total += _count_file(file)
    return total


def _count_file(file: Path) -> int:
    if file.suffix.lower() != ".jsonl":
        return 1
    try:
        with file.open("rb") as fh:
            return max(1, sum(1 for line in fh if line.strip()))
    except OSError:
        return 1
