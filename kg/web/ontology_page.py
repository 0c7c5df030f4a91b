"""The ontology's HTML documentation: classes, properties and concepts with labels and comments."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.vocab import PREFIXES
from kg.web.templating import Shown, compact, show

RDF, RDFS, OWL, SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"], PREFIXES["skos"]

SECTIONS = (
    ("Classes", (OWL + "Class", RDFS + "Class")),
    (
        "Properties",
        (OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty", RDF + "Property"),
    ),
    ("Concepts", (SKOS + "Concept", SKOS + "ConceptScheme")),
)
DETAILS = (
    ("subclass of", RDFS + "subClassOf"),
    ("subproperty of", RDFS + "subPropertyOf"),
    ("domain", RDFS + "domain"),
    ("range", RDFS + "range"),
    ("broader", SKOS + "broader"),
    ("in scheme", SKOS + "inScheme"),
    ("equivalent class", OWL + "equivalentClass"),
    ("equivalent property", OWL + "equivalentProperty"),
)


@dataclass
class Term:
    """One documented term."""

    iri: str
    anchor: str
    name: str
    label: str = ""
    comment: str = ""
    details: list[tuple[str, list[Shown]]] = field(default_factory=list)


def _index(triples: list[ox.Triple]) -> dict[str, dict[str, list[ox.NamedNode | ox.Literal]]]:
    index: dict[str, dict[str, list[ox.NamedNode | ox.Literal]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode | ox.Literal):
            index[t.subject.value][t.predicate.value].append(t.object)
    return index


def _first(values: list[ox.NamedNode | ox.Literal]) -> str:
    english = [v for v in values if isinstance(v, ox.Literal) and v.language in (None, "en")]
    return english[0].value if english else (values[0].value if values else "")


def _term(iri: str, props: dict[str, list[ox.NamedNode | ox.Literal]], base_iri: str) -> Term:
    term = Term(
        iri=iri,
        anchor=iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1],
        name=compact(iri),
        label=_first(props.get(RDFS + "label", []) or props.get(SKOS + "prefLabel", [])),
        comment=_first(props.get(RDFS + "comment", []) or props.get(SKOS + "definition", [])),
    )
    for title, predicate in DETAILS:
        shown = [show(v, base_iri) for v in props.get(predicate, [])]
        if shown:
            term.details.append((title, shown))
    return term


def ontology_sections(triples: list[ox.Triple], base_iri: str) -> list[tuple[str, list[Term]]]:
    """The documented terms, grouped as classes, properties and concepts, sorted by name."""
    index = _index(triples)
    sections = []
    for title, classes in SECTIONS:
        members = [
            _term(iri, props, base_iri)
            for iri, props in index.items()
            if any(isinstance(t, ox.NamedNode) and t.value in classes for t in props.get(RDF + "type", []))
        ]
        sections.append((title, sorted(members, key=lambda t: t.name.lower())))
    return sections
