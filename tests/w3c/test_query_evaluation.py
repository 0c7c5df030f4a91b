"""The W3C SPARQL 1.1 query evaluation tests, against a live server, through the protocol.

The server's store holds every data file of the suite as a named graph named by the file's
IRI; each query names its dataset with ``default-graph-uri`` and ``named-graph-uri`` (a
graph that holds nothing where the test gives none), or with its own ``FROM``. The tests
that pyoxigraph fails by itself are expected failures, each with its upstream issue
(engine_failures.toml); strict, so that a fixed one is noticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import compare
import httpx
import pyoxigraph as ox
import pytest
import suite
from helpers_web import live_server

from kg.store import LocalStore

pytestmark = pytest.mark.slow

KINDS = {"QueryEvaluationTest", "CSVResultFormatTest", "NegativeSyntaxTest11"}
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    tmp = tmp_path_factory.mktemp("query-suite")
    store = LocalStore(tmp / "store")
    for iri in suite.data_files(suite.QUERY_DIRECTORIES):
        name = ox.NamedNode(iri)
        store.oxigraph.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in suite.triples_of(iri))
    store.oxigraph.flush()
    del store  # the server takes the store's lock
    with (
        live_server(tmp, tmp / "store", cli=True) as live,
        httpx.Client(base_url=live.url, timeout=60) as client,
    ):
        yield client


def dataset(case: suite.Case, query: str) -> dict[str, list[str]]:
    """The protocol's dataset for the test: its own files, and nothing else."""
    if compare.FROM.search(query):
        return {}  # the query names its dataset itself
    return {
        "default-graph-uri": list(case.data) or [suite.EMPTY_GRAPH],
        "named-graph-uri": [name for _, name in case.graphs] or [suite.EMPTY_GRAPH],
    }


def run(client: httpx.Client, case: suite.Case, accept: str = ACCEPT) -> httpx.Response:
    query = suite.with_base(case.action)
    form = {"query": query, **dataset(case, query)}
    return client.post("/sparql", data=form, headers={"Accept": accept})


def answer_of(response: httpx.Response) -> bool | tuple[tuple[str, ...], list[compare.Row]] | list[ox.Quad]:
    media = response.headers["content-type"].split(";")[0]
    if media == "application/n-triples":
        return list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    result = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(media))
    assert isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
    return compare.solutions_rows(result)


def params() -> list[object]:
    known = suite.engine_failures()
    found = []
    for case in suite.cases(suite.QUERY_DIRECTORIES, KINDS):
        failure = known.get(case.id)
        marks = (
            [pytest.mark.xfail(strict=True, reason=f"{failure['issue']}: {failure['why']}")]
            if failure
            else []
        )
        found.append(pytest.param(case, id=case.id, marks=marks))
    return found


@pytest.mark.parametrize("case", params())
def test_query(server: httpx.Client, case: suite.Case) -> None:
    if case.kind == "NegativeSyntaxTest11":
        response = run(server, case)
        assert response.status_code == 400, response.text
        return
    if case.kind == "CSVResultFormatTest":
        response = run(server, case, accept="text/csv")
        assert response.status_code == 200, response.text
        assert compare.same_csv(response.text, suite.path_of(case.result).read_text(encoding="utf-8"))
        return
    response = run(server, case)
    assert response.status_code == 200, response.text
    actual, expected_file = answer_of(response), suite.path_of(case.result)
    if expected_file.suffix in compare.GRAPH_FORMATS:
        expected = compare.expected_graph(expected_file, case.result)
        solutions = compare.result_set(expected)
        if solutions is None:
            assert isinstance(actual, list)
            assert compare.same_graphs(actual, expected), sorted(map(str, actual))
            return
    else:
        solutions = compare.expected_results(expected_file)
    assert not isinstance(actual, list)
    expected_answer = solutions
    assert compare.same_solutions(actual, expected_answer, suite.read_text(case.action)), (
        actual,
        expected_answer,
    )


def test_the_suite_is_all_there() -> None:
    assert len(suite.cases(suite.QUERY_DIRECTORIES, KINDS)) == 244
    assert Path(suite.SUITE / "aggregates" / "manifest.ttl").is_file()
