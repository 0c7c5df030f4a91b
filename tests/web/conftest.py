"""Fixtures for the HTTP tests: the sample document in a store, settings, a TestClient."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from kg.config import Settings
from kg.store import LocalStore
from kg.web.app import create_app

# the test modules import their shared helpers by name, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).parent))

from helpers_web import SAMPLE, load_sample, make_settings


@pytest.fixture(scope="module")
def sample_graph() -> Graph:
    return Graph().parse(SAMPLE, format="turtle")


@pytest.fixture(scope="module")
def store() -> LocalStore:
    return load_sample(LocalStore())


@pytest.fixture(scope="module")
def settings() -> Settings:
    return make_settings()


@pytest.fixture(scope="module")
def client(store: LocalStore, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store, settings)) as test_client:
        yield test_client
