"""NewsKG: English news articles in, a validated knowledge graph out. The public Python API.

Reading and building:
    ``Settings``, ``get_settings``  the configuration (``KG_*`` variables)
    ``Article``                     one article: its text and what is known about it
    ``read_inputs``                 articles from files, JSONL, directories or stdin, and bad inputs as values
    ``Pipeline``                    spaCy, the rules and the shapes, loaded once; ``build_article``
    ``Built``, ``Refused``          what became of an article: its graph, or why there is none
    ``Outcome``                     ``Built | Refused``
    ``DocumentGraph``               a document's IRI and its triples (pyoxigraph quads)
    ``ValidationReport``, ``Violation``  a SHACL report and one of its failures
    ``build``, ``BuildOptions``, ``BuildSummary``  what ``kg build`` does, as a function

From a notebook:
    ``build_graph``                 texts, files or articles into an rdflib ``Graph`` (and a store)
    ``query_rows``, ``query_frame``  a SPARQL query on a store or a ``Graph``, as dicts of Python
                                    values or a pandas ``DataFrame`` (pandas optional)

Writing, storing, serving:
    ``write_documents``, ``DocumentWriter``  graph files, written atomically
    ``Store``, ``QueryResult``      the interface every store answers, and its result type
    ``LocalStore``, ``RemoteStore``, ``open_store``  pyoxigraph on disk, a SPARQL 1.1 server, the choice
    ``create_app``                  the HTTP app (FastAPI) over a local store

Identity:
    ``document_iri``, ``text_hash``, ``mint_iri``  the IRIs NewsKG mints, and an article's hash

Errors:
    ``KgError`` and its kinds ``InputError``, ``RulesError``, ``ValidationFailed``,
    ``OutputError``, ``StoreError``, ``StoreReadOnly``, ``QueryError``

What loads spaCy, pySHACL or FastAPI (``Pipeline``, ``Built``, ``Refused``, ``Outcome``,
``ValidationReport``, ``Violation``, ``build`` and its kin, the notebook functions, ``create_app``) is imported on first
use, so that ``import kg`` (and every ``kg`` command that does not parse) stays quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kg.config import Settings, get_settings
from kg.errors import (
    InputError,
    KgError,
    OutputError,
    QueryError,
    RulesError,
    StoreError,
    StoreReadOnly,
    ValidationFailed,
)
from kg.graph import DocumentGraph
from kg.output import DocumentWriter, write_documents
from kg.reader import read_inputs
from kg.records import Article
from kg.store import LocalStore, QueryResult, RemoteStore, Store, open_store
from kg.vocab import document_iri, mint_iri, text_hash

if TYPE_CHECKING:
    from kg.build import BuildOptions, BuildSummary, build
    from kg.notebook import build_graph, query_frame, query_rows
    from kg.pipeline import Built, Outcome, Pipeline, Refused
    from kg.validation import ValidationReport, Violation
    from kg.web.app import create_app

__all__ = [
    "Article",
    "BuildOptions",
    "BuildSummary",
    "Built",
    "DocumentGraph",
    "DocumentWriter",
    "InputError",
    "KgError",
    "LocalStore",
    "Outcome",
    "OutputError",
    "Pipeline",
    "QueryError",
    "QueryResult",
    "Refused",
    "RemoteStore",
    "RulesError",
    "Settings",
    "Store",
    "StoreError",
    "StoreReadOnly",
    "ValidationFailed",
    "ValidationReport",
    "Violation",
    "build",
    "build_graph",
    "create_app",
    "document_iri",
    "get_settings",
    "mint_iri",
    "open_store",
    "query_frame",
    "query_rows",
    "read_inputs",
    "text_hash",
    "write_documents",
]

_ON_FIRST_USE = {
    "BuildOptions": "kg.build",
    "BuildSummary": "kg.build",
    "build": "kg.build",
    "build_graph": "kg.notebook",
    "query_frame": "kg.notebook",
    "query_rows": "kg.notebook",
    "Built": "kg.pipeline",
    "Outcome": "kg.pipeline",
    "Pipeline": "kg.pipeline",
    "Refused": "kg.pipeline",
    "ValidationReport": "kg.validation",
    "Violation": "kg.validation",
    "create_app": "kg.web.app",
}


def __getattr__(name: str) -> Any:
    """Import the heavy part of the API (spaCy, pySHACL, FastAPI) when a name of it is first used."""
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
