"""Reading inputs: every bad file or line becomes one error naming it; good ones still come."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.reader import read_inputs
from kg.records import Article


def _read(*paths: Path) -> list[Article | InputError]:
    return list(read_inputs([str(p) for p in paths], max_chars=10_000))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("latin1.txt", "Caf\xe9 talks".encode("latin-1"), "not UTF-8"),
        ("notes.pdf", b"%PDF-1.4", "unsupported input type"),
        ("huge.txt", b"word " * 3000, "over the limit"),
    ],
)
def test_bad_files_are_named_with_the_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [error] = _read(path)
    assert isinstance(error, InputError)
    assert str(path) in str(error) and reason in str(error)


def test_missing_file(tmp_path: Path) -> None:
    [error] = _read(tmp_path / "nope.txt")
    assert isinstance(error, InputError) and "no such file" in str(error)


def test_jsonl_bad_lines_are_named_and_good_lines_kept(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Talks resumed.", "published": "2024-08-25", "title": "T"}),
        "{not json",
        json.dumps({"id": "a2"}),
        json.dumps(["text"]),
        json.dumps({"text": "Fine.", "published": "last week"}),
        "",
        json.dumps({"text": "Also fine.", "url": "https://example.org/a3"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _read(path)
    errors = [str(i) for i in items if isinstance(i, InputError)]
    articles = [i for i in items if isinstance(i, Article)]
    assert [e.split(": ")[0] for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:5"]
    assert "not JSON" in errors[0] and "text" in errors[1] and "ISO date" in errors[3]
    assert [a.doc_id for a in articles] == ["a1", "feed-7"]
    assert articles[0].published == date(2024, 8, 25) and articles[0].title == "T"


def test_directory_reads_txt_and_jsonl_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "c.md").write_text("ignored", encoding="utf-8")
    assert [a.doc_id for a in _read(tmp_path) if isinstance(a, Article)] == ["a", "b"]


def test_txt_id_is_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "000_9d3f9a3be7baeea0.txt"
    path.write_text("\ufeffText with a BOM.", encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.doc_id == "000-9d3f9a3be7baeea0" and article.text == "Text with a BOM."
