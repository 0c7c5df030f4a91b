"""The web view: home page, SPARQL editor, timeline of events, network of actors."""

from __future__ import annotations

import json

from fastapi import APIRouter, Response

from kg.vocab import PREFIXES
from kg.web import queries
from kg.web.deps import StateDep
from kg.web.templating import CSP, render, show, text_of

router = APIRouter(tags=["Web view"])
YASGUI_PREFIXES = ("kg", "rdf", "rdfs", "dcterms", "prov", "xsd")  # declared in its first query
# the one inline style element the bundled YASGUI 4.6.2 writes, allowed by its hash (no 'unsafe-inline')
YASGUI_STYLE = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='"


@router.get("/", summary="Home page: the dataset's figures", response_class=Response)
def home(state: StateDep) -> Response:
    db, base = state.pool, state.settings.base_iri
    speakers = [
        (show(r["speaker"], base, r.get("label")), queries.as_int(r["n"])) for r in queries.top_speakers(db)
    ]
    documents = [
        (show(r["doc"], base, r.get("title")), text_of(r.get("issued"))) for r in queries.recent_documents(db)
    ]
    return render(
        "home.html",
        title="NewsKG",
        figures=state.figures(),
        speakers=speakers,
        documents=documents,
        base_iri=base,
    )


@router.get("/health", summary="Readiness: query workers up, store size, writes, dumps")
def health(state: StateDep) -> dict[str, object]:
    db = state.pool
    ready, failure, refusal = db.ready, db.failure, state.store.refusal
    return {
        "status": "ok" if ready == db.size else "failing" if failure else "starting",
        "query_workers_ready": ready,
        "query_workers": db.size,
        "query_workers_error": failure,
        "quads": len(state.store),
        "writable": refusal is None,
        "read_only_reason": None if refusal is None else str(refusal),
        "graph_dumps_streaming": state.dumps.current,
    }


@router.get("/query", name="editor", summary="SPARQL editor page", response_class=Response)
def editor(state: StateDep, query: str | None = None, run: bool = False) -> Response:
    examples = state.examples
    text = query if query is not None else examples[0].query
    return render(
        "editor.html",
        title="SPARQL editor",
        query=text,
        autorun=run and query is not None,
        examples=examples,
        base_iri=state.settings.base_iri,
    )


@router.get("/yasgui", summary="SPARQL editor page (YASGUI, bundled)", response_class=Response)
def yasgui(state: StateDep, query: str | None = None) -> Response:
    prefixes = dict(sorted(PREFIXES.items()))
    prefixes["id"] = state.settings.base_iri + "id/"  # so that result tables show id:actor/…
    example = state.examples[0].query
    wanted = [p for p in (*YASGUI_PREFIXES, "id") if f"PREFIX {p}:" not in example]
    declared = "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in wanted)
    text = query if query is not None else declared + example
    page = render(
        "yasgui.html",
        title="SPARQL editor (YASGUI)",
        endpoint="/sparql",
        prefixes=json.dumps(prefixes),
        query=text,
    )
    page.headers["content-security-policy"] = f"{CSP}; style-src 'self' {YASGUI_STYLE}"
    return page
