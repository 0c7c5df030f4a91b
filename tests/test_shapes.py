"""The SHACL shapes accept every ``shape_cases/good_*.ttl`` and reject every ``bad_*.ttl``.

Each bad case starts with ``# BAD: what is wrong`` and ``# path: the property at fault``; it
is otherwise valid, so the report must name that path and no other. Validation runs as in
the pipeline: the compiled first pass, then pyshacl over a plain rdflib graph for whatever the
first pass does not let through, no inference, no ontology in the data. pySHACL stays the
reference: the first pass must give its verdict on every case, on the seed, and on every case
with one triple dropped or one object replaced.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdf_helpers import as_rdflib, conforming
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS
from rdflib.term import Node

from kg.pipeline import Pipeline
from kg.records import Article
from kg.terms import ox_triples
from kg.validation import (
    ValidationReport,
    compiled,
    offset_violations,
    offsets_may_fail,
    validate_document,
    validate_graph,
    validate_with_pyshacl,
)

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "kg" / "shapes" / "newskg-shapes.ttl"
ONTOLOGY = ROOT / "kg" / "ontology" / "newskg.ttl"
CASES = Path(__file__).resolve().parent / "shape_cases"
GOOD = sorted(CASES.glob("good_*.ttl"))
BAD = sorted(CASES.glob("bad_*.ttl"))

KG = Namespace("https://w3id.org/newskg/ontology#")
KGSH = Namespace("https://w3id.org/newskg/shapes#")
PREFIXES = {
    "kg": str(KG),
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}

# What the bad cases must cover at the least (the brief's list).
REQUIRED_BAD = {
    "bad_statement_no_speaker",
    "bad_statement_two_speakers",
    "bad_statement_speaker_literal",
    "bad_statement_quote_type",
    "bad_event_killed_negative",
    "bad_event_confidence_too_high",
    "bad_event_date_string",
    "bad_event_no_evidence",
    "bad_negotiation_participant_not_actor",
    "bad_missing_derived_from",
    "bad_event_char_start_after_end",
}


def _expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def _header(path: Path, key: str) -> str | None:
    """The value of the ``# key: value`` comment line at the top of a case file."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        name, _, value = line.lstrip("# ").partition(":")
        if name == key:
            return value.strip()
    return None


def _validate(data: Graph, shapes: Graph) -> tuple[bool, ValidationReport, str]:
    """What ``kg build`` and ``kg validate`` run: the shapes, plus the offset check in code."""
    report = validate_graph(data, shapes)
    return report.conforms, report, report.text()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def test_there_are_cases() -> None:
    assert GOOD and BAD
    assert {p.stem for p in BAD} >= REQUIRED_BAD


@pytest.mark.parametrize("case", GOOD, ids=lambda p: p.stem)
def test_good_case_conforms(case: Path, shapes: Graph) -> None:
    conforms, _, text = _validate(Graph().parse(case), shapes)
    assert conforms, text


@pytest.mark.parametrize("case", BAD, ids=lambda p: p.stem)
def test_bad_case_is_rejected_at_its_path(case: Path, shapes: Graph) -> None:
    assert _header(case, "BAD"), f"{case.name} needs a '# BAD: what is wrong' line"
    expected = _header(case, "path")
    assert expected, f"{case.name} needs a '# path: prefix:name' line"

    conforms, report, text = _validate(Graph().parse(case), shapes)
    assert not conforms, f"{case.name} should not conform"
    paths = {_expand(v.path) for v in report.violations}
    assert paths == {_expand(expected)}, text
    for violation in report.violations:
        assert len(violation.message) > 10, text


def test_shapes_graph_is_valid_shacl(shapes: Graph) -> None:
    # meta_shacl validates the shapes graph itself against SHACL-SHACL (raises if it is not).
    conforms, _, text = pyshacl.validate(
        Graph().parse(GOOD[0]), shacl_graph=shapes, inference="none", meta_shacl=True
    )
    assert conforms, text


def test_every_shape_has_a_name_and_a_message(shapes: Graph) -> None:
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.objects(None, SH.property))
    assert len(node_shapes) >= 8 and len(property_shapes) >= 60
    for shape in node_shapes | property_shapes:
        label = shapes.value(shape, SH.path) or shape
        assert shapes.value(shape, SH.name) is not None, f"{label} has no sh:name"
        assert shapes.value(shape, SH.message) is not None, f"{label} has no sh:message"


