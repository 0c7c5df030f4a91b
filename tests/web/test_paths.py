"""No path under /id/ or /graph reaches the file system: every name is an IRI looked up in the store."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

ATTEMPTS = [
    "/id/../../../../etc/passwd",
    "/id/actor/../../../../etc/passwd",
    "/id/actor/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/id/actor/..%2f..%2f..%2fetc%2fpasswd",
    "/id/actor/%252e%252e%252fetc%252fpasswd",
    "/id/actor/....//....//etc/passwd",
    "/id/file:/etc/passwd",
    "/id/actor/C:%5cWindows%5cwin.ini",
    "/id/actor/%00../../etc/passwd",
    "/id/actor/pyproject.toml",
    "/id/document/../../pyproject.toml",
]
SECRETS = ("root:x:0:0", "[project]", "[fonts]")


@pytest.mark.parametrize("path", ATTEMPTS)
def test_traversal_under_id_finds_nothing(client: TestClient, path: str) -> None:
    for accept in ("text/html", "text/turtle"):
        r = client.get(path, headers={"Accept": accept})
        assert r.status_code in (400, 404), (path, r.status_code)
        assert not any(secret in r.text for secret in SECRETS)


@pytest.mark.parametrize(
    "graph", ["file:///etc/passwd", "/etc/passwd", "../../pyproject.toml", "file:pyproject.toml", "\x00"]
)
def test_graph_parameter_names_a_graph_never_a_file(client: TestClient, graph: str) -> None:
    r = client.get("/graph", params={"graph": graph}, headers={"Accept": "application/n-triples"})
    assert r.status_code in (200, 400, 404)
    assert not any(secret in r.text for secret in SECRETS)
    if r.status_code == 200:
        assert r.text.strip() == ""  # no stored graph has that name: an empty graph
