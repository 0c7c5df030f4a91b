"""Errors NewsKG raises on purpose; the CLI and the HTTP app map them to messages once.

::

    KgError
    ├── InputError        unreadable or malformed input (file, line, reason)
    ├── RulesError        a bad rule or gazetteer file (path, entry, reason)
    ├── ValidationFailed  SHACL non-conformance; carries the report
    ├── StoreError        the store cannot be opened, read or written
    └── QueryError        a SPARQL query the engine rejects
"""

from __future__ import annotations

from typing import Any


class KgError(Exception):
    """Base of every error NewsKG raises on purpose."""


class InputError(KgError):
    """An input file or line that cannot be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class RulesError(KgError):
    """A rule file that does not parse or names something that does not exist."""

    def __init__(self, path: str, entry: str, reason: str) -> None:
        super().__init__(f"{path}: {entry}: {reason}")
        self.path = path
        self.entry = entry
        self.reason = reason


class ValidationFailed(KgError):
    """A graph that violates the SHACL shapes; ``report`` says where."""

    def __init__(self, message: str, report: Any) -> None:
        super().__init__(message)
        self.report = report


class StoreError(KgError):
    """The store could not be opened, read or written."""


class QueryError(KgError):
    """A SPARQL query or update the engine rejects (syntax or evaluation)."""
