"""The vendored W3C SPARQL 1.1 tests (rdf-tests/, see its README): their manifests read as test records.

Every file of the suite is named by the IRI it has in the W3C's own tests,
``http://www.w3.org/2009/sparql/docs/tests/data-sparql11/<directory>/<file>``: the manifests
resolve against it, the data files are parsed with it as base, and a query or update is sent
with ``BASE <its IRI>`` first, so relative IRIs mean what the suite means by them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).parent
SUITE = HERE / "rdf-tests" / "sparql" / "sparql11"
W3C_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
EMPTY_GRAPH = "urn:x-newskg-test:empty"  # named by no test: a dataset part that holds nothing

QUERY_DIRECTORIES = [
    "aggregates", "bind", "bindings", "cast", "construct", "exists", "functions", "grouping",
    "negation", "project-expression", "property-path", "subquery", "csv-tsv-res", "json-res",
]  # fmt: skip
UPDATE_DIRECTORIES = [
    "add", "basic-update", "clear", "copy", "delete-data", "delete-insert", "delete-where", "delete",
    "drop", "move", "update-silent",
]  # fmt: skip
DATA_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
PREFIXES = f"""
PREFIX mf: <{MF}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX qt: <http://www.w3.org/2001/sw/DataAccess/tests/test-query#>
PREFIX ut: <http://www.w3.org/2009/sparql/tests/test-update#>
PREFIX dawgt: <http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ht: <http://www.w3.org/2011/http#>
PREFIX cnt: <http://www.w3.org/2011/content#>
"""


def path_of(iri: str) -> Path:
    """The vendored file that the suite names ``iri``."""
    if not iri.startswith(W3C_BASE):
        raise ValueError(f"not a file of the suite: {iri}")
    return SUITE / iri.removeprefix(W3C_BASE)


def iri_of(path: Path) -> str:
    return W3C_BASE + path.relative_to(SUITE).as_posix()


def read_text(iri: str) -> str:
    return path_of(iri).read_text(encoding="utf-8")


def with_base(iri: str) -> str:
    """The query or update in file ``iri``, with the file as its base IRI (its own BASE still wins)."""
    return f"BASE <{iri}>\n{read_text(iri)}"


def triples_of(iri: str) -> list[ox.Triple]:
    """The triples of the data file ``iri``."""
    path = path_of(iri)
    return [q.triple for q in ox.parse(path=path, format=DATA_SUFFIXES[path.suffix], base_iri=iri)]


def data_files(directories: list[str]) -> list[str]:
    """The IRIs of the RDF files (data and expected graphs) in ``directories``."""
    return [
        iri_of(path)
        for directory in directories
        for path in sorted((SUITE / directory).iterdir())
        if path.suffix in DATA_SUFFIXES and path.name != "manifest.ttl"
    ]


def insert_data(graphs: Sequence[tuple[str, str]], default: Sequence[str] = ()) -> str:
    """The update that empties the store and writes the given files into it."""
    blocks = [" ".join(str(t) + " ." for t in triples_of(f)) for f in default]
    for file, name in graphs:
        triples = " ".join(str(t) + " ." for t in triples_of(file))
        blocks.append(f"GRAPH {ox.NamedNode(name)} {{ {triples} }}")
    return "DROP ALL ; INSERT DATA { " + " ".join(blocks) + " }"


def _manifest(directory: str) -> ox.Store:
    store = ox.Store()
    iri = f"{W3C_BASE}{directory}/manifest.ttl"
    store.load(path=path_of(iri), format=ox.RdfFormat.TURTLE, base_iri=iri)
    return store


def _select(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(PREFIXES + query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


ENTRIES = """
SELECT ?test ?type ?name WHERE {
  ?manifest mf:entries/rdf:rest*/rdf:first ?test .
  ?test a ?type ; mf:name ?name .
  FILTER NOT EXISTS { ?test dawgt:approval dawgt:Withdrawn }
  FILTER NOT EXISTS { ?test dawgt:approval dawgt:Rejected }
}
"""


@dataclass(frozen=True)
class Request:
    """One HTTP request of a protocol test, and what its response must be."""

    method: str
    path: str  # from /sparql on
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[str]  # "2xx", "4xx", ...
    result_format: str = ""  # "boolean", "tabular" or "RDF"
    boolean: bool | None = None


@dataclass(frozen=True)
class Case:
    """One test of the suite, as the test functions take it."""

    iri: str
    kind: str  # the local name of its mf: type
    name: str
    action: str = ""  # the query or update file
    data: tuple[str, ...] = ()  # files of the default graph
    graphs: tuple[tuple[str, str], ...] = ()  # (file, graph name) of the named graphs
    result: str = ""  # the expected results file (queries)
    result_data: tuple[str, ...] = ()  # expected default graph (updates)
    result_graphs: tuple[tuple[str, str], ...] = ()  # expected named graphs (updates)
    requests: tuple[Request, ...] = field(default=(), compare=False)  # protocol tests

    @property
    def id(self) -> str:
        directory, _, local = self.iri.removeprefix(W3C_BASE).partition("/manifest#")
        return f"{directory}/{local}"


def _values(store: ox.Store, subject: str, path: str) -> list[str]:
    return [r["v"] for r in _select(store, f"SELECT ?v WHERE {{ <{subject}> {path} ?v }} ORDER BY ?v")]


def _graph_pairs(store: ox.Store, node: str, path: str) -> tuple[tuple[str, str], ...]:
    query = f"""SELECT ?file ?name WHERE {{ <{node}> {path} ?g . ?g ut:graph ?file .
        OPTIONAL {{ ?g rdfs:label ?label }} BIND(COALESCE(?label, STR(?file)) AS ?name) }} ORDER BY ?name"""
    return tuple((r["file"], r["name"]) for r in _select(store, query))


def cases(directories: list[str], kinds: set[str]) -> list[Case]:
    """The tests of ``kinds`` (local names of their mf: types) in ``directories``, by IRI."""
    found: list[Case] = []
    for directory in directories:
        store = _manifest(directory)
        for row in _select(store, ENTRIES):
            kind = row["type"].rsplit("#", 1)[-1]
            if kind in kinds:
                found.append(_case(store, row["test"], kind, row["name"]))
    return sorted(found, key=lambda case: case.iri)


def _case(store: ox.Store, test: str, kind: str, name: str) -> Case:
    if kind == "NegativeSyntaxTest11":
        return Case(test, kind, name, action=_values(store, test, "mf:action")[0])
    if kind == "UpdateEvaluationTest":
        return _update_case(store, test, kind, name)
    query = f"""SELECT ?query ?result WHERE {{ <{test}> mf:action ?a . ?a qt:query ?query .
        OPTIONAL {{ <{test}> mf:result ?result }} }}"""
    row = _select(store, query)[0]
    return Case(
        test,
        kind,
        name,
        action=row["query"],
        data=tuple(_values(store, test, "mf:action/qt:data")),
        graphs=tuple((g, g) for g in _values(store, test, "mf:action/qt:graphData")),
        result=row.get("result", ""),
    )


def _update_case(store: ox.Store, test: str, kind: str, name: str) -> Case:
    return Case(
        test,
        kind,
        name,
        action=_values(store, test, "mf:action/ut:request")[0],
        data=tuple(_values(store, test, "mf:action/ut:data")),
        graphs=_graph_pairs(store, test, "mf:action/ut:graphData"),
        result_data=tuple(_values(store, test, "mf:result/ut:data")),
        result_graphs=_graph_pairs(store, test, "mf:result/ut:graphData"),
    )


def engine_failures() -> dict[str, dict[str, str]]:
    """The tests pyoxigraph fails by itself, by test id, with the upstream issue and what goes wrong."""
    with (HERE / "engine_failures.toml").open("rb") as file:
        return {key: dict(value) for key, value in tomllib.load(file).items()}


HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _one(store: ox.Store, node: ox.NamedNode | ox.BlankNode, predicate: str) -> Term | None:
    for quad in store.quads_for_pattern(node, ox.NamedNode(predicate), None):
        return quad.object
    return None


def _all(store: ox.Store, node: ox.NamedNode | ox.BlankNode, predicate: str) -> list[Term]:
    return [q.object for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None)]


def _items(store: ox.Store, head: Term | None) -> list[Term]:
    """The members of an RDF list, in order."""
    items = []
    while isinstance(head, ox.BlankNode | ox.NamedNode) and head.value != RDF + "nil":
        first = _one(store, head, RDF + "first")
        if first is None:
            break
        items.append(first)
        head = _one(store, head, RDF + "rest")
    return items


def _request(store: ox.Store, node: ox.BlankNode) -> Request:
    headers = {}
    for header in _items(store, _one(store, node, HT + "headers")):
        assert isinstance(header, ox.BlankNode)
        name, value = _one(store, header, HT + "fieldName"), _one(store, header, HT + "fieldValue")
        assert name is not None and value is not None
        headers[name.value] = value.value
    body = None
    content = _one(store, node, HT + "body")
    if isinstance(content, ox.BlankNode):
        chars, encoding = _one(store, content, CNT + "chars"), _one(store, content, CNT + "characterEncoding")
        assert chars is not None
        body = chars.value.encode(encoding.value if encoding is not None else "utf-8")
    response = _one(store, node, HT + "resp")
    assert isinstance(response, ox.BlankNode)
    statuses = frozenset(
        s.value.rsplit("StatusCode", 1)[-1] for s in _all(store, response, MF + "expectedStatus")
    )
    result_format, boolean = (
        _one(store, response, MF + "expectedFormat"),
        _one(store, response, MF + "expectedBoolean"),
    )
    method, path = _one(store, node, HT + "methodName"), _one(store, node, HT + "absolutePath")
    assert method is not None and path is not None
    return Request(
        method=method.value,
        path="/sparql" + path.value.removeprefix("/sparql/"),
        headers=headers,
        body=body,
        statuses=statuses,
        result_format=result_format.value if result_format is not None else "",
        boolean=None if boolean is None else boolean.value == "true",
    )


def protocol_cases() -> list[Case]:
    """The protocol tests: their requests, in order, and the graphs they expect to find."""
    store = _manifest("protocol")
    found = []
    for row in _select(store, ENTRIES):
        test = ox.NamedNode(row["test"])
        connection = _one(store, test, MF + "action")
        assert isinstance(connection, ox.BlankNode)
        requests = [_request(store, r) for r in _items(store, _one(store, connection, HT + "requests"))]
        graphs = _graph_pairs(store, row["test"], "ut:graphData")
        found.append(Case(row["test"], "ProtocolTest", row["name"], graphs=graphs, requests=tuple(requests)))
    return sorted(found, key=lambda case: case.iri)
