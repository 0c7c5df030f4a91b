"""Documents in any SPARQL 1.1 store: Graph Store Protocol writes, SPARQL queries for reads.

A document is one named graph, named by the document's IRI, as in the local store: ``PUT``
replaces it whole (so a changed article replaces its own graph), ``DELETE`` retracts it, and
a SPARQL ``SELECT`` reads the fingerprints of stored documents so unchanged ones are skipped.
Answers come back as the local store's do (pyoxigraph's result objects), and errors follow its
contract: a query or update the server rejects as malformed (HTTP 400) is a ``QueryError``,
anything else that fails a ``StoreError`` with the request and the status in one line.

The store is named by a URL: ``sparql+http://host:port/path`` (or ``sparql+https://``) with
optional query parameters: ``profile`` (``oxigraph``, the default, ``fuseki``, ``graphdb``,
``virtuoso``) picks the endpoint paths below; a plain ``http(s)://host:port`` is a running
``kg serve`` (profile ``newskg``: ``/sparql``, and the Graph Store Protocol on ``/graph``, with
the write token sent as a bearer token), and ``query``, ``update`` and ``gsp`` override
them one by one (a relative path is taken from ``path``, one starting with ``/`` from the
host). ``user:password@`` in the URL is sent as HTTP Basic or Digest authentication.
See ``docs/REMOTE_STORES.md``.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.graph import DocumentGraph
from kg.sparql_text import Template
from kg.store.base import Fingerprint, QueryResult, fingerprint_query, read_fingerprints
from kg.vocab import PREFIXES

SCHEMES = ("sparql+http://", "sparql+https://")
SERVER_SCHEMES = ("http://", "https://")  # a running `kg serve`


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Where a server answers queries, updates and Graph Store Protocol requests."""

    query: str
    update: str
    gsp: str


PROFILES = {
    "newskg": Endpoints(query="/sparql", update="/sparql", gsp="/graph"),
    "oxigraph": Endpoints(query="query", update="update", gsp="store"),
    "fuseki": Endpoints(query="query", update="update", gsp="data"),
    "graphdb": Endpoints(query="", update="statements", gsp="rdf-graphs/service"),
    "virtuoso": Endpoints(query="/sparql", update="/sparql-auth", gsp="/sparql-graph-crud-auth"),
}

FORM = "application/x-www-form-urlencoded"
RESULTS_MEDIA = "application/sparql-results+json"
# N-Triples first; Turtle for a server that writes no N-Triples. Asked for only when the query
# makes a graph: offered both kinds at once, Virtuoso answers a CONSTRUCT as JSON "results".
GRAPH_MEDIA = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
_DECLARATIONS = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE)
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
VIRTUOSO_ASK = "__ASK_RETVAL"
HAS_DOCUMENT = Template("has_document", "ASK { GRAPH $document { ?s ?p ?o } }")
DOCUMENTS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a kg:Document } }"
# triples in the documents' graphs only: a server such as Virtuoso keeps system graphs beside them
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g a kg:Document } GRAPH ?g { ?s ?p ?o } }"


def is_remote(target: str) -> bool:
    """Whether a ``--store`` value names a server (a SPARQL store, a ``kg serve``), not a directory."""
    return target.startswith(SCHEMES + SERVER_SCHEMES)


