"""The W3C SPARQL 1.1 Protocol tests (rdf-tests/sparql/sparql11/protocol), request by request, against a live server.

Each test starts from a store holding just the graphs it names (``ut:graphData``). The tests
send updates without credentials, as to an open endpoint; NewsKG takes updates only with its
write token (SECURITY.md), so every request here carries it: what the suite checks is the
protocol, not who may write.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import suite
from helpers_web import WRITE_TOKEN

pytestmark = pytest.mark.slow

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json"},
}


def reset(client: httpx.Client, case: suite.Case) -> None:
    headers = {**AUTH, "Content-Type": "application/sparql-update"}
    r = client.post("/sparql", content=suite.insert_data(case.graphs), headers=headers)
    assert r.status_code == 204, r.text


def check(response: httpx.Response, expected: suite.Request) -> None:
    assert f"{response.status_code // 100}xx" in expected.statuses, (response.status_code, response.text)
    if not expected.result_format:
        return
    media = response.headers.get("content-type", "").split(";")[0].strip()
    assert media in FORMATS[expected.result_format], media
    if expected.boolean is not None:
        answer = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(media))
        assert isinstance(answer, ox.QueryBoolean)
        assert bool(answer) is expected.boolean


CASES = suite.protocol_cases()


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_protocol(server: httpx.Client, case: suite.Case) -> None:
    reset(server, case)
    for request in case.requests:
        response = server.request(
            request.method, request.path, content=request.body, headers={**request.headers, **AUTH}
        )
        check(response, request)


def test_every_protocol_test_runs() -> None:
    assert len(CASES) == 34
    assert Path(suite.SUITE / "protocol" / "manifest.ttl").is_file()
