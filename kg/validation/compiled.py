"""A fast first pass over a document's graph: the SHACL Core subset that ``shapes/`` uses, compiled once.

pySHACL spends most of a build's validation time finding, for every focus node and property
shape, which constraint components apply (a membership test on a list, for each predicate of
the shape, every time) and building them again. The shapes do not change during a run, so
here they are read once into plain Python objects (:func:`compile_shapes`) and each document
is checked against them with dictionary look-ups (:meth:`CompiledShapes.check`).

This pass only decides whether a graph *may* be let through without pySHACL. It is sound,
not complete in the other direction: it says "conforms" only when every constraint it
evaluated holds, and it is stricter than pySHACL wherever the two could differ (a lexical
form it does not recognise as well-typed, a value it cannot compare, a datatype it does not
know). Whatever it doubts, pySHACL decides, and pySHACL alone writes the report of a graph
that does not conform, so the verdicts and the reports are pySHACL's. A shapes graph that
uses anything outside the subset (SPARQL constraints, other targets, property paths, ...)
compiles to ``None``: every document then goes to pySHACL, as before.

The subset: node shapes with ``sh:targetClass``; property shapes with a predicate as
``sh:path``; ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:nodeKind``,
``sh:pattern`` (no flags), ``sh:in`` and ``sh:hasValue`` (IRIs), ``sh:class``, ``sh:or``,
``sh:not``, ``sh:qualifiedValueShape`` with its counts, ``sh:lessThanOrEquals``,
``sh:minInclusive``, ``sh:maxInclusive``, ``sh:minExclusive``, ``sh:maxExclusive``
(numbers), ``sh:minLength``, ``sh:maxLength`` and ``sh:deactivated``. Data graphs with
``rdfs:subClassOf`` triples (where ``sh:targetClass`` and ``sh:class`` follow subclasses) are
left to pySHACL.

Being stricter is only safe where a failure counts against the graph. Under ``sh:not``, or in
the shape that ``sh:qualifiedMaxCount`` counts, a shape that fails where pySHACL would let it
hold turns into a pass, so only *exact* shapes are compiled there (those whose checks agree
with pySHACL on every value: counts, node kinds, patterns, ``sh:in``, ``sh:hasValue``,
``sh:class``, lengths, and ``sh:or``/``sh:not``/qualified shapes of exact shapes); a shapes
graph with an inexact one there (``sh:datatype``, a range, ``sh:lessThanOrEquals``) compiles
to ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Index = dict[Term, dict[str, list[Term]]]
"""subject -> predicate IRI -> objects, for one data graph."""

_TYPE = str(RDF.type)
_SUBCLASS = str(RDFS.subClassOf)

# Shape predicates that say nothing about conformance.
_DESCRIPTIVE = {SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group, SH.defaultValue}
_COMPONENTS = {
    SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH.pattern, SH["in"], SH.hasValue, SH["class"],
    SH["or"], SH["not"], SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.lessThan, SH.lessThanOrEquals, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
    SH.minLength, SH.maxLength,
}  # fmt: skip
_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}


class Unsupported(Exception):
    """The shapes use something this pass does not evaluate: pySHACL gets every graph."""


# Lexical forms this pass accepts as well-typed: never more than rdflib accepts.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?"
)


def _is_date(text: str) -> bool:
    try:
        return bool(_DATE.fullmatch(text)) and bool(date.fromisoformat(text))
    except ValueError:
        return False


def _is_datetime(text: str) -> bool:
    try:
        return bool(_DATETIME.fullmatch(text)) and bool(datetime.fromisoformat(text))
    except ValueError:
        return False


_WELL_TYPED: dict[str, Callable[[str], bool]] = {
    str(XSD.string): lambda _: True,
    str(RDF.langString): lambda _: True,
    str(XSD.integer): lambda t: bool(_INTEGER.fullmatch(t)),
    str(XSD.decimal): lambda t: bool(_DECIMAL.fullmatch(t)),
    str(XSD.boolean): lambda t: t in ("true", "false"),
    str(XSD.date): _is_date,
    str(XSD.dateTime): _is_datetime,
}
_NUMERIC = {str(XSD.integer): _INTEGER, str(XSD.decimal): _DECIMAL}


def _number(term: Term) -> Decimal | None:
    """The value of an ``xsd:integer`` or ``xsd:decimal`` literal with a plain lexical form, else None."""
    if not isinstance(term, ox.Literal):
        return None
    pattern = _NUMERIC.get(term.datatype.value)
    if pattern is None or not pattern.fullmatch(term.value):
        return None
    try:
        return Decimal(term.value)
    except InvalidOperation:  # pragma: no cover - the patterns only let decimals through
        return None


def _text(term: Term) -> str | None:
    """What ``sh:pattern`` and the length constraints read: an IRI or a lexical form; else None."""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else None


Check = Callable[["_Context", Term, list[Term]], bool]
"""One constraint on one focus node and its value nodes: True when it holds."""


@dataclass
class _Context:
    """One data graph being checked: its index, and the types of its nodes."""

    index: Index

    def types(self, node: Term) -> list[Term]:
        return self.index.get(node, {}).get(_TYPE, [])


@dataclass
class _Shape:
    """A node or property shape: its path (None for a node shape), its checks and its property shapes."""

    path: str | None
    checks: list[Check] = field(default_factory=list)
    properties: list[_Shape] = field(default_factory=list)
    deactivated: bool = False
    exact: bool = True
    """Whether the checks hold exactly where pySHACL's do (not merely never more often)."""

    def values(self, ctx: _Context, focus: Term) -> list[Term]:
        if self.path is None:
            return [focus]
        return ctx.index.get(focus, {}).get(self.path, [])

    def holds(self, ctx: _Context, focus: Term) -> bool:
        """Whether ``focus`` conforms to this shape (its checks and its property shapes)."""
        if self.deactivated:
            return True
        values = self.values(ctx, focus)
        if not all(check(ctx, focus, values) for check in self.checks):
            return False
        return all(p.holds(ctx, focus) for p in self.properties)


