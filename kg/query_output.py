"""Print SPARQL results for ``kg query``: a table for people, JSON or CSV for programs."""

from __future__ import annotations

from typing import IO

import pyoxigraph as ox

from kg.store import QueryResult
from kg.vocab import PREFIXES

_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV}


def print_results(results: QueryResult, fmt: str, out: IO[str]) -> None:
    """Write ``results`` (solutions, a boolean or triples, from any store) to ``out`` as ``fmt``.

    A graph (CONSTRUCT, DESCRIBE) is written as Turtle whatever ``fmt``.
    """
    if isinstance(results, ox.QueryTriples):
        data = ox.serialize(results, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
        out.write(data.decode())
        return
    if fmt in _RESULT_FORMATS:
        data = results.serialize(format=_RESULT_FORMATS[fmt]) or b""
        out.write(data.decode())
        if fmt == "json":
            out.write("\n")
        return
    if isinstance(results, ox.QueryBoolean):
        out.write(f"{'yes' if bool(results) else 'no'}\n")
        return
    _table(results, out)


def _table(solutions: ox.QuerySolutions, out: IO[str]) -> None:
    names = [v.value for v in solutions.variables]
    rows = [[_cell(row[n]) for n in names] for row in solutions]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    out.write("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def _cell(term: object) -> str:
    """A value as a person reads it: IRIs in the well-known namespaces as prefixed names."""
    if term is None:
        return ""
    value = str(getattr(term, "value", term))
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if value.startswith(namespace) and value != namespace:
                return f"{prefix}:{value[len(namespace) :]}"
    return " ".join(value.split())
