"""Parameters of NewsKG's own ``.rq`` queries: terms written by pyoxigraph, never text spliced in."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.sparql_text import Template, load

DOC = ox.NamedNode("https://example.org/id/document/a")


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("ASK { $doc ?p ?o }", {"doc": DOC}, "ASK { <https://example.org/id/document/a> ?p ?o }"),
        ("ASK { ?s ?p $o }", {"o": ox.Literal('say "no" }')}, 'ASK { ?s ?p "say \\"no\\" }" }'),
        (
            "VALUES ?g { $docs }",
            {"docs": [DOC, ox.NamedNode("https://example.org/b")]},
            "VALUES ?g { <https://example.org/id/document/a> <https://example.org/b> }",
        ),
        ("SELECT * { ?s ?p ?o } LIMIT $n", {"n": 10}, "SELECT * { ?s ?p ?o } LIMIT 10"),
        ("ASK { $doc ?p $doc }", {"doc": DOC}, f"ASK {{ {DOC} ?p {DOC} }}"),
    ],
)
def test_parameters_are_written_as_sparql_terms(text: str, values: dict[str, object], expected: str) -> None:
    assert Template("t", text).bind(**values) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", ["<https://example.org/a> } ; DROP ALL ; #", True, 1.5, [DOC, "x"], [[DOC]]], ids=repr
)
def test_a_value_that_is_not_a_term_is_refused(value: object) -> None:
    with pytest.raises(TypeError):
        Template("t", "ASK { $x ?p ?o }").bind(x=value)  # type: ignore[arg-type]


def test_a_parameter_without_a_value_or_a_value_without_a_parameter_is_refused() -> None:
    template = Template("t.rq", "ASK { $s ?p $o }")
    with pytest.raises(ValueError, match=r"t.rq: parameters without a value: \['o'\]"):
        template.bind(s=DOC)
    with pytest.raises(ValueError, match=r"values for no parameter: \['x'\]"):
        template.bind(s=DOC, o=DOC, x=DOC)


def test_an_iri_pyoxigraph_refuses_cannot_become_a_parameter() -> None:
    with pytest.raises(ValueError):
        ox.NamedNode("https://example.org/a> } ; DROP ALL ; INSERT DATA { <x:y")


def test_the_store_fingerprint_query_parses_once_bound() -> None:
    query = load("kg.store", "fingerprints.rq").bind(documents=[DOC])
    assert isinstance(ox.Store().query(query), ox.QuerySolutions)
