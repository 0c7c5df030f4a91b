"""Hostile and arbitrary input: the pipeline never raises, and what it maps always validates."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdf_helpers import as_rdflib, conforming

from kg.mapping import map_to_rdf
from kg.pipeline import Pipeline
from kg.records import ActorRecord, Article, Evidence, Extraction, Mention
from kg.validation import validate_graph

NEWSY = st.sampled_from(
    [
        "“We will respond,” he said.",
        "Hezbollah said it fired 100 rockets at Israel on Sunday.",
        "“Unclosed quote, the official said.",
        "according to",
        "said said said",
        "\u200f\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",  # Hebrew and Arabic, right to left
        "\x00\x1b[31m\u202e",
        '“ ” “ ” ‘ ’ " " \'',
        ". . . ,,, !!!",
    ]
)
TEXTS = st.lists(st.one_of(NEWSY, st.text(max_size=120)), min_size=1, max_size=6).map(" ".join)
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@QUICK
@given(text=TEXTS)
def test_any_text_gives_a_valid_graph(pipeline: Pipeline, text: str) -> None:
    if not text.strip():
        return
    built = conforming(pipeline.build_article(Article("prop", text)))
    for node_text in as_rdflib(built.graph).objects():
        assert "\x00" not in str(node_text) or "\x00" in text


KINDS = st.sampled_from(["Person", "Organization", "ArmedGroup", "GovernmentBody", "GeopoliticalEntity"])


@st.composite
def actors(draw: st.DrawFn) -> ActorRecord:
    text = draw(st.text(min_size=1, max_size=60))
    start = draw(st.integers(min_value=0, max_value=10_000))
    kind = draw(KINDS)
    named = draw(st.booleans())
    return ActorRecord(
        key=f"person/{draw(st.from_regex(r'[a-z0-9]{1,12}', fullmatch=True))}",
        name=draw(st.text(min_size=1, max_size=40)),
        kind=kind,
        named=named,
        aliases=tuple(draw(st.lists(st.text(min_size=1, max_size=20), max_size=3))),
        # a description ("a US official") identifies no one: only named actors are linked
        wikidata=draw(st.none() | st.from_regex(r"Q[1-9][0-9]{0,6}", fullmatch=True)) if named else None,
        roles=tuple(draw(st.lists(st.text(min_size=1, max_size=20), max_size=2))),
        is_place=kind == "GeopoliticalEntity",
        evidence=Evidence(Mention(text, start, start + len(text)), draw(st.floats(0, 1))),
    )


@QUICK
@given(records=st.lists(actors(), max_size=5, unique_by=lambda a: a.key))
def test_mapped_actor_records_validate(pipeline: Pipeline, records: list[ActorRecord]) -> None:
    extraction = Extraction(Article("p1", "some text"), actors=tuple(records))
    graph = map_to_rdf(
        extraction, base="https://w3id.org/newskg/", generated=datetime(2024, 1, 1, tzinfo=UTC)
    )
    report = validate_graph(graph, pipeline.shapes)
    assert report.conforms, report.text()
