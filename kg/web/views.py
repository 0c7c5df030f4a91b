"""The web view: home page, SPARQL editor, timeline of events, network of actors."""

from __future__ import annotations

from fastapi import APIRouter, Response
from markupsafe import Markup

from kg.sandbox import QueryPool
from kg.web import queries
from kg.web.deps import PoolDep, SettingsDep, StateDep
from kg.web.network import Edge, Node, network_svg
from kg.web.templating import compact, local_href, render, show, text_of

router = APIRouter(tags=["Web view"])


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


def _network(db: QueryPool, base: str) -> str:
    edges, nodes = [], {}
    for r in queries.network_edges(db):
        a, b = r["a"].value, r["b"].value
        edges.append(Edge(a, b, r["relation"].value, queries.as_int(r["n"])))
        for iri, label in ((a, r.get("aLabel")), (b, r.get("bLabel"))):
            nodes[iri] = Node(iri, text_of(label) or compact(iri), local_href(iri, base))
    return network_svg(edges, nodes)


@router.get("/network", summary="Network of actors (HTML page)", response_class=Response)
def network(db: PoolDep, settings: SettingsDep) -> Response:
    svg = Markup(_network(db, settings.base_iri))
    return render("network.html", title="Network of actors", svg=svg)


@router.get("/network.svg", summary="Network of actors (SVG picture)", response_class=Response)
def network_picture(db: PoolDep, settings: SettingsDep) -> Response:
    return Response(_network(db, settings.base_iri), media_type="image/svg+xml")
