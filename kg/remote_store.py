"""Documents in any SPARQL 1.1 store: Graph Store Protocol writes, SPARQL queries for reads.

A document is one named graph, named by the document's IRI, as in the local store: ``PUT``
replaces it whole (so a changed article replaces its own graph), ``DELETE`` retracts it, and
a SPARQL ``SELECT`` reads the fingerprints of stored documents so unchanged ones are skipped.

The store is named by a URL: ``sparql+http://host:port/path`` (or ``sparql+https://``) with
optional query parameters: ``profile`` (``oxigraph``, the default, ``fuseki``, ``graphdb``,
``virtuoso``) picks the endpoint paths below, and ``query``, ``update`` and ``gsp`` override
them one by one (a relative path is taken from ``path``, one starting with ``/`` from the
host). ``user:password@`` in the URL is sent as HTTP Basic or Digest authentication.
See ``docs/REMOTE_STORES.md``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.graph import DocumentGraph
from kg.vocab import KG, PREFIXES

SCHEMES = ("sparql+http://", "sparql+https://")


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Where a server answers queries, updates and Graph Store Protocol requests."""

    query: str
    update: str
    gsp: str


PROFILES = {
    "oxigraph": Endpoints(query="query", update="update", gsp="store"),
    "fuseki": Endpoints(query="query", update="update", gsp="data"),
    "graphdb": Endpoints(query="", update="statements", gsp="rdf-graphs/service"),
    "virtuoso": Endpoints(query="/sparql", update="/sparql-auth", gsp="/sparql-graph-crud-auth"),
}

Fingerprint = tuple[str, ...]


def is_remote(target: str) -> bool:
    """Whether a ``--store`` value names a SPARQL server rather than a directory."""
    return target.startswith(SCHEMES)


class RemoteStore:
    """One document per named graph in a SPARQL 1.1 store reached over HTTP."""

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        if not is_remote(url):
            raise StoreError(f"{url}: a remote store URL starts with {' or '.join(SCHEMES)}")
        parts = urllib.parse.urlsplit(url.removeprefix("sparql+"))
        params = dict(urllib.parse.parse_qsl(parts.query))
        profile = params.pop("profile", "oxigraph")
        if profile not in PROFILES:
            raise StoreError(f"{url}: unknown profile {profile!r}; use one of {', '.join(PROFILES)}")
        unknown = set(params) - {"query", "update", "gsp"}
        if unknown:
            raise StoreError(
                f"{url}: unknown parameter(s) {', '.join(sorted(unknown))}; use query, update, gsp"
            )
        endpoints = replace(PROFILES[profile], **params)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        self.base = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path.rstrip("/") + "/", "", ""))
        self.endpoints = Endpoints(
            *(self._resolve(p) for p in (endpoints.query, endpoints.update, endpoints.gsp))
        )
        self.timeout = timeout
        self._opener = _opener(self.base, parts.username, parts.password)

    def __repr__(self) -> str:
        return f"RemoteStore({self.base!r})"

    def _resolve(self, path: str) -> str:
        return self.base.rstrip("/") if path == "" else urllib.parse.urljoin(self.base, path)

    def put_document(self, document: DocumentGraph) -> None:
        """Replace the named graph of one document (Graph Store Protocol PUT)."""
        # N-Triples is a subset of Turtle, and every server reads text/turtle
        headers = {"Content-Type": "text/turtle"}
        self._request("PUT", self._graph_url(document.iri), document.ntriples(), headers)

    def put_documents(self, documents: Iterable[DocumentGraph]) -> None:
        """Replace several documents' graphs, one PUT each: the protocol has no batch."""
        for document in documents:
            self.put_document(document)

    def remove_document(self, doc_iri: str) -> bool:
        """Drop one document's graph; False when it was not stored."""
        if not self.has_document(doc_iri):
            return False
        self._request("DELETE", self._graph_url(doc_iri))
        return True

    def has_document(self, doc_iri: str) -> bool:
        """Whether a document's named graph is stored."""
        answer = self.query(f"ASK {{ GRAPH <{doc_iri}> {{ ?s ?p ?o }} }}")
        return bool(answer.get("boolean"))

    def documents(self) -> list[str]:
        """The IRIs of the stored documents, sorted."""
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{KG.Document}> }} }}")
        return sorted(row["g"] for row in rows)

    def fingerprints(self, doc_iris: Iterable[str]) -> dict[str, Fingerprint]:
        """Text hash, extractor and rules versions of those documents that are stored."""
        values = " ".join(f"<{iri}>" for iri in doc_iris)
        if not values:
            return {}
        rows = self.select(
            f"SELECT ?g ?h ?v ?r WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g <{KG.textHash}> ?h ; "
            f"<{KG.extractorVersion}> ?v ; <{KG.rulesVersion}> ?r }} }}"
        )
        return {row["g"]: (row["h"], row["v"], row["r"]) for row in rows}

    def count(self) -> int:
        """The number of triples in all named graphs."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT query; each row maps variable names to the values' plain strings."""
        bindings = self.query(sparql).get("results", {}).get("bindings", [])
        return [{k: v["value"] for k, v in row.items()} for row in bindings]

    def query(self, sparql: str) -> dict[str, Any]:
        """Run a SELECT or ASK query (SPARQL 1.1 Protocol, form POST); the JSON results."""
        body = urllib.parse.urlencode({"query": sparql}).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        }
        answer: dict[str, Any] = json.loads(self._request("POST", self.endpoints.query, body, headers))
        return answer

    def results(self, sparql: str) -> Any:
        """Run any query as ``kg query`` does: solutions or a boolean, or triples for a graph.

        The common prefixes (``kg:``, ``rdfs:``, ...) are declared for the query, as the
        embedded store declares them; the query's own declarations come after and win.
        """
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        body = urllib.parse.urlencode({"query": prologue + sparql}).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
        }
        data, media = self._fetch("POST", self.endpoints.query, body, headers)
        try:
            if media.startswith(("application/n-triples", "text/plain")):
                return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as err:
            raise StoreError(
                f"{self.endpoints.query}: an answer in {media or 'no format'} that cannot be read: {err}"
            ) from err

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (SPARQL 1.1 Protocol, form POST)."""
        body = urllib.parse.urlencode({"update": sparql}).encode()
        self._request(
            "POST", self.endpoints.update, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def _graph_url(self, doc_iri: str) -> str:
        return f"{self.endpoints.gsp}?{urllib.parse.urlencode({'graph': doc_iri})}"

    def _request(
        self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> bytes:
        return self._fetch(method, url, body, headers)[0]

    def _fetch(
        self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[bytes, str]:
        """The answer's body and media type; an HTTP or network failure is one StoreError line."""
        request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                data: bytes = response.read()
                return data, str(response.headers.get_content_type())
        except urllib.error.HTTPError as err:
            detail = err.read().decode(errors="replace").strip().splitlines()
            reason = detail[0] if detail else err.reason
            raise StoreError(f"{method} {url}: HTTP {err.code}: {reason}") from err
        except (urllib.error.URLError, OSError) as err:
            raise StoreError(f"{method} {url}: cannot reach the store: {err}") from err


def _opener(base: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    if user is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, base, urllib.parse.unquote(user), urllib.parse.unquote(password or ""))
    return urllib.request.build_opener(
        urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)
    )
