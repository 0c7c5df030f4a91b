"""Errors NewsKG raises on purpose; the CLI and the HTTP app map them to messages once.

::

    KgError
    ├── InputError        unreadable or malformed input (file, line, reason)
    ├── RulesError        a bad rule or gazetteer file (path, entry, reason)
    ├── ValidationFailed  SHACL non-conformance; carries the report
    ├── OutputError       an output file that cannot be written (path, reason)
    ├── StoreError        the store cannot be opened, read or written
    │   └── StoreReadOnly the store was opened read-only: writes are refused, with why
    └── QueryError        a SPARQL query the engine rejects

:func:`is_no_space` tells a full disk from other I/O errors (RocksDB's carry no errno).
"""

from __future__ import annotations

import errno
import re
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


class OutputError(KgError):
    """An output file that could not be written; the old file, if any, is left whole."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(KgError):
    """The store could not be opened, read or written."""


class StoreReadOnly(StoreError):
    """The store is open read-only, so it refuses writes; the message says why.

    ``locked``: another process holds the store's lock, so a later write may succeed once
    it has let go; otherwise (read-only disk, no permission) only the operator can help.
    """

    def __init__(self, message: str, *, locked: bool) -> None:
        super().__init__(message)
        self.locked = locked


class QueryError(KgError):
    """A SPARQL query or update the engine rejects (syntax or evaluation)."""


_NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_NO_SPACE_TEXTS = ("No space left on device", "Disk quota exceeded", "File too large")


def is_no_space(err: BaseException | None) -> bool:
    """Whether ``err``, or an error that caused it, says the disk (or a quota) is full.

    RocksDB's I/O errors reach Python as an ``OSError`` without an errno, so the text counts too.

    >>> is_no_space(OSError(errno.ENOSPC, "No space left on device"))
    True
    >>> is_no_space(OSError("IO error: While lock file: LOCK: Resource temporarily unavailable"))
    False
    """
    seen = 0
    while err is not None and seen < 8:
        if isinstance(err, OSError) and (
            err.errno in _NO_SPACE_ERRNOS or any(text in str(err) for text in _NO_SPACE_TEXTS)
        ):
            return True
        err, seen = err.__cause__, seen + 1
    return False


_SYNTAX_AT = re.compile(r"^(?:the query failed: )?error at (\d+):(\d+): (.*)$", re.DOTALL)


def syntax_error_line(message: str, query: str | None = None) -> str:
    """A SPARQL parser's message (pyoxigraph's, which may run over many lines) as one readable line.

    >>> syntax_error_line("error at 1:22: expected one of Prefix not found, ['%'], ['.']",
    ...                   "SELECT * { ?s foo:bar ?o }")
    "SPARQL syntax error at line 1, column 22 (after '?s foo:bar'): unknown prefix (declare it: PREFIX foo: <…>)"
    >>> syntax_error_line("error at 3:17: expected one of ABS, AVG, DAY, [_], isLITERAL")
    'SPARQL syntax error at line 3, column 17: expected one of ABS, AVG, DAY, isLITERAL'
    """
    found = _SYNTAX_AT.match(message.strip())
    if found is None:
        return " ".join(message.split())
    line, column, detail = int(found.group(1)), int(found.group(2)), " ".join(found.group(3).split())
    before = _text_before(query, line, column) if query else ""
    where = f"line {line}, column {column}" + (f" (after {before!r})" if before else "")
    if "Prefix not found" in detail:
        prefix = before.rsplit(" ", 1)[-1].partition(":")[0] if ":" in before else "…"
        return f"SPARQL syntax error at {where}: unknown prefix (declare it: PREFIX {prefix}: <…>)"
    words = [w.strip() for w in detail.removeprefix("expected one of ").removeprefix("expected ").split(",")]
    keywords = [w for w in words if re.fullmatch(r"[A-Za-z_][\w ]*", w) and w != "_"]
    shown = ", ".join(keywords[:8]) + (f" and {len(keywords) - 8} more" if len(keywords) > 8 else "")
    if not shown:
        return f"SPARQL syntax error at {where}: unexpected character"
    return f"SPARQL syntax error at {where}: expected {'one of ' if len(keywords) > 1 else ''}{shown}"


def _text_before(query: str, line: int, column: int) -> str:
    """The last two words of ``query`` before ``line``:``column`` (1-based), on that line."""
    lines = query.splitlines()
    if not 0 < line <= len(lines):
        return ""
    return " ".join(lines[line - 1][: max(column - 1, 0)].split()[-2:])[-40:]
