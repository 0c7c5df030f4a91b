"""What a SPARQL request may do: federated SERVICE calls, LOAD, file: IRIs, writes.

The checks read the query's tokens (comments and string literals skipped), not the raw
text, so a ``SERVICE`` inside a string or a comment is not mistaken for one, and a
``SERVICE`` hidden behind a prefixed name is resolved before the allowlist is consulted.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

from kg.errors import KgError
from kg.sparql_text import TOKENS
from kg.vocab import PREFIXES


class Forbidden(KgError):
    """The request asks for something this endpoint does not do for it."""


def _tokens(sparql: str) -> Iterator[tuple[str, str]]:
    for match in TOKENS.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind not in ("comment", "string"):
            yield kind, match.group()


class _Resolver:
    """Turns IRI tokens and prefixed names into absolute IRIs, as the query declares them."""

    def __init__(self) -> None:
        self.prefixes = dict(PREFIXES)
        self.base = ""

    def iri(self, kind: str, text: str) -> str | None:
        if kind == "iri":
            return urljoin(self.base, text[1:-1]) if self.base else text[1:-1]
        if kind == "word" and ":" in text:
            prefix, _, local = text.partition(":")
            namespace = self.prefixes.get(prefix)
            return None if namespace is None else namespace + local
        return None


@dataclass
class Features:
    """What a query or update refers to, as far as the guard cares."""

    services: list[str | None] = field(default_factory=list)  # None: not a constant IRI
    iris: list[str] = field(default_factory=list)
    has_load: bool = False


def features(sparql: str) -> Features:
    """Read the SERVICE endpoints, IRIs and LOAD out of a query's tokens."""
    resolver = _Resolver()
    tokens = list(_tokens(sparql))
    found = Features()
    for i, (kind, text) in enumerate(tokens):
        keyword = text.upper() if kind == "word" else ""
        if keyword == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            resolver.prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
        elif keyword == "BASE" and i + 1 < len(tokens) and tokens[i + 1][0] == "iri":
            resolver.base = tokens[i + 1][1][1:-1]
        elif keyword == "LOAD":
            found.has_load = True
        elif keyword == "SERVICE":
            j = i + 2 if i + 1 < len(tokens) and tokens[i + 1][1].upper() == "SILENT" else i + 1
            found.services.append(resolver.iri(*tokens[j]) if j < len(tokens) else None)
        elif kind == "iri":
            found.iris.append(resolver.iri(kind, text) or "")
    return found


def check_request(sparql: str, *, allowlist: Sequence[str], is_update: bool) -> Features:
    """Refuse SERVICE calls outside ``allowlist``, LOAD, and file: IRIs.

    >>> check_request("SELECT * FROM <http://x/g> { ?s ?p ?o }", allowlist=(), is_update=False)
    Features(services=[], iris=['http://x/g'], has_load=False)
    """
    found = features(sparql)
    if found.has_load and is_update:
        raise Forbidden("LOAD is not allowed on this endpoint: add documents through ingestion")
    for iri in found.iris:
        if iri.lower().startswith("file:"):
            raise Forbidden(f"file: IRIs are not allowed ({iri})")
    for endpoint in found.services:
        if endpoint is None:
            raise Forbidden("SERVICE needs a constant endpoint IRI from the server's allowlist")
        if endpoint not in allowlist:
            allowed = ", ".join(allowlist) or "none"
            raise Forbidden(
                f"SERVICE <{endpoint}> is not allowed: federated queries may only call "
                f"the endpoints in the server's allowlist ({allowed})"
            )
    return found


class Unauthorized(Forbidden):
    """A write without the bearer token, or with a wrong one: HTTP 401 with ``WWW-Authenticate``."""

    def __init__(self, message: str, *, wrong_token: bool) -> None:
        super().__init__(message)
        self.wrong_token = wrong_token

    @property
    def challenge(self) -> str:
        """The ``WWW-Authenticate`` header (RFC 6750)."""
        error = ', error="invalid_token"' if self.wrong_token else ""
        return f'Bearer realm="NewsKG"{error}'


def check_write_access(authorization: str | None, token: str | None, *, what: str = "SPARQL Update") -> None:
    """Refuse a write unless writes are enabled and the request carries the bearer token.

    ``what`` names the write in the message ("SPARQL Update", "adding or removing documents").
    """
    if not token:
        raise Forbidden(f"this server is read-only: {what} is disabled (start it with KG_WRITE_TOKEN set)")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise Unauthorized(
            f"{what} needs the header 'Authorization: Bearer <write token>'"
            + (": the token given is not this server's" if authorization else ""),
            wrong_token=bool(authorization),
        )
