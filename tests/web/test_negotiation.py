"""Accept headers → media types."""

from __future__ import annotations

import pytest

from kg.web.negotiation import GRAPH_OFFERS, RESULTS_OFFERS, choose, parse_accept

RESOURCE = ["text/turtle", "application/n-triples", "text/html"]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/turtle"),
        ("", "text/turtle"),
        ("*/*", "text/turtle"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("application/n-triples", "application/n-triples"),
        ("text/*", "text/turtle"),
        ("text/turtle;q=0.5, application/n-triples;q=0.9", "application/n-triples"),
        ("text/html;q=0, */*", "text/turtle"),
        ("image/png", None),
        ("text/turtle;q=0", None),
        ("garbage", "text/turtle"),  # nothing parseable: as if absent
    ],
)
def test_choose(accept: str | None, expected: str | None) -> None:
    assert choose(accept, RESOURCE) == expected


def test_specific_range_wins_over_wildcard() -> None:
    # */* would allow HTML, but the explicit q=0 for text/html takes precedence
    assert choose("*/*;q=1, text/html;q=0", ["text/html", "text/turtle"]) == "text/turtle"


def test_bad_quality_value() -> None:
    assert parse_accept("text/turtle;q=abc")[0].q == 0.0


def test_sparql_clients() -> None:
    # what SPARQLWrapper and rdflib's SPARQLStore send
    assert choose("application/sparql-results+json,application/json,text/javascript", RESULTS_OFFERS) == (
        "application/sparql-results+json"
    )
    assert choose("application/sparql-results+xml", RESULTS_OFFERS) == "application/sparql-results+xml"
    assert choose("application/rdf+xml", GRAPH_OFFERS) == "application/rdf+xml"
