"""``kg.build.build`` returns values: a summary, and each article built or refused as it comes; it prints nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.cli import EXIT_USAGE, exit_code, summary_line
from kg.config import Settings
from kg.errors import InputError
from kg.pipeline import Built, Outcome, Refused
from kg.store import LocalStore

TITLE_REQUIRED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<urn:test#TitleRequired> a sh:NodeShape ; sh:targetClass kg:Document ;
    sh:property [ sh:path dcterms:title ; sh:minCount 1 ; sh:message "a test wants a title" ] .
"""


@pytest.fixture
def strict(settings: Settings, tmp_path: Path) -> Settings:
    """The shipped shapes plus one that every untitled document breaks, and a limit of 2 sentences."""
    shapes = tmp_path / "shapes"
    shutil.copytree(settings.shapes_dir, shapes)
    (shapes / "title.ttl").write_text(TITLE_REQUIRED, encoding="utf-8")
    return settings.model_copy(update={"shapes_dir": shapes, "max_sentences_per_document": 2})


def test_build_returns_a_summary_and_observes_each_outcome(
    strict: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "feed.jsonl"
    records = [
        json.dumps({"id": "ok", "title": "Talks", "text": "Hamas said the talks would resume."}),
        "not json",
        json.dumps({"id": "long", "title": "Long", "text": "Talks resumed. Israel denied it. Egypt hosted."}),
        json.dumps({"id": "untitled", "text": "Hamas said the talks would resume."}),
    ]
    feed.write_text("\n".join(records) + "\n", encoding="utf-8")
    seen: list[Outcome | InputError] = []
    store = tmp_path / "store"
    summary = build(
        [str(feed)], output=tmp_path / "out.nq", store=store, settings=strict, observe=seen.append
    )

    assert capsys.readouterr() == ("", "")  # the CLI prints; the library does not
    kinds = {(type(o).__name__, o.source if isinstance(o, InputError) else o.article.doc_id) for o in seen}
    assert kinds == {
        ("InputError", f"{feed}:2"),
        ("Built", "ok"),
        ("Refused", "long"),
        ("Refused", "untitled"),
    }
    refused = {o.article.doc_id: o for o in seen if isinstance(o, Refused)}
    assert refused["long"].report is None  # refused by a limit: no report at all
    untitled = refused["untitled"].report
    assert untitled is not None and not untitled.conforms
    assert any("a test wants a title" in v.message for v in untitled.violations)
    built = next(o for o in seen if isinstance(o, Built))
    assert built.iri == "https://w3id.org/newskg/id/document/ok" and len(built.graph) > 0

    assert (summary.documents, summary.bad_inputs, summary.invalid, summary.rejected) == (1, 2, 1, 3)
    assert exit_code(summary) == EXIT_USAGE
    assert "1 document(s) built" in summary_line(summary) and "3 rejected" in summary_line(summary)
    assert (tmp_path / "out.nq").read_text(encoding="utf-8").count("/id/document/ok>") > 0
    assert LocalStore(store, read_only=True).documents() == [
        built.iri
    ]  # an empty store is no reason to skip it
