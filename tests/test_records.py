"""Every field of every record reaches the graph, unless the record says it is internal and why.

A field that the extractors fill and the mapping drops is work thrown away, or a fact a user
never sees: each field is changed in turn on a full extraction, and the graph must change
with it; a field marked internal (``kg.records.internal``) must not change the graph.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from rdflib.compare import isomorphic

from kg.mapping import map_to_rdf
from kg.records import (
    ActorRecord,
    Article,
    Evidence,
    Extraction,
    Mention,
    MilitaryActionRecord,
    NegotiationRecord,
    PlaceRecord,
    Quantity,
    StatementRecord,
    TimeRef,
)

TEXT = "Alice said the army struck the base. Talks began in Cairo."
SENTENCE = Evidence(Mention("Alice said the army struck the base.", 0, 36), 0.8)
WHEN = TimeRef("on Sunday", date(2024, 8, 25))

FULL = Extraction(
    article=Article(
        "doc-1", TEXT, title="Strike", url="https://example.org/a", published=date(2024, 8, 25),
        publisher="Example News", source="in.txt:1",
    ),
    actors=(
        ActorRecord(
            "person/alice", "Alice", "Person", aliases=("Al",), wikidata="Q1", roles=("director",),
            affiliation="governmentbody/army", mentions=(Mention("Alice", 0, 5),), evidence=SENTENCE,
        ),
        ActorRecord("governmentbody/army", "Army", "GovernmentBody", named=False, evidence=SENTENCE),
        ActorRecord("geopoliticalentity/egypt", "Egypt", "GeopoliticalEntity", is_place=True, evidence=SENTENCE),
    ),
    places=(PlaceRecord("cairo", "Cairo", wikidata="Q85", aliases=("Al-Qahira",),
                        mentions=(Mention("Cairo", 52, 57),), evidence=SENTENCE),),
    statements=(
        StatementRecord(
            "doc-1/s", "person/alice", Mention("Alice", 0, 5), "say", Mention("the army struck the base", 11, 35),
            False, SENTENCE, medium="X", addressee="governmentbody/army", time=WHEN, claims=("doc-1/a",), denies=("doc-1/a",), hedged=True,
        ),
    ),
    military_actions=(
        MilitaryActionRecord(
            "doc-1/a", "Airstrike", Mention("struck", 20, 26), SENTENCE, agents=("governmentbody/army",),
            targets=("geopoliticalentity/egypt",), target_text="the base", location="cairo", weapon="planes",
            quantity=Quantity(3, "three"), target_count=Quantity(2, "two"), killed=Quantity(1, "one"),
            wounded=Quantity(5, "about five", "about"), toll_source="person/alice", time=WHEN, claimed=True,
        ),
    ),
    negotiations=(
        NegotiationRecord(
            "doc-1/n", "Talks in Cairo", Mention("Talks", 37, 42), SENTENCE, participants=("person/alice",),
            mediators=("geopoliticalentity/egypt",), briefed=("governmentbody/army",), location="cairo",
            topics=("ceasefire",), outcome="without a deal", start=WHEN, end=WHEN, continues=True,
            mentions=(Mention("Talks", 37, 42),),
        ),
    ),
    extractor="newskg", extractor_version="1", rules_version="2",
)  # fmt: skip


def _changed(name: str, value: Any) -> Any:
    """Another value of the same kind, still a valid record."""
    if name == "modality":
        return "Future" if value is None else None
    if name == "kind":
        return "Organization" if value != "Organization" else "Person"
    if name == "action_type":
        return "Shelling"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, Mention):
        return Mention(value.text + "x", value.start_char + 1, value.end_char + 1)
    if isinstance(value, Evidence):
        return Evidence(_changed("sentence", value.sentence), value.confidence - 0.1)
    if isinstance(value, Quantity):
        return Quantity((value.value or 0) + 1, value.text + "x", value.qualifier)
    if isinstance(value, TimeRef):
        return TimeRef(value.text + "x", value.resolved)
    if isinstance(value, tuple) and value:
        return (*value, _changed(name, value[0]))
    raise AssertionError(f"no changed value for {name}={value!r}: give the full extraction one")


def _cases() -> list[tuple[str, str, bool]]:
    """(path to a record, field name, internal) for every field of every record kind."""
    cases = [("article", f.name, "internal" in f.metadata) for f in dataclasses.fields(Article)]
    for attr in ("actors", "places", "statements", "military_actions", "negotiations"):
        record = getattr(FULL, attr)[0]
        cases += [(attr, f.name, "internal" in f.metadata) for f in dataclasses.fields(record)]
    cases += [("", name, False) for name in ("extractor", "extractor_version", "rules_version")]
    return cases


def _with(path: str, name: str) -> Extraction:
    if path == "":
        return dataclasses.replace(FULL, **{name: _changed(name, getattr(FULL, name))})
    if path == "article":
        article = FULL.article
        return dataclasses.replace(
            FULL, article=dataclasses.replace(article, **{name: _changed(name, getattr(article, name))})
        )
    first, *rest = getattr(FULL, path)
    changed = dataclasses.replace(first, **{name: _changed(name, getattr(first, name))})
    return dataclasses.replace(FULL, **{path: (changed, *rest)})


def _graph(extraction: Extraction) -> Any:
    return map_to_rdf(extraction, base="https://example.org/", generated=datetime(2024, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(("path", "name", "internal"), _cases(), ids=lambda v: str(v))
def test_every_field_is_mapped_or_internal(path: str, name: str, internal: bool) -> None:
    same = isomorphic(_graph(FULL), _graph(_with(path, name)))
    where = f"{path or 'extraction'}.{name}"
    if internal:
        assert same, f"{where} is marked internal but the graph shows it: drop the marker"
    else:
        assert not same, f"{where} is extracted but never mapped: map it, or mark it internal and say why"
