"""The OpenAPI description, and schemathesis checking that no generated request is a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from helpers_web import load_sample, make_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from kg.store import LocalStore
from kg.web.app import create_app


@schemathesis.serializer(
    "application/sparql-query",
    "application/sparql-update",
    "application/n-triples",
    "text/turtle",
    "text/html",
)
def _sparql_text(ctx: object, value: object) -> bytes:
    return str(value).encode()


app = create_app(load_sample(LocalStore()), make_settings(query_timeout_s=2.0))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


def test_openapi_lists_the_paths(client: TestClient) -> None:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in [
        "/sparql",
        "/id/actor/{key}",
        "/id/statement/{doc_id}/{key}",
        "/graph",
        "/ontology",
        "/shapes",
        "/.well-known/void",
        "/",
        "/query",
        "/timeline",
        "/network",
    ]:
        assert path in paths
    assert "application/sparql-query" in paths["/sparql"]["post"]["requestBody"]["content"]


@pytest.fixture(scope="module", autouse=True)
def _running_app():
    with TestClient(app):  # start the query workers once; stop them after the module
        yield


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])
