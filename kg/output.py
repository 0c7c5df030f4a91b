"""Write graphs to files atomically, in the format the file name's extension asks for.

The file is written next to its destination under a temporary name and renamed into place,
so a run that is killed leaves the old file whole, never half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.store import graph_quads
from kg.vocab import PREFIXES

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML,
}
_DATASET_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)


def output_format(path: Path) -> ox.RdfFormat:
    """The RDF format of an output file, from its extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(FORMATS)
        raise InputError(str(path), f"unknown output format {path.suffix or '(none)'!r}; use one of {known}")
    return fmt


def write_documents(path: Path, documents: Iterable[tuple[str, object]]) -> int:
    """Write (document IRI, rdflib graph) pairs to ``path``; returns the number of triples.

    TriG and N-Quads keep one named graph per document; the others (JSON-LD too, so that
    any JSON-LD reader sees the triples in its default graph) get the union of the triples.
    """
    fmt = output_format(path)
    quads = [q for iri, graph in documents for q in graph_quads(graph, iri)]  # type: ignore[arg-type]
    if fmt in _DATASET_FORMATS:
        items: list[ox.Quad] | list[ox.Triple] = quads
    else:
        items = list(dict.fromkeys(q.triple for q in quads))
    data = ox.serialize(items, format=fmt, prefixes=PREFIXES) or b""
    write_atomically(path, data)
    return len(items)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename; the old file stays whole until then."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
