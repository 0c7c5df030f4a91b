"""What a new user meets first: ``--version``, ``--help``, and inputs that are never lost silently."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import _parser
from kg.input_files import count_articles, input_files
from kg.reader import read_inputs
from kg.records import Article

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("build", "validate", "serve", "query", "remove")


def kg(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def test_version() -> None:
    done = kg("--version")
    assert done.returncode == 0 and done.stdout.startswith("kg (NewsKG) 0.")


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_describes_itself_and_its_defaults(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args([command, "--help"])
    text = capsys.readouterr().out
    description = text.split("positional arguments:")[0].split("\n\n", 1)[1]
    assert len(description.split()) > 5, f"kg {command} --help has no description"
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    for action in sub.choices[command]._actions:
        if action.option_strings and action.dest not in ("help", "output", "file"):
            assert action.help and "default" in action.help, f"kg {command} {action.option_strings[0]}"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_directory_is_read_recursively_with_ids_from_its_paths(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "a/report.txt": "Israel said talks would resume.",
            "b/report.txt": "Hamas said talks would resume.",
            "b/deeper/feed.jsonl": json.dumps({"text": "Egypt said talks would resume."}),
            ".git/x.txt": "hidden",
            "a/.draft.txt": "hidden",
            "notes.md": "not an input",
        },
    )
    assert [p.relative_to(tmp_path).as_posix() for p in input_files(tmp_path)] == [
        "a/report.txt",
        "b/deeper/feed.jsonl",
        "b/report.txt",
    ]
    found = list(read_inputs([str(tmp_path)], max_chars=10_000))
    assert [a.doc_id for a in found if isinstance(a, Article)] == ["a-report", "b-deeper-feed-1", "b-report"]
    assert count_articles([str(tmp_path)]) == 3 and count_articles(["-"]) is None


def test_two_files_of_one_name_are_a_clash_naming_both(tmp_path: Path) -> None:
    _write(tmp_path, {"a/report.txt": "Israel said talks would resume.", "b/report.txt": "Hamas said so."})
    done = kg("build", "a/report.txt", "b/report.txt", "-o", "out.ttl", cwd=tmp_path)
    assert done.returncode == 2
    clash = [line for line in done.stderr.splitlines() if "report" in line and "error" in line]
    assert len(clash) == 1 and "b/report.txt" in clash[0] and "a/report.txt" in clash[0], done.stderr
    assert "1 document(s) built" in done.stderr


def test_a_missing_path_and_an_empty_jsonl_are_errors_printed_once(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    done = kg("build", "nope.txt", "empty.jsonl", "-o", "out.ttl", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("nope.txt: no such file or directory") == 1, done.stderr
    assert done.stderr.count("empty.jsonl: no articles") == 1, done.stderr
    assert "0 document(s) built" in done.stderr and "2 rejected" in done.stderr


def test_the_progress_bar_has_a_total(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"text": f"Hamas said talks would resume {n}."}) for n in range(3)))
    done = kg("build", str(feed), "-o", str(tmp_path / "out.ttl"), "--progress")
    assert done.returncode == 0, done.stderr
    assert "3/3" in done.stderr, done.stderr


def test_a_locked_store_says_how(tmp_path: Path) -> None:
    from kg.store import LocalStore

    holder = LocalStore(tmp_path / "store")
    feed = tmp_path / "a.txt"
    feed.write_text("Hamas said talks would resume.", encoding="utf-8")
    done = kg("build", str(feed), "--store", str(tmp_path / "store"))
    del holder
    assert done.returncode == 2
    [line] = [x for x in done.stderr.splitlines() if x.strip()]
    assert "in use by another process" in line and "--store http://" in line


def test_query_syntax_errors_are_one_readable_line(tmp_path: Path) -> None:
    missing = kg("query", "ASK {}", "--store", str(tmp_path / "store"))
    assert missing.returncode == 2 and "no store here; make one with: kg build" in missing.stderr
    from kg.store import LocalStore

    LocalStore(tmp_path / "store")  # an empty store, closed again at once
    done = kg("query", "SELECT * WHERE { ?s foo:bar ?o }", "--store", str(tmp_path / "store"))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert (
        "line 1, column" in done.stderr and "unknown prefix" in done.stderr and "PREFIX foo:" in done.stderr
    )
