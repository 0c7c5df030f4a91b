"""Compact JSON-LD: one node object per subject, keys and types as prefixed names, a ``@context``.

pyoxigraph writes expanded JSON-LD (full IRIs, every value an object), which a person cannot
read and a script must expand again. Here the ``@context`` declares the prefixes, a node's
properties are ``kg:speaker``-style keys, ``rdf:type`` is ``@type``, and plain strings are plain
JSON strings; any JSON-LD processor expands it back to the same triples.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, namespace in prefixes.items():
        local = iri.removeprefix(namespace)
        if local != iri and local and ":" not in local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return iri


def _node(term: ox.NamedNode | ox.BlankNode, prefixes: dict[str, str]) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else _compact(term.value, prefixes)


def _value(term: object, prefixes: dict[str, str]) -> Any:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return {"@id": _node(term, prefixes)}
    if not isinstance(term, ox.Literal):
        raise TypeError(f"JSON-LD has no form for the term {term!r}")  # a quoted triple
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _compact(term.datatype.value, prefixes)}


def _single(values: Any) -> Any:
    return values[0] if isinstance(values, list) and len(values) == 1 else values


def compact_jsonld(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """``triples`` as compact JSON-LD: ``{"@context": prefixes, "@graph": [node, …]}``."""
    nodes: dict[str, dict[str, Any]] = {}
    for t in triples:
        subject = _node(t.subject, prefixes)  # type: ignore[arg-type]
        node = nodes.setdefault(subject, {"@id": subject})
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(t.object.value, prefixes))
        else:
            key = _compact(t.predicate.value, prefixes)
            node.setdefault(key, []).append(_value(t.object, prefixes))
    graph = [{k: _single(v) for k, v in node.items()} for node in nodes.values()]
    document = {"@context": dict(sorted(prefixes.items())), "@graph": graph}
    return json.dumps(document, ensure_ascii=False, indent=1).encode()