def test_property_shapes_are_named_and_used(shapes: Graph) -> None:
    declared = set(shapes.subjects(RDF.type, SH.PropertyShape))
    used = set(shapes.objects(None, SH.property))
    assert declared == used
    assert all(isinstance(s, URIRef) and s.startswith(KGSH) for s in declared)


def test_every_class_has_a_targeting_shape(shapes: Graph) -> None:
    targets = set(shapes.objects(None, SH.targetClass))
    # fmt: off
    names = [
        "Document", "Actor", "Person", "Organization", "ArmedGroup", "GovernmentBody",
        "GeopoliticalEntity", "UnnamedActor", "Place", "Statement", "Event", "MilitaryAction",
        "Negotiation",
    ]
    # fmt: on
    for name in names:
        assert KG[name] in targets, name


def test_shapes_use_only_terms_the_ontology_declares(shapes: Graph, ontology: Graph) -> None:
    used = {t for t in shapes.all_nodes() if isinstance(t, URIRef) and t.startswith(KG)}
    # kg:Paraphrase, kg:Skirmish only appear in bad cases, never in the shapes.
    undeclared = {t for t in used if (t, RDF.type, None) not in ontology}
    assert not undeclared


def test_action_type_list_matches_the_concept_scheme(shapes: Graph, ontology: Graph) -> None:
    values = shapes.value(KGSH["MilitaryAction-actionType"], SH["in"])
    assert values is not None
    listed = set(Collection(shapes, values))
    in_scheme = set(ontology.subjects(SKOS.inScheme, KG.ActionTypeScheme))
    assert listed == in_scheme


# The first pass (kg/validation/compiled.py) against pySHACL, the reference.


def _first_pass(data: Graph, shapes: Graph) -> bool:
    """Whether the compiled shapes let ``data`` through without pySHACL."""
    checker, triples = compiled(shapes), ox_triples(data)
    assert checker is not None, "the shapes no longer compile: every document goes to pySHACL"
    assert triples is not None
    return checker.check(triples) is True


def _pyshacl_conforms(data: Graph, shapes: Graph) -> bool:
    conforms, _, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return bool(conforms)


@pytest.mark.parametrize("case", GOOD + BAD, ids=lambda p: p.stem)
def test_first_pass_gives_pyshacls_verdict(case: Path, shapes: Graph) -> None:
    data = Graph().parse(case)
    assert _first_pass(data, shapes) == _pyshacl_conforms(data, shapes)
    triples = ox_triples(data)
    assert triples is not None
    assert offsets_may_fail(triples) == bool(offset_violations(data))
    assert validate_graph(data, shapes) == validate_with_pyshacl(data, shapes)


def _mutants(data: Graph) -> list[tuple[str, Graph]]:
    """``data`` with one triple dropped, or its object replaced by a string, a negative number or an IRI.

    One triple of each predicate on each kind of subject (its set of types): every constraint
    is hit, in a few seconds.
    """
    kinds: dict[tuple[frozenset[Node], Node], tuple[Node, Node, Node]] = {}
    for triple in sorted(data, key=str):
        kinds.setdefault((frozenset(data.objects(triple[0], RDF.type)), triple[1]), triple)
    found = []
    for triple in kinds.values():
        dropped = Graph()
        dropped += (t for t in data if t != triple)
        found.append((f"without {triple}", dropped))
        for other in (Literal("x"), Literal(-1), KG.Nothing):
            if other != triple[2]:
                changed = Graph()
                changed += dropped
                changed.add((triple[0], triple[1], other))
                found.append((f"{triple} with {other!r}", changed))
    return found


@pytest.mark.parametrize("case", GOOD, ids=lambda p: p.stem)
def test_first_pass_gives_pyshacls_verdict_on_every_mutant(case: Path, shapes: Graph) -> None:
    disagree = [
        what
        for what, data in _mutants(Graph().parse(case))
        if _first_pass(data, shapes) != _pyshacl_conforms(data, shapes)
    ]
    assert not disagree, "\n".join(disagree)


def test_first_pass_gives_pyshacls_verdict_on_the_seed(
    pipeline: Pipeline, seed_text: str, shapes: Graph
) -> None:
    document = conforming(pipeline.build_article(Article("000_9d3f9a3be7baeea0", seed_text))).graph
    data = as_rdflib(document)
    assert _first_pass(data, shapes)
    assert _pyshacl_conforms(data, shapes)
    assert validate_document(document, shapes) == validate_with_pyshacl(data, shapes)