@dataclass(frozen=True)
class CompiledShapes:
    """The shapes as checks: each node shape's target classes, and the shape itself."""

    targets: tuple[tuple[frozenset[str], _Shape], ...]

    def check(self, triples: Iterable[ox.Triple]) -> bool | None:
        """True when the triples conform to the shapes for certain; None when pySHACL must decide.

        Never False: a graph that may not conform is pySHACL's to judge and report.
        """
        index: Index = {}
        for t in triples:
            predicate = t.predicate.value
            if predicate == _SUBCLASS:
                return None
            index.setdefault(t.subject, {}).setdefault(predicate, []).append(t.object)
        ctx = _Context(index)
        for node, properties in index.items():
            types = {c.value for c in properties.get(_TYPE, ()) if isinstance(c, ox.NamedNode)}
            if not types:
                continue
            for classes, shape in self.targets:
                if not classes.isdisjoint(types) and not shape.holds(ctx, node):
                    return None
        return True


def compile_shapes(shapes: Graph) -> CompiledShapes | None:
    """The shapes graph as checks, or None when it uses anything this pass does not evaluate."""
    try:
        return _Compiler(shapes).compile()
    except Unsupported:
        return None


class _Compiler:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.done: dict[Node, _Shape] = {}
        self.open: set[Node] = set()

    def compile(self) -> CompiledShapes:
        targeted = {s for p in _TARGETS for s in self.g.subjects(p, None)}
        for cls in (RDFS.Class, OWL.Class):  # a class that is also a shape targets its instances
            for node in self.g.subjects(RDF.type, cls):
                if any(str(p).startswith(str(SH)) for p in self.g.predicates(node, None)):
                    raise Unsupported("implicit class targets")
        targets = []
        for shape in sorted(targeted, key=str):
            if self.g.value(shape, SH.path) is not None or (shape, RDF.type, SH.PropertyShape) in self.g:
                raise Unsupported("a property shape with targets of its own")
            classes = set()
            for p, o in self.g.predicate_objects(shape):
                if p in _TARGETS and p != SH.targetClass:
                    raise Unsupported(f"target {p}")
                if p == SH.targetClass:
                    if not isinstance(o, URIRef):
                        raise Unsupported("a target class that is no IRI")
                    classes.add(str(o))
            targets.append((frozenset(classes), self.shape(shape)))
        return CompiledShapes(tuple(targets))

    def shape(self, node: Node) -> _Shape:
        if node in self.open:
            raise Unsupported("a shape that refers to itself")
        if node in self.done:
            return self.done[node]
        self.open.add(node)
        shape = self.read_shape(node)
        self.open.discard(node)
        self.done[node] = shape
        return shape

    def read_shape(self, node: Node) -> _Shape:
        path = self.g.value(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise Unsupported("a property path")
        shape = _Shape(None if path is None else str(path))
        qualified: dict[URIRef, Node] = {}
        for p, o in self.g.predicate_objects(node):
            if not isinstance(p, URIRef) or not p.startswith(str(SH)):
                continue
            if p in _DESCRIPTIVE or p in _TARGETS or p == SH.path:
                continue
            if p == SH.deactivated:
                if not (isinstance(o, Literal) and isinstance(o.value, bool)):
                    raise Unsupported("sh:deactivated that is no boolean")
                shape.deactivated = o.value
            elif p == SH.property:
                prop = self.shape(o)
                if prop.path is None:
                    raise Unsupported("sh:property without sh:path")
                shape.properties.append(prop)
                shape.exact = shape.exact and prop.exact
            elif p in (SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount):
                qualified[p] = o
            elif p in _COMPONENTS:
                check, exact = self.component(p, o, node)
                shape.checks.append(check)
                shape.exact = shape.exact and exact
            else:
                raise Unsupported(f"{p}")
        if qualified:
            check, exact = self.qualified(qualified, node)
            shape.checks.append(check)
            shape.exact = shape.exact and exact
        return shape

    def component(self, p: URIRef, o: Node, node: Node) -> tuple[Check, bool]:
        """The check of one constraint, and whether it is exact."""
        if p == SH["or"]:
            shapes = [self.shape(m) for m in Collection(self.g, o)]
            return _or(shapes), all(s.exact for s in shapes)
        if p == SH["not"]:
            inner = self.shape(o)
            if not inner.exact:
                raise Unsupported("sh:not of a shape this pass checks only strictly")
            return _not(inner), True
        if p == SH.datatype:
            return _datatype(str(o)), False
        if p == SH.lessThanOrEquals:
            return _less_than_or_equals(str(_iri(o).value)), False
        if p == SH.lessThan:
            return _less_than_or_equals(str(_iri(o).value), strictly=True), False
        if p in _RANGES:
            bound = o.value if isinstance(o, Literal) else None
            if isinstance(bound, bool) or not isinstance(bound, int | Decimal | float):
                raise Unsupported(f"{p} with a bound that is no number")
            return _range(Decimal(str(bound)), _RANGES[p]), False
        return self.exact_component(p, o, node), True

    def exact_component(self, p: URIRef, o: Node, node: Node) -> Check:
        if p in (SH.minCount, SH.maxCount, SH.minLength, SH.maxLength):
            return _COUNTS[p](_int(o))
        if p == SH.nodeKind:
            return _node_kind(o)
        if p == SH.pattern:
            if self.g.value(node, SH.flags) is not None:
                raise Unsupported("sh:flags")
            return _pattern(re.compile(str(o)))
        if p == SH["in"]:
            return _in(frozenset(_iri(m) for m in Collection(self.g, o)))
        if p == SH.hasValue:
            return _has_value(_iri(o))
        if p == SH["class"]:
            return _class(str(_iri(o).value))
        raise Unsupported(f"{p}")  # pragma: no cover - _COMPONENTS lists the cases above

    def qualified(self, parts: dict[URIRef, Node], node: Node) -> tuple[Check, bool]:
        if (
            SH.qualifiedValueShape not in parts
            or self.g.value(node, SH.qualifiedValueShapesDisjoint) is not None
        ):
            raise Unsupported("a qualified count without its shape, or disjoint qualified shapes")
        inner = self.shape(parts[SH.qualifiedValueShape])
        low = _int(parts[SH.qualifiedMinCount]) if SH.qualifiedMinCount in parts else 0
        high = _int(parts[SH.qualifiedMaxCount]) if SH.qualifiedMaxCount in parts else None
        if high is not None and not inner.exact:
            raise Unsupported("sh:qualifiedMaxCount of a shape this pass checks only strictly")

        def check(ctx: _Context, _focus: Term, values: list[Term]) -> bool:
            count = sum(1 for v in values if inner.holds(ctx, v))
            return count >= low and (high is None or count <= high)

        return check, inner.exact


def _int(node: Node) -> int:
    value = node.value if isinstance(node, Literal) else None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unsupported(f"{node} is no integer")
    return value


def _iri(node: Node) -> ox.NamedNode:
    if not isinstance(node, URIRef):
        raise Unsupported(f"{node} is no IRI")
    return ox.NamedNode(str(node))


def _min_count(n: int) -> Check:
    return lambda _ctx, _focus, values: len(values) >= n


def _max_count(n: int) -> Check:
    return lambda _ctx, _focus, values: len(values) <= n


def _min_length(n: int) -> Check:
    def check(_ctx: _Context, _focus: Term, values: list[Term]) -> bool:
        return all((t := _text(v)) is not None and len(t) >= n for v in values)

    return check


def _max_length(n: int) -> Check:
    def check(_ctx: _Context, _focus: Term, values: list[Term]) -> bool:
        return all((t := _text(v)) is not None and len(t) <= n for v in values)

    return check


_COUNTS = {
    SH.minCount: _min_count,
    SH.maxCount: _max_count,
    SH.minLength: _min_length,
    SH.maxLength: _max_length,
}


def _datatype(iri: str) -> Check:
    well_typed = _WELL_TYPED.get(iri)
    if well_typed is None:
        raise Unsupported(f"datatype {iri}")

    def check(_ctx: _Context, _focus: Term, values: list[Term]) -> bool:
        return all(
            isinstance(v, ox.Literal) and v.datatype.value == iri and well_typed(v.value) for v in values
        )

    return check


_KINDS: dict[str, tuple[type, ...]] = {
    str(SH.IRI): (ox.NamedNode,),
    str(SH.Literal): (ox.Literal,),
    str(SH.BlankNode): (ox.BlankNode,),
    str(SH.BlankNodeOrIRI): (ox.BlankNode, ox.NamedNode),
    str(SH.BlankNodeOrLiteral): (ox.BlankNode, ox.Literal),
    str(SH.IRIOrLiteral): (ox.NamedNode, ox.Literal),
}


def _node_kind(kind: Node) -> Check:
    allowed = _KINDS.get(str(kind))
    if allowed is None:
        raise Unsupported(f"node kind {kind}")
    return lambda _ctx, _focus, values: all(isinstance(v, allowed) for v in values)


def _pattern(pattern: re.Pattern[str]) -> Check:
    def check(_ctx: _Context, _focus: Term, values: list[Term]) -> bool:
        return all((t := _text(v)) is not None and pattern.search(t) is not None for v in values)

    return check


def _in(members: frozenset[ox.NamedNode]) -> Check:
    return lambda _ctx, _focus, values: all(v in members for v in values)


def _has_value(member: ox.NamedNode) -> Check:
    return lambda _ctx, _focus, values: member in values


def _class(iri: str) -> Check:
    def check(ctx: _Context, _focus: Term, values: list[Term]) -> bool:
        return all(
            not isinstance(v, ox.Literal)
            and any(isinstance(c, ox.NamedNode) and c.value == iri for c in ctx.types(v))
            for v in values
        )

    return check


def _or(shapes: list[_Shape]) -> Check:
    return lambda ctx, _focus, values: all(any(s.holds(ctx, v) for s in shapes) for v in values)


def _not(shape: _Shape) -> Check:
    return lambda ctx, _focus, values: all(not shape.holds(ctx, v) for v in values)


def _less_than_or_equals(other: str, *, strictly: bool = False) -> Check:
    """sh:lessThanOrEquals (sh:lessThan when ``strictly``), on numbers only: anything else is
    left to pySHACL."""

    def check(ctx: _Context, focus: Term, values: list[Term]) -> bool:
        others = ctx.index.get(focus, {}).get(other, [])
        for v in values:
            left = _number(v)
            for w in others:
                right = _number(w)
                if left is None or right is None or left > right or (strictly and left == right):
                    return False
        return True

    return check


_RANGES: dict[URIRef, Callable[[Decimal, Decimal], bool]] = {
    SH.minInclusive: lambda value, bound: value >= bound,
    SH.maxInclusive: lambda value, bound: value <= bound,
    SH.minExclusive: lambda value, bound: value > bound,
    SH.maxExclusive: lambda value, bound: value < bound,
}


def _range(bound: Decimal, holds: Callable[[Decimal, Decimal], bool]) -> Check:
    def check(_ctx: _Context, _focus: Term, values: list[Term]) -> bool:
        return all((n := _number(v)) is not None and holds(n, bound) for v in values)

    return check
