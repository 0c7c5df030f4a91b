"""SHACL validation of one document's graph against ``shapes/``, with a readable report.

Validation runs per document, on a plain in-memory rdflib graph with no inference: its cost
then stays constant whatever the size of the store (see docs in NOTES), and a document that
fails is rejected alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.errors import RulesError


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
    conforms, report, _text = shacl_validate(graph, shacl_graph=shapes, inference="none")
    if conforms:
        return ValidationReport(True, ())
    assert isinstance(report, Graph)
    violations = sorted(_violation(report, r) for r in report.subjects(RDF.type, SH.ValidationResult))
    return ValidationReport(False, tuple(violations))


def _violation(report: Graph, result: Node) -> Violation:
    def value(prop: URIRef) -> str:
        found = report.value(result, prop)
        if found is None:
            return ""
        return report.namespace_manager.normalizeUri(found) if isinstance(found, URIRef) else str(found)

    return Violation(
        focus=value(SH.focusNode),
        path=value(SH.resultPath),
        shape=value(SH.sourceShape),
        message=value(SH.resultMessage),
    )
