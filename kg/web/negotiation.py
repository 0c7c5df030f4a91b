"""Content negotiation: which media types each kind of answer comes in, and ``Accept`` → one.

The first media type of each table is the default, used when ``Accept`` is absent or ``*/*``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.web.jsonld import compact_jsonld

HTML = "text/html"

RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}

GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/json": ox.RdfFormat.JSON_LD,  # JSON-LD is JSON: a client asking for JSON gets it
}

# a dump of the store may also keep the named graphs apart
DATASET_FORMATS: dict[str, ox.RdfFormat] = {
    **GRAPH_FORMATS,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


@dataclass(frozen=True, slots=True)
class MediaRange:
    """One entry of an ``Accept`` header."""

    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", sub)

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; an absent or unreadable one accepts anything."""
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        ranges.append(MediaRange(kind, sub, _quality(params)))
    return ranges or [MediaRange("*", "*", 1.0)]  # nothing readable: as if absent


def _quality(params: Sequence[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def choose(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers, or None when it accepts none of them.

    Each offer gets the quality of the most specific range that matches it; ties go to the
    earlier offer, so the order of ``offers`` sets the default.

    >>> choose("text/html,*/*;q=0.8", ["text/turtle", "text/html"])
    'text/html'
    >>> choose("*/*", ["text/turtle", "text/html"])
    'text/turtle'
    >>> choose("image/png", ["text/turtle"]) is None
    True
    """
    ranges = parse_accept(accept)
    best: tuple[float, str] | None = None
    for offer in offers:
        matching = [r for r in ranges if r.matches(offer)]
        if not matching:
            continue
        q = max(matching, key=lambda r: (r.specificity, r.q)).q
        if q > 0 and (best is None or q > best[0]):
            best = (q, offer)
    return None if best is None else best[1]


def not_acceptable_message(offers: Sequence[str]) -> str:
    """The body of a 406: what could have been asked for."""
    return "cannot answer in any media type the Accept header allows; available: " + ", ".join(offers)


RESULTS_OFFERS = list(RESULTS_FORMATS)
GRAPH_OFFERS = [
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/x-turtle",
    "text/plain",
    "application/json",
]
DATASET_OFFERS = [*GRAPH_OFFERS[:4], "application/n-quads", "application/trig", *GRAPH_OFFERS[4:]]


def serialize_triples(triples: Iterable[ox.Triple], media_type: str, prefixes: dict[str, str]) -> bytes:
    """``triples`` in the RDF format named by ``media_type`` (one of :data:`GRAPH_FORMATS`)."""
    fmt = GRAPH_FORMATS[media_type]
    grouped = _by_subject(triples)
    if fmt == ox.RdfFormat.JSON_LD:
        return compact_jsonld(grouped, prefixes)
    return bytes(ox.serialize(grouped, format=fmt, prefixes=prefixes) or b"")


def format_iri(fmt: ox.RdfFormat | ox.QueryResultsFormat) -> str:
    """The format's IRI in the W3C's list (https://www.w3.org/ns/formats/), as a service description names it.

    >>> format_iri(ox.RdfFormat.JSON_LD)
    'http://www.w3.org/ns/formats/JSON-LD'
    """
    return _W3C_FORMAT_IRIS.get(fmt.iri, fmt.iri)


# pyoxigraph names JSON-LD by the IRI of the RDF 1.2 draft; the W3C's list says this
_W3C_FORMAT_IRIS = {"https://www.w3.org/ns/formats/data/JSON-LD": "http://www.w3.org/ns/formats/JSON-LD"}

FORMAT_PARAMETERS = ("format", "output", "results")
"""URL parameters that name the format of a SPARQL answer (Virtuoso's ``format``, Joseki's
``output``); SPARQLWrapper sends all three, often with ``Accept: */*``."""

FORMAT_NAMES: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle",),
    "ttl": ("text/turtle",),
    "n3": ("text/turtle",),  # Turtle is N3
    "nt": ("application/n-triples",),
    "ntriples": ("application/n-triples",),
    "n-triples": ("application/n-triples",),
    "json-ld": ("application/ld+json",),
    "jsonld": ("application/ld+json",),
    "rdf": ("application/rdf+xml",),
    "rdf+xml": ("application/rdf+xml",),
    "rdfxml": ("application/rdf+xml",),
}


def accept_for_format(values: Sequence[str]) -> str | None:
    """The ``Accept`` header that ``format=``/``output=`` values stand for, in their order.

    A value is a name of :data:`FORMAT_NAMES` or a media type; None when no value names a
    format this server writes.

    >>> accept_for_format(["json", "application/sparql-results+json"])
    'application/sparql-results+json, application/ld+json'
    >>> accept_for_format(["html"]) is None
    True
    """
    known = set(RESULTS_FORMATS) | set(GRAPH_FORMATS)
    media: list[str] = []
    for value in values:
        name = value.strip().lower()
        media += FORMAT_NAMES.get(name, (name,) if name in known else ())
    return ", ".join(dict.fromkeys(media)) or None


def _by_subject(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples with each subject's together (Turtle then writes each subject once), in first-seen order."""
    groups: dict[object, list[ox.Triple]] = {}
    for t in triples:
        groups.setdefault(t.subject, []).append(t)
    return [t for group in groups.values() for t in group]
