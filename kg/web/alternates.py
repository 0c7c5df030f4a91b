"""What every HTML page offers beside itself: its RDF alternates, as links and as downloads.

Each page puts them in its ``<head>`` (``<link rel="alternate" type=… href=…>``, so a crawler
or a linked-data client finds the data behind the page) and in a "Download" list at its foot.
The links go to ``/export`` (:mod:`kg.web.export`), which answers in the format its ``format``
parameter names, as an attachment: a browser needs no ``Accept`` header to download them.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

FORMATS = {  # the export's format name → (media type, file extension, what a person calls it)
    "turtle": ("text/turtle", "ttl", "Turtle"),
    "jsonld": ("application/ld+json", "jsonld", "JSON-LD"),
    "ntriples": ("application/n-triples", "nt", "N-Triples"),
    "rdfxml": ("application/rdf+xml", "rdf", "RDF/XML"),
    "trig": ("application/trig", "trig", "TriG"),
    "nquads": ("application/n-quads", "nq", "N-Quads"),
    "csv": ("text/csv", "csv", "CSV"),
    "json": ("application/sparql-results+json", "json", "SPARQL JSON"),
}
GRAPH_FORMATS = ("turtle", "jsonld", "ntriples", "rdfxml")


@dataclass(frozen=True, slots=True)
class Alternate:
    """One alternate: its media type, the link's text and where it goes."""

    media: str
    text: str
    href: str


def export_links(
    what: str, params: dict[str, str], formats: tuple[str, ...] = GRAPH_FORMATS
) -> list[Alternate]:
    """Links to ``/export`` for ``params`` in each of ``formats``, described as ``what``."""
    return [
        Alternate(FORMATS[f][0], f"{what} ({FORMATS[f][2]})", "/export?" + urlencode({**params, "format": f}))
        for f in formats
    ]


def resource_alternates(iri: str, *, document: bool = False) -> list[Alternate]:
    """A resource's description; for a document, also its whole graph (as TriG and N-Quads too)."""
    links = export_links("this resource", {"iri": iri})
    if document:
        links += export_links("the document's graph", {"graph": iri}, (*GRAPH_FORMATS, "trig", "nquads"))
    return links


def query_alternates(what: str, construct: str, select: str) -> list[Alternate]:
    """What a page shows, as the RDF of a CONSTRUCT query and as a table (CSV) of a SELECT query."""
    return export_links(what, {"query": construct}, ("turtle", "jsonld")) + export_links(
        what, {"query": select}, ("csv",)
    )


def dataset_alternates() -> list[Alternate]:
    """The whole dataset, and its VoID description."""
    void = Alternate("text/turtle", "dataset description (VoID, Turtle)", "/.well-known/void")
    return [void, *export_links("the whole graph", {}, ("turtle", "trig", "nquads", "ntriples"))]
