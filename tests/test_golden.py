"""The seed article against what a careful reader finds in it (tests/golden/seed_expected.toml).

The expectations were written by hand from reading the article; the targets are the issue's:
>= 95% of named actors with the right class and no junk, >= 90% of speech acts with the right
speaker, >= 90% of military-action mentions with the right agent and numbers, and the Cairo
negotiation exactly right. Each score's misses are printed when it falls short.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rdf_helpers import as_rdflib, conforming
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from kg.pipeline import Pipeline
from kg.records import Article
from kg.vocab import KG

EXPECTED: dict[str, Any] = tomllib.loads(
    (Path(__file__).parent / "golden" / "seed_expected.toml").read_text(encoding="utf-8")
)
WORD = re.compile(r"\w+")


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.replace("’", "'").lower()))


@pytest.fixture(scope="module")
def graph(pipeline: Pipeline, seed_text: str) -> Graph:
    article = Article("000_9d3f9a3be7baeea0", seed_text, published=date.fromisoformat(EXPECTED["published"]))
    return as_rdflib(conforming(pipeline.build_article(article)).graph)


def _label(g: Graph, node: Node | None) -> str:
    if node is None or isinstance(node, Literal):
        return str(node or "")
    return str(g.value(node, RDFS.label) or "")


def _names(g: Graph, node: Node) -> set[str]:
    return {str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(node, p)}


def _score(found: list[bool]) -> float:
    return sum(found) / len(found)


def test_named_actors_have_the_right_class(graph: Graph) -> None:
    actors = set(graph.subjects(RDF.type, KG.Actor))
    misses = []
    for exp in EXPECTED["actor"]:
        holders = [a for a in actors if _names(graph, a) & set(exp["names"])]
        ok = (
            len(holders) == 1
            and _label(graph, holders[0]) == exp["label"]
            and (holders[0], RDF.type, KG[exp["class"]]) in graph
        )
        if not ok:
            misses.append(f"{exp['label']} ({exp['class']}): {[(_label(graph, h), h) for h in holders]}")
    assert _score([True] * (len(EXPECTED["actor"]) - len(misses)) + [False] * len(misses)) >= 0.95, misses


def test_no_junk_actor(graph: Graph) -> None:
    junk = set(EXPECTED["junk"])
    found = [_names(graph, a) & junk for a in graph.subjects(RDF.type, KG.Actor)]
    assert not [f for f in found if f]


def test_titles_become_roles_and_affiliations(graph: Graph) -> None:
    for exp in EXPECTED["role"]:
        person = next(a for a in graph.subjects(RDFS.label, Literal(exp["person"])))
        roles = [str(r) for r in graph.objects(person, KG.role)]
        assert any(exp["role"] in r for r in roles), (exp["person"], roles)
        affiliations = [_label(graph, o) for o in graph.objects(person, KG.affiliation)]
        assert exp["affiliation"] in affiliations, (exp["person"], affiliations)
        assert (person, RDF.type, KG.Actor) in graph
    assert not list(graph.subjects(RDFS.label, Literal("director")))


def _speaker_ok(expected: str, label: str) -> bool:
    return set(WORD.findall(expected)) <= set(WORD.findall(label.replace("’", "'")))


def test_speech_acts_have_the_right_speaker(graph: Graph) -> None:
    statements = [
        (
            _norm(str(graph.value(s, KG.text))),
            _label(graph, graph.value(s, KG.speaker)),
            graph.value(s, KG.quoteType),
        )
        for s in graph.subjects(RDF.type, KG.Statement)
    ]
    misses = []
    for exp in EXPECTED["statement"]:
        qtype = {"direct": KG.DirectQuote, "indirect": KG.IndirectQuote}.get(exp["type"])
        ok = any(
            _norm(exp["words"]) in text
            and _speaker_ok(exp["speaker"], speaker)
            and qtype in (None, found_type)
            for text, speaker, found_type in statements
        )
        if not ok:
            misses.append(f"{exp['speaker']} / {exp['type']}: {exp['words']}")
    score = 1 - len(misses) / len(EXPECTED["statement"])
    assert score >= 0.90, (score, misses)


def _action_ok(g: Graph, action: Node, exp: dict[str, Any]) -> bool:
    if (action, KG.actionType, KG[exp["type"]]) not in g:
        return False
    agents = {_label(g, a) for a in g.objects(action, KG.agent)}
    if agents != set(exp["agents"]):
        return False
    for prop in ("quantity", "quantityText", "targetCount", "killed", "wounded"):
        if prop in exp and str(g.value(action, KG[prop])) != str(exp[prop]):
            return False
    return not exp.get("claimed") or (None, KG.claims, action) in g


def test_military_actions_have_the_right_agent_and_numbers(graph: Graph) -> None:
    actions = list(graph.subjects(RDF.type, KG.MilitaryAction))
    misses = []
    for exp in EXPECTED["action"]:
        here = [a for a in actions if _norm(exp["sentence"]) in _norm(str(graph.value(a, KG.evidence)))]
        if not any(_action_ok(graph, a, exp) for a in here):
            misses.append(
                f"{exp['type']} in '{exp['sentence']}': found {[_describe(graph, a) for a in here]}"
            )
    score = 1 - len(misses) / len(EXPECTED["action"])
    assert score >= 0.90, (score, misses)


def _describe(g: Graph, node: Node) -> dict[str, list[str]]:
    return {
        str(p).split("#")[-1]: [_label(g, o) or str(o) for o in g.objects(node, p)]
        for p in set(g.predicates(node))
    }


def test_the_cairo_talks_exactly(graph: Graph) -> None:
    exp = EXPECTED["negotiation"]
    talks = [
        n
        for n in graph.subjects(RDF.type, KG.Negotiation)
        if _label(graph, graph.value(n, KG.location)) == "Cairo"
    ]
    assert len(talks) == 1, [_describe(graph, n) for n in graph.subjects(RDF.type, KG.Negotiation)]
    n = talks[0]

    def labels(prop: URIRef) -> set[str]:
        return {_label(graph, o) for o in graph.objects(n, prop)}

    assert labels(KG.participant) == set(exp["participants"])
    assert labels(KG.mediator) == set(exp["mediators"])
    assert labels(KG.briefed) == set(exp["briefed"])
    assert {str(t) for t in graph.objects(n, KG.topic)} == set(exp["topics"])
    assert exp["outcome_words"] in str(graph.value(n, KG.outcome))
    assert str(graph.value(n, KG.startDate)) == exp["start"]
    assert str(graph.value(n, KG.endDate)) == exp["end"]
    assert graph.value(n, KG.continues) == Literal(True)


def test_same_article_same_graph(pipeline: Pipeline, seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724544000")
    first = as_rdflib(conforming(pipeline.build_article(Article("seed", seed_text))).graph)
    second = as_rdflib(conforming(pipeline.build_article(Article("seed", seed_text))).graph)
    assert isomorphic(first, second)
    assert set(first.subjects()) == set(second.subjects())
