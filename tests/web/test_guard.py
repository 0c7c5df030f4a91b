"""The guard: SERVICE allowlist, LOAD, file: IRIs, the write token; bad SPARQL is a 400."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.web.guard import Forbidden, check_request, check_write_access, features

ALLOWED = "https://query.wikidata.org/sparql"


def test_service_in_the_allowlist_passes() -> None:
    query = f"SELECT * WHERE {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}"
    check_request(query, allowlist=(ALLOWED,), is_update=False)


def test_service_behind_a_prefix_is_resolved() -> None:
    query = "PREFIX w: <https://query.wikidata.org/> SELECT * WHERE { SERVICE w:sparql { ?s ?p ?o } }"
    assert features(query).services == [ALLOWED]
    check_request(query, allowlist=(ALLOWED,), is_update=False)


def test_service_relative_to_base() -> None:
    query = "BASE <https://query.wikidata.org/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }"
    assert features(query).services == [ALLOWED]


@pytest.mark.parametrize(
    "text",
    [
        "# SERVICE <http://x/>\nSELECT * WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s ?p 'SERVICE <http://x/>' }",
        'SELECT * WHERE { ?s ?p """multi\nSERVICE <http://x/>""" }',
    ],
)
def test_service_in_comments_and_strings_is_ignored(text: str) -> None:
    assert features(text).services == []


def test_file_iri_in_an_allowlisted_service_is_refused() -> None:
    with pytest.raises(Forbidden, match="file:"):
        check_request(
            "SELECT * WHERE { SERVICE <file:///x> { ?s ?p ?o } }", allowlist=("file:///x",), is_update=False
        )


def test_load_is_refused() -> None:
    with pytest.raises(Forbidden, match="LOAD"):
        check_request("load <http://x/data.ttl>", allowlist=(), is_update=True)


@pytest.mark.parametrize(
    ("header", "token"),
    [(None, "t"), ("Bearer x", "t"), ("Basic t", "t"), ("Bearer t", None), ("Bearer t", "")],
)
def test_write_access_refused(header: str | None, token: str | None) -> None:
    with pytest.raises(Forbidden):
        check_write_access(header, token)


def test_write_access_granted() -> None:
    check_write_access("Bearer t0ken", "t0ken")
    check_write_access("bearer t0ken", "t0ken")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_bad_sparql_is_a_client_error(client: TestClient, query: str) -> None:
    status = client.get("/sparql", params={"query": query}).status_code
    assert status in {200, 400, 403}


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_features_never_raises(text: str) -> None:
    features(text)
