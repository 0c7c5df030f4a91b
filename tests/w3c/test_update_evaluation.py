"""The W3C SPARQL 1.1 Update evaluation tests, against a live server, through the protocol.

Each test writes its starting dataset with one update (``DROP ALL``, then ``INSERT DATA``),
sends the test's update with the write token, and reads the whole store back from ``/graph``
as N-Quads, the one read that shows the store's own default graph apart from the named
graphs. Updates that ``LOAD`` are refused by design (SECURITY.md); those tests check the
refusal and are reported as skipped.
"""

from __future__ import annotations

import compare
import httpx
import pyoxigraph as ox
import pytest
import suite
from helpers_web import WRITE_TOKEN

pytestmark = pytest.mark.slow

KINDS = {"UpdateEvaluationTest", "NegativeSyntaxTest11"}
HEADERS = {"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": "application/sparql-update"}


def expected_quads(default: tuple[str, ...], graphs: tuple[tuple[str, str], ...]) -> list[ox.Quad]:
    quads = [ox.Quad(t.subject, t.predicate, t.object) for f in default for t in suite.triples_of(f)]
    for file, name in graphs:
        quads += [
            ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name)) for t in suite.triples_of(file)
        ]
    return quads


def stored(client: httpx.Client) -> list[ox.Quad]:
    response = client.get("/graph", headers={"Accept": "application/n-quads"})
    assert response.status_code == 200
    return list(ox.parse(response.content, format=ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.id) for c in suite.cases(suite.UPDATE_DIRECTORIES, KINDS)]
)
def test_update(server: httpx.Client, case: suite.Case) -> None:
    start = suite.insert_data(case.graphs, case.data)
    assert server.post("/sparql", content=start, headers=HEADERS).status_code == 204
    before = stored(server)
    update = suite.with_base(case.action)
    response = server.post("/sparql", content=update, headers=HEADERS)
    if case.kind == "NegativeSyntaxTest11":
        assert response.status_code == 400, response.text
        assert compare.same_graphs(stored(server), before)
        return
    if "LOAD" in suite.read_text(case.action).upper():
        assert response.status_code == 403, response.text
        pytest.skip("LOAD is refused by design (SECURITY.md)")
    assert response.status_code == 204, response.text
    expected = expected_quads(case.result_data, case.result_graphs)
    assert compare.same_graphs(stored(server), expected), sorted(map(str, stored(server)))
