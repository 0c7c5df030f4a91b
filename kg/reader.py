"""Read articles from ``.txt`` and ``.jsonl`` files, directories of them, or standard input.

A bad input never stops a run: each one becomes an :class:`InputError` naming the file (and
line) and what is wrong, and the good articles of the same run are still built.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.records import Article
from kg.vocab import short_hash, slugify

SUFFIXES = (".txt", ".jsonl")
_FIELDS = ("id", "title", "url", "published", "publisher")


def read_inputs(inputs: list[str], *, max_chars: int) -> Iterator[Article | InputError]:
    """Every article of every input, in order; bad files and lines as errors, in place."""
    for name in inputs:
        if name == "-":
            yield from _read_stdin(max_chars)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
            if not files:
                yield InputError(name, "directory holds no .txt or .jsonl files")
            for file in files:
                yield from read_file(file, max_chars=max_chars)
        else:
            yield from read_file(path, max_chars=max_chars)


def read_file(path: Path, *, max_chars: int) -> Iterator[Article | InputError]:
    """The article(s) of one file: a ``.txt`` is one article, a ``.jsonl`` one per line."""
    if path.suffix not in SUFFIXES:
        yield InputError(str(path), f"unsupported input type {path.suffix or '(none)'!r}; use .txt or .jsonl")
        return
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        yield InputError(str(path), "no such file")
        return
    except OSError as err:
        yield InputError(str(path), f"cannot read: {err.strerror}")
        return
    text = _decode(data, str(path))
    if isinstance(text, InputError):
        yield text
    elif path.suffix == ".jsonl":
        yield from _read_jsonl(text, str(path), max_chars)
    else:
        yield _article(text, slugify(path.stem), str(path), max_chars, {})


def _read_stdin(max_chars: int) -> Iterator[Article | InputError]:
    text = _decode(sys.stdin.buffer.read(), "<stdin>")
    if isinstance(text, InputError):
        yield text
    elif text.lstrip().startswith("{"):
        yield from _read_jsonl(text, "<stdin>", max_chars)
    else:
        yield _article(text, f"stdin-{short_hash(text)}", "<stdin>", max_chars, {})


def _decode(data: bytes, source: str) -> str | InputError:
    if not data.strip():
        return InputError(source, "empty file")
    if b"\x00" in data:
        return InputError(source, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return InputError(source, f"not UTF-8 text (bad byte at offset {err.start})")


def _read_jsonl(text: str, source: str, max_chars: int) -> Iterator[Article | InputError]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(where, f"not JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, 'a line must be a JSON object with a "text" field')
            continue
        if not isinstance(record.get("text"), str):
            yield InputError(where, 'missing "text" (a string)')
            continue
        default_id = f"{slugify(Path(source).stem)}-{n}"
        doc_id = slugify(str(record["id"])) if record.get("id") not in (None, "") else default_id
        yield _article(record["text"], doc_id, where, max_chars, record)


def _article(
    text: str, doc_id: str, source: str, max_chars: int, meta: dict[str, Any]
) -> Article | InputError:
    if not text.strip():
        return InputError(source, "empty text")
    if len(text) > max_chars:
        return InputError(source, f"text has {len(text):,} characters, over the limit of {max_chars:,}")
    for key in _FIELDS:
        if meta.get(key) is not None and not isinstance(meta[key], str):
            return InputError(source, f'"{key}" must be a string')
    published = _date(meta.get("published"))
    if isinstance(published, InputError):
        return InputError(source, published.reason)
    return Article(
        doc_id=doc_id,
        text=text,
        title=meta.get("title") or None,
        url=meta.get("url") or None,
        published=published,
        publisher=meta.get("publisher") or None,
        source=source,
    )


def _date(value: str | None) -> date | InputError | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return InputError("", f'"published" {value!r} is not an ISO date (YYYY-MM-DD)')
