"""SHACL validation of one document's graph against ``shapes/``, with a readable report.

Validation runs per document, on a plain in-memory rdflib graph with no inference: its cost
then stays constant whatever the size of the store (see docs in NOTES), and a document that
fails is rejected alone. A graph that conforms leaves here as a :class:`DocumentGraph`
(:func:`freeze`): rdflib goes no further than this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.errors import InputError, RulesError
from kg.graph import DocumentGraph
from kg.vocab import KG


@dataclass(frozen=True, slots=True, order=True)
class Violation:
    """One failed constraint: where, on which property, which shape, and why."""

    focus: str
    path: str
    shape: str
    message: str

    def __str__(self) -> str:
        return f"{self.focus}  {self.path}: {self.message}  [{self.shape}]"


@dataclass(frozen=True)
class ValidationReport:
    """Whether a graph conforms, and the violations when it does not."""

    conforms: bool
    violations: tuple[Violation, ...]

    def text(self) -> str:
        """The report as a person reads it: one line a violation."""
        if self.conforms:
            return "conforms: the graph satisfies every shape"
        lines = [f"does not conform: {len(self.violations)} violation(s)"]
        lines += [f"  {v}" for v in self.violations]
        return "\n".join(lines)


@lru_cache(maxsize=4)
def load_shapes(shapes_dir: Path) -> Graph:
    """Every ``*.ttl`` file of ``shapes_dir``, merged into one shapes graph."""
    files = sorted(shapes_dir.glob("*.ttl"))
    if not files:
        raise RulesError(str(shapes_dir), "shapes", "no *.ttl shapes files")
    shapes = Graph()
    for path in files:
        try:
            shapes.parse(path, format="turtle")
        except Exception as err:  # rdflib raises parser-specific types
            raise RulesError(str(path), "shapes", f"not valid Turtle: {err}") from err
    return shapes


def validate_graph(graph: Graph, shapes: Graph) -> ValidationReport:
    """Check ``graph`` against ``shapes`` (no inference) and collect the violations."""
    _conforms, report, _text = shacl_validate(graph, shacl_graph=shapes, inference="none")
    assert isinstance(report, Graph)
    found = [_violation(report, r) for r in report.subjects(RDF.type, SH.ValidationResult)]
    found += offset_violations(graph)
    return ValidationReport(not found, tuple(sorted(found)))


def validate_file(path: Path, shapes: Graph) -> ValidationReport:
    """Check the graph in the file ``path`` (``kg validate``); a file that cannot be read is an InputError."""
    return validate_graph(_read_graph(path), shapes)


_FILE_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads"}


def _read_graph(path: Path) -> Graph:
    """The graph in ``path``, in the syntax its extension names (RDF/XML for any other)."""
    graph = Graph()
    try:
        graph.parse(path, format=_FILE_FORMATS.get(path.suffix.lower(), "xml"))
    except FileNotFoundError as err:
        raise InputError(str(path), "no such file") from err
    except Exception as err:  # rdflib raises parser-specific types
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(str(path), f"not a readable graph: {first}") from err
    return graph


def offset_violations(graph: Graph) -> list[Violation]:
    """``kg:evidence`` is ``text[charStart:charEnd]``: its length is ``charEnd - charStart``.

    Checked here, not in ``shapes/``: as a SPARQL constraint it cost pySHACL ~75 ms per
    resource. Only resources with one evidence and one pair of offsets are checked (a graph of
    several documents cannot pair them up); statements and events have their order checked by
    the shapes (``sh:lessThanOrEquals``).
    """
    found = []
    for node in set(graph.subjects(KG.evidence, None)):  # the report is sorted at the end
        evidence, starts, ends = (
            list(graph.objects(node, p)) for p in (KG.evidence, KG.charStart, KG.charEnd)
        )
        if not (len(evidence) == len(starts) == len(ends) == 1):
            continue
        start, end = _integer(starts[0]), _integer(ends[0])
        if start is None or end is None:
            continue  # a datatype the shapes report
        focus = _term(graph, node)
        single_sentence = {KG.Statement, KG.Event, KG.UnrealizedEvent} & set(graph.objects(node, RDF.type))
        if start > end and not single_sentence:
            found.append(
                Violation(
                    focus, "kg:charStart", _OFFSETS, f"kg:charStart ({start}) is after kg:charEnd ({end})"
                )
            )
        elif start <= end and len(str(evidence[0])) != end - start:
            message = f"kg:evidence has {len(str(evidence[0]))} characters but its offsets span {end - start}"
            found.append(Violation(focus, "kg:evidence", _OFFSETS, message))
    return found


_OFFSETS = "kgsh:Provenance-offsets"


def _integer(term: Node) -> int | None:
    try:
        return int(str(term)) if isinstance(term, Literal) else None
    except ValueError:
        return None


def _term(graph: Graph, term: Node) -> str:
    return graph.namespace_manager.normalizeUri(term) if isinstance(term, URIRef) else str(term)


def _violation(report: Graph, result: Node) -> Violation:
    def value(prop: URIRef) -> str:
        found = report.value(result, prop)
        return "" if found is None else _term(report, found)

    return Violation(
        focus=value(SH.focusNode),
        path=value(SH.resultPath),
        shape=value(SH.sourceShape),
        message=value(SH.resultMessage),
    )


def freeze(graph: Graph, iri: str) -> DocumentGraph:
    """``graph`` as the value every later step takes: its triples as quads named ``iri``.

    The one conversion of rdflib terms to pyoxigraph's in NewsKG; the triples keep rdflib's
    order, so a writer that streams them writes what it wrote from the rdflib graph.
    """
    name = ox.NamedNode(iri)
    return DocumentGraph(iri, tuple(ox.Quad(_ox(s), _ox(p), _ox(o), name) for s, p, o in graph))  # type: ignore[arg-type]


def _ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store an RDF term of type {type(term).__name__}")
