"""Does an answer equal the suite's expected result? Solutions, booleans, graphs and CSV, blank nodes up to renaming.

Terms are compared as RDF terms (lexical forms and datatypes), as the W3C's own harnesses do:
``"1.0"^^xsd:decimal`` is not ``"1"^^xsd:decimal``. Solutions are compared as multisets,
and in order as well when the query has ``ORDER BY``. Graphs are compared after RDF
canonicalization (pyoxigraph's), so blank node labels never matter.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path

import pyoxigraph as ox

Row = tuple[Hashable, ...]

RESULT_FORMATS = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".rdf": ox.RdfFormat.RDF_XML, ".nt": ox.RdfFormat.N_TRIPLES}
ORDERED = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
FROM = re.compile(r"\bFROM\b", re.IGNORECASE)


def solutions_rows(
    result: ox.QuerySolutions | ox.QueryBoolean,
) -> bool | tuple[tuple[str, ...], list[Row]]:
    """A boolean, or (variables, rows of terms with None where unbound)."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    names = tuple(v.value for v in result.variables)
    return names, [tuple(solution[n] for n in names) for solution in result]


def expected_results(path: Path) -> bool | tuple[tuple[str, ...], list[Row]]:
    result = ox.parse_query_results(path=path, format=RESULT_FORMATS[path.suffix])
    assert isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
    return solutions_rows(result)


def _is_bnode(value: object) -> bool:
    return isinstance(value, ox.BlankNode) or (isinstance(value, str) and value.startswith("_:"))


def same_rows(actual: Sequence[Row], expected: Sequence[Row], *, ordered: bool = False) -> bool:
    """Equal as multisets (and as sequences when ``ordered``), up to a bijection of blank nodes."""
    if len(actual) != len(expected):
        return False
    if not any(_is_bnode(v) for row in [*actual, *expected] for v in row):
        return list(actual) == list(expected) if ordered else Counter(actual) == Counter(expected)
    return _match(list(actual), list(expected), {}, ordered)


def _match(actual: list[Row], expected: list[Row], mapping: dict[Hashable, Hashable], ordered: bool) -> bool:
    """Match ``expected[0]`` with some row of ``actual`` (the first, when ``ordered``), then the rest."""
    if not expected:
        return True
    head, rest = expected[0], expected[1:]
    for i in [0] if ordered else range(len(actual)):
        extended = _unify(actual[i], head, mapping)
        if extended is not None and _match(actual[:i] + actual[i + 1 :], rest, extended, ordered):
            return True
    return False


def _unify(row: Row, target: Row, mapping: dict[Hashable, Hashable]) -> dict[Hashable, Hashable] | None:
    extended = dict(mapping)
    used = set(extended.values())
    for value, wanted in zip(row, target, strict=True):
        if _is_bnode(value) and _is_bnode(wanted):
            if value in extended:
                if extended[value] != wanted:
                    return None
            elif wanted in used:
                return None
            else:
                extended[value] = wanted
                used.add(wanted)
        elif value != wanted:
            return None
    return extended


def same_solutions(
    actual: bool | tuple[tuple[str, ...], list[Row]],
    expected: bool | tuple[tuple[str, ...], list[Row]],
    query: str,
) -> bool:
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual == expected
    (names, rows), (wanted_names, wanted_rows) = actual, expected
    if set(names) != set(wanted_names):
        return False
    order = [names.index(n) for n in wanted_names]
    rows = [tuple(row[i] for i in order) for row in rows]
    return same_rows(rows, wanted_rows, ordered=bool(ORDERED.search(query)))


RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"


def result_set(quads: Sequence[ox.Quad]) -> bool | tuple[tuple[str, ...], list[Row]] | None:
    """The solutions an expected result written as an ``rs:ResultSet`` graph holds; None for another graph."""
    store = ox.Store()
    store.extend(quads)
    query = f"PREFIX rs: <{RS}> SELECT ?set ?boolean WHERE {{ ?set a rs:ResultSet OPTIONAL {{ ?set rs:boolean ?boolean }} }}"
    found = list(store.query(query))  # type: ignore[arg-type]
    if not found:
        return None
    if found[0]["boolean"] is not None:
        return found[0]["boolean"].value == "true"
    names = tuple(
        sorted(
            r["v"].value for r in store.query(f"PREFIX rs: <{RS}> SELECT ?v {{ ?s rs:resultVariable ?v }}")
        )
    )  # type: ignore[union-attr]
    rows: dict[object, dict[str, object]] = {}
    bindings = f"PREFIX rs: <{RS}> SELECT ?solution ?var ?value {{ ?x rs:solution ?solution . OPTIONAL {{ ?solution rs:binding [ rs:variable ?var ; rs:value ?value ] }} }}"
    for row in store.query(bindings):  # type: ignore[union-attr]
        values = rows.setdefault(row["solution"], {})
        if row["var"] is not None:
            values[row["var"].value] = row["value"]
    return names, [tuple(values.get(n) for n in names) for values in rows.values()]


def canonical(quads: Sequence[ox.Quad]) -> set[ox.Quad]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def same_graphs(actual: Sequence[ox.Quad], expected: Sequence[ox.Quad]) -> bool:
    return canonical(actual) == canonical(expected)


def expected_graph(path: Path, base_iri: str) -> list[ox.Quad]:
    return list(ox.parse(path=path, format=GRAPH_FORMATS[path.suffix], base_iri=base_iri))


def csv_rows(text: str) -> tuple[list[str], list[Row]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], [tuple(row) for row in rows[1:]]


def same_csv(actual: str, expected: str) -> bool:
    (names, rows), (wanted_names, wanted_rows) = csv_rows(actual), csv_rows(expected)
    return names == wanted_names and same_rows(rows, wanted_rows)