class RemoteStore:
    """One document per named graph in a SPARQL 1.1 store reached over HTTP."""

    def __init__(self, url: str, *, timeout: float = 60.0, token: str | None = None) -> None:
        self.base, endpoints, user, password = _parse(url)
        self._auth = {"Authorization": f"Bearer {token}"} if token else {}
        self.endpoints = Endpoints(
            *(self._resolve(p) for p in (endpoints.query, endpoints.update, endpoints.gsp))
        )
        self.timeout = timeout
        self._opener = _opener(self.base, user, password)

    def __repr__(self) -> str:
        return f"RemoteStore({self.base!r})"

    @property
    def location(self) -> str:
        """The store's URL without its credentials, for messages."""
        return self.base

    def _resolve(self, path: str) -> str:
        return self.base.rstrip("/") if path == "" else urllib.parse.urljoin(self.base, path)

    def put_document(self, document: DocumentGraph) -> None:
        """Replace the named graph of one document (Graph Store Protocol PUT)."""
        # N-Triples is a subset of Turtle, and every server reads text/turtle
        headers = {"Content-Type": "text/turtle; charset=utf-8"}
        self._fetch("PUT", self._graph_url(document.iri), document.ntriples(), headers)

    def put_documents(self, documents: Iterable[DocumentGraph]) -> None:
        """Replace several documents' graphs, one PUT each: the protocol has no batch."""
        for document in documents:
            self.put_document(document)

    def remove_document(self, doc_iri: str) -> bool:
        """Drop one document's graph; False when it was not stored."""
        if not self.has_document(doc_iri):
            return False
        self._fetch("DELETE", self._graph_url(doc_iri))
        return True

    def has_document(self, doc_iri: str) -> bool:
        """Whether a document's named graph is stored."""
        return bool(self.query(HAS_DOCUMENT.bind(document=ox.NamedNode(doc_iri))))

    def documents(self) -> list[str]:
        """The IRIs of the stored documents, sorted."""
        return sorted(_value(row["g"]) for row in _solutions(self.query(DOCUMENTS)))

    def fingerprints(self, doc_iris: Iterable[str]) -> dict[str, Fingerprint]:
        """The fingerprints of those of ``doc_iris`` that are stored."""
        query = fingerprint_query(doc_iris)
        return {} if query is None else read_fingerprints(self.query(query))

    def __len__(self) -> int:
        """The number of triples in the documents' graphs."""
        rows = list(_solutions(self.query(TRIPLES)))
        return int(_value(rows[0]["n"])) if rows else 0

    def query(self, sparql: str) -> QueryResult:
        """Run a query (SPARQL 1.1 Protocol, form POST); the answer as the local store gives it.

        The common prefixes (``kg:``, ``rdfs:``, ...) are declared for the query, as the
        local store declares them; the query's own declarations come after and win.
        """
        form = query_form(sparql)
        accept = ", ".join(GRAPH_MEDIA) if form in GRAPH_FORMS else RESULTS_MEDIA
        body = urllib.parse.urlencode({"query": PROLOGUE + sparql}).encode()
        data, media = self._fetch(
            "POST", self.endpoints.query, body, {"Content-Type": FORM, "Accept": accept}, sparql=True
        )
        try:
            return _answer(data, media, form)
        except (SyntaxError, ValueError) as err:
            raise StoreError(
                f"{self.endpoints.query}: an answer in {media or 'no format'} that cannot be read: {err}"
            ) from err

    def update(self, sparql: str, *, keeps_documents: bool = False) -> None:
        """Run a SPARQL update (SPARQL 1.1 Protocol, form POST), the common prefixes declared.

        ``keeps_documents`` changes nothing here: the server keeps its own union, if any.
        """
        body = urllib.parse.urlencode({"update": PROLOGUE + sparql}).encode()
        self._fetch("POST", self.endpoints.update, body, {"Content-Type": FORM}, sparql=True)

    def _graph_url(self, doc_iri: str) -> str:
        return f"{self.endpoints.gsp}?{urllib.parse.urlencode({'graph': doc_iri})}"

    def _fetch(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        sparql: bool = False,
    ) -> tuple[bytes, str]:
        """The answer's body and media type; a failure is one line (``sparql``: a 400 is the query's)."""
        request = urllib.request.Request(
            url, data=body, headers={**self._auth, **(headers or {})}, method=method
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                data: bytes = response.read()
                return data, str(response.headers.get_content_type())
        except urllib.error.HTTPError as err:
            detail = err.read().decode(errors="replace").strip().splitlines()
            reason = detail[0] if detail else err.reason
            if sparql and err.code == 400:
                raise QueryError(f"{url}: the store rejected the query: {reason}") from err
            if err.code == 401:
                hint = (
                    "set KG_WRITE_TOKEN to the server's write token"
                    if not self._auth
                    else "check KG_WRITE_TOKEN"
                )
                raise StoreError(f"{method} {url}: HTTP 401: {reason} ({hint})") from err
            raise StoreError(f"{method} {url}: HTTP {err.code}: {reason}") from err
        except (urllib.error.URLError, OSError) as err:
            raise StoreError(f"{method} {url}: cannot reach the store: {err}") from err


def _parse(url: str) -> tuple[str, Endpoints, str | None, str | None]:
    """The base URL (no credentials), the endpoints as given, the user and the password."""
    if not is_remote(url):
        raise StoreError(f"{url}: a remote store URL starts with {' or '.join(SCHEMES + SERVER_SCHEMES)}")
    parts = urllib.parse.urlsplit(url.removeprefix("sparql+"))
    params = dict(urllib.parse.parse_qsl(parts.query))
    profile = params.pop("profile", "newskg" if url.startswith(SERVER_SCHEMES) else "oxigraph")
    if profile not in PROFILES:
        raise StoreError(f"{url}: unknown profile {profile!r}; use one of {', '.join(PROFILES)}")
    unknown = set(params) - {"query", "update", "gsp"}
    if unknown:
        raise StoreError(f"{url}: unknown parameter(s) {', '.join(sorted(unknown))}; use query, update, gsp")
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    base = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path.rstrip("/") + "/", "", ""))
    return base, replace(PROFILES[profile], **params), parts.username, parts.password


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's first keyword after its declarations.

    >>> query_form("PREFIX ex: <http://example.org/#> # a comment\\nconstruct WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    >>> query_form("ASK { ?s ?p ?o }")
    'ASK'
    """
    start = _DECLARATIONS.match(sparql)
    head = sparql[start.end() if start else 0 :]
    return next((f for f in ("SELECT", "ASK", *GRAPH_FORMS) if head[: len(f)].upper() == f), "")


def _answer(data: bytes, media: str, form: str) -> QueryResult:
    if form in GRAPH_FORMS:
        return _as_query_triples(ox.parse(data, format=GRAPH_MEDIA.get(media, ox.RdfFormat.N_TRIPLES)))
    result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    return _as_boolean(result) if form == "ASK" else result


def _as_boolean(result: ox.QuerySolutions | ox.QueryBoolean) -> ox.QueryBoolean:
    """The answer to an ASK. Virtuoso 7.2 writes it as solutions of one variable, ``__ASK_RETVAL``,
    bound to 1 when the answer is yes and unbound when it is no.

    pyoxigraph gives ``QueryBoolean`` no constructor: the standard JSON form, parsed, makes one.
    """
    if isinstance(result, ox.QueryBoolean):
        return result
    if [v.value for v in result.variables] != [VIRTUOSO_ASK]:
        raise StoreError(f"the store answered an ASK query with solutions of {result.variables}")
    yes = any(row[VIRTUOSO_ASK] is not None and _value(row[VIRTUOSO_ASK]) != "0" for row in result)
    boolean = ox.parse_query_results(
        b'{"head": {}, "boolean": ' + (b"true" if yes else b"false") + b"}", format=ox.QueryResultsFormat.JSON
    )
    assert isinstance(boolean, ox.QueryBoolean)
    return boolean


def _as_query_triples(triples: Iterable[ox.Quad]) -> ox.QueryTriples:
    """Parsed triples as the ``QueryTriples`` a local CONSTRUCT answers.

    pyoxigraph gives that type no constructor: a CONSTRUCT over a scratch in-memory store
    that holds the triples makes one.
    """
    scratch = ox.Store()
    scratch.extend(ox.Quad(q.subject, q.predicate, q.object) for q in triples)
    result = scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)
    return result


def _solutions(result: QueryResult) -> ox.QuerySolutions:
    if not isinstance(result, ox.QuerySolutions):
        raise StoreError(f"expected solutions from the store, not {type(result).__name__}")
    return result


def _value(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    raise StoreError(f"expected an IRI or a literal from the store, not {term!r}")


def _opener(base: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    if user is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, base, urllib.parse.unquote(user), urllib.parse.unquote(password or ""))
    return urllib.request.build_opener(
        urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)
    )
