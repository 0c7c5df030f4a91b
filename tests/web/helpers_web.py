"""Shared by the web tests: the sample data, its IRIs, settings, and loading it into a store."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.config import Settings
from kg.store import GraphStore

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample.ttl"
BASE = "https://w3id.org/newskg/"
DOC = BASE + "id/document/seed-000"
HEZBOLLAH = BASE + "id/actor/hezbollah"
WRITE_TOKEN = "s3cret-token-for-tests"


def make_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "ontology_dir": DATA / "ontology",
        "shapes_dir": DATA / "shapes",
        "query_timeout_s": 10.0,
        "query_workers": 2,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def load_sample(store: GraphStore) -> GraphStore:
    """Put the sample document into ``store`` as its own named graph."""
    store.put_document(DOC, Graph().parse(SAMPLE, format="turtle"))
    return store
