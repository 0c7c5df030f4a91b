"""SHACL validation of one document's graph against ``shapes/``, with a readable report.

Validation runs per document with no inference: its cost then stays constant whatever the
size of the store (see docs in NOTES), and a document that fails is rejected alone.

The shapes are compiled once per process (:mod:`kg.validation.compiled`) and a document's
graph is first checked against them directly; only a graph that this first pass cannot let
through goes to pySHACL, on a plain in-memory rdflib graph, and pySHACL's verdict and report
are the ones given. On NewsKG's own output the first pass decides nearly every document, at
a small fraction of pySHACL's cost, with the same verdicts (``tests/test_shapes.py`` runs
both on every shape case).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.errors import InputError, RulesError
from kg.graph import DocumentGraph
from kg.terms import ox_triples, rdflib_graph
from kg.validation.compiled import CompiledShapes, compile_shapes
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


_COMPILED: weakref.WeakKeyDictionary[Graph, tuple[int, CompiledShapes | None]] = weakref.WeakKeyDictionary()


def compiled(shapes: Graph) -> CompiledShapes | None:
    """``shapes`` compiled for the first pass, once per shapes graph (again if it has grown)."""
    found = _COMPILED.get(shapes)
    if found is None or found[0] != len(shapes):
        found = _COMPILED[shapes] = (len(shapes), compile_shapes(shapes))
    return found[1]


_CONFORMS = ValidationReport(True, ())


def validate_document(document: DocumentGraph, shapes: Graph) -> ValidationReport:
    """Check one document's graph against ``shapes``: the first pass, else pySHACL on an rdflib copy."""
    triples = document.triples()
    if _passes(triples, shapes):
        return _CONFORMS
    return validate_with_pyshacl(rdflib_graph(triples), shapes)


def validate_graph(graph: Graph, shapes: Graph) -> ValidationReport:
    """Check ``graph`` against ``shapes`` (no inference) and collect the violations."""
    triples = ox_triples(graph)
    if triples is not None and _passes(triples, shapes):
        return _CONFORMS
    return validate_with_pyshacl(graph, shapes)


def _passes(triples: list[ox.Triple], shapes: Graph) -> bool:
    """Whether the first pass lets the triples through: every shape holds, and so do the offsets."""
    checker = compiled(shapes)
    return checker is not None and checker.check(triples) is True and not offsets_may_fail(triples)


def validate_with_pyshacl(graph: Graph, shapes: Graph) -> ValidationReport:
    """The reference verdict: pySHACL's report, and the offsets checked in code, for any graph.

    What :func:`validate_graph` gives for every graph the first pass does not let through.
    """
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
_EVIDENCE, _START, _END, _TYPE = (str(p) for p in (KG.evidence, KG.charStart, KG.charEnd, RDF.type))
_SINGLE_SENTENCE = {str(KG.Statement), str(KG.Event), str(KG.UnrealizedEvent)}


def offsets_may_fail(triples: Iterable[ox.Triple]) -> bool:
    """Whether :func:`offset_violations` could find anything in these triples (the first pass's twin).

    It answers True for every graph in which :func:`offset_violations` finds a violation, and
    for any it is unsure of, so that those go the slow way and get its exact report.
    """
    nodes: dict[object, dict[str, list[object]]] = {}
    for t in triples:
        p = t.predicate.value
        if p in (_EVIDENCE, _START, _END, _TYPE):
            nodes.setdefault(t.subject, {}).setdefault(p, []).append(t.object)
    for values in nodes.values():
        evidence, starts, ends = (values.get(p, []) for p in (_EVIDENCE, _START, _END))
        if not evidence or not (len(evidence) == len(starts) == len(ends) == 1):
            continue
        start, end, text = starts[0], ends[0], evidence[0]
        if not (
            isinstance(start, ox.Literal) and isinstance(end, ox.Literal) and isinstance(text, ox.Literal)
        ):
            return True
        try:
            first, last = int(start.value), int(end.value)
        except ValueError:
            continue  # offset_violations skips it too: a datatype the shapes report
        single = any(
            isinstance(c, ox.NamedNode) and c.value in _SINGLE_SENTENCE for c in values.get(_TYPE, [])
        )
        if (first > last and not single) or (first <= last and len(text.value) != last - first):
            return True
    return False


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
