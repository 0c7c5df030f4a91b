"""The ontology's HTML documentation, in the manner of pyLODE: metadata, contents, class hierarchy,
classes, properties and concepts with labels, comments and relations, and anchors that are unique.

A ``kg:`` term's anchor is its local name, so that ``/ontology#Person`` (the local link to
``kg:Person``) lands on ``kg:Person``; another vocabulary's term is anchored by its prefix and
local name (``foaf-Person``), and any clash left gets a number. (pyLODE itself was tried: its
latest wheel on the package index does not import, the one before writes duplicate ids and an
inline style sheet the pages' Content-Security-Policy refuses.)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.vocab import KG, PREFIXES
from kg.web.templating import Shown, compact, show

RDF, RDFS, OWL, SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"], PREFIXES["skos"]
DCTERMS, VANN = PREFIXES["dcterms"], "http://purl.org/vocab/vann/"
METADATA = (  # what the ontology header says, in pyLODE's order
    ("Title", DCTERMS + "title"),
    ("Version", OWL + "versionInfo"),
    ("Version IRI", OWL + "versionIRI"),
    ("Creator", DCTERMS + "creator"),
    ("Created", DCTERMS + "created"),
    ("Modified", DCTERMS + "modified"),
    ("License", DCTERMS + "license"),
    ("Preferred prefix", VANN + "preferredNamespacePrefix"),
    ("Namespace", VANN + "preferredNamespaceUri"),
)

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
        anchor="",
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
    """The documented terms, grouped as classes, properties and concepts, ``kg:`` terms first."""
    index = _index(triples)
    sections = []
    for title, classes in SECTIONS:
        members = [
            _term(iri, props, base_iri)
            for iri, props in index.items()
            if any(isinstance(t, ox.NamedNode) and t.value in classes for t in props.get(RDF + "type", []))
        ]
        sections.append((title, sorted(members, key=lambda t: (not t.iri.startswith(KG), t.name.lower()))))
    _anchor([t for _, terms in sections for t in terms])
    return sections


def _anchor(terms: list[Term]) -> None:
    """Give each term a unique anchor: a ``kg:`` term its local name, first; others prefix-local."""
    taken: set[str] = set()
    for term in sorted(terms, key=lambda t: not t.iri.startswith(KG)):
        local = term.iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        wanted = local if term.iri.startswith(KG) else term.name.replace(":", "-")
        anchor, n = wanted, 1
        while anchor in taken:
            n += 1
            anchor = f"{wanted}-{n}"
        taken.add(anchor)
        term.anchor = anchor


@dataclass
class Branch:
    """A class of the hierarchy, with its anchor and its subclasses."""

    term: Term
    children: list[Branch] = field(default_factory=list)


def class_hierarchy(triples: list[ox.Triple], classes: list[Term]) -> list[Branch]:
    """The ``kg:`` classes as a tree by ``rdfs:subClassOf`` (a class under each ``kg:`` superclass)."""
    ours = {t.iri: t for t in classes if t.iri.startswith(KG)}
    parents: dict[str, list[str]] = defaultdict(list)
    for t in triples:
        if t.predicate.value != RDFS + "subClassOf":
            continue
        if (
            isinstance(t.subject, ox.NamedNode)
            and isinstance(t.object, ox.NamedNode)
            and {t.subject.value, t.object.value} <= ours.keys()
        ):
            parents[t.subject.value].append(t.object.value)

    def grow(iri: str, seen: frozenset[str]) -> Branch:
        kids = sorted((c for c, ps in parents.items() if iri in ps and c not in seen), key=str.lower)
        return Branch(ours[iri], [grow(c, seen | {c}) for c in kids])

    roots = sorted(
        (iri for iri in ours if not parents.get(iri)), key=str.lower
    )  # a subclass of another vocabulary's class only is a root
    return [grow(iri, frozenset({iri})) for iri in roots]


def _shown(name: str, value: ox.NamedNode | ox.Literal, base_iri: str) -> Shown:
    # a version IRI names the release; NewsKG serves no page there, so it is no link
    return Shown(value.value) if name == "Version IRI" else show(value, base_iri)


def ontology_metadata(
    triples: list[ox.Triple], base_iri: str
) -> tuple[str, list[tuple[str, list[Shown]]], str]:
    """The ontology's IRI, its header as (name, values) rows, and its description."""
    index = _index(triples)
    owl_ontology = ox.NamedNode(OWL + "Ontology")
    iri = next((s for s, props in index.items() if owl_ontology in props.get(RDF + "type", [])), "")
    props = index.get(iri, {})
    rows = [(name, [_shown(name, v, base_iri) for v in props[p]]) for name, p in METADATA if props.get(p)]
    return iri, rows, _first(props.get(DCTERMS + "description", []))
