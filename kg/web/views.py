"""The web view: home page, SPARQL editor, timeline of events, network of actors."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response
from markupsafe import Markup

from kg.sandbox import QueryPool
from kg.web import queries
from kg.web.deps import PoolDep, SettingsDep, StateDep
from kg.web.network import Edge, Node, network_svg
from kg.web.templating import compact, local_href, render, show, text_of

router = APIRouter(tags=["Web view"])
TIMELINE_LIMIT = 500


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


def _day(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(400, f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


@router.get("/timeline", summary="Military actions and negotiations by date", response_class=Response)
def timeline(
    db: PoolDep,
    settings: SettingsDep,
    start: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")] = None,
    end: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")] = None,
) -> Response:
    first, last = _day(start, "from"), _day(end, "to")
    found = queries.timeline(db, first, last, TIMELINE_LIMIT + 1)
    events = _timeline_events(db, found[:TIMELINE_LIMIT], settings.base_iri)
    days: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        days.setdefault(event["date"] or "undated", []).append(event)
    return render(
        "timeline.html",
        title="Timeline",
        days=days,
        truncated=len(found) > TIMELINE_LIMIT,
        limit=TIMELINE_LIMIT,
        start=first or "",
        end=last or "",
    )


def _timeline_events(db: QueryPool, found: list[queries.Row], base: str) -> list[dict[str, Any]]:
    roles: dict[str, dict[str, list[Any]]] = {}
    for r in queries.event_roles(db, [row["ev"].value for row in found]):
        role = r["role"].value.rsplit("#", 1)[-1]
        roles.setdefault(r["ev"].value, {}).setdefault(role, []).append(
            show(r["actor"], base, r.get("label"))
        )
    events, seen = [], set()
    for row in found:
        iri = row["ev"].value
        if iri in seen:  # an OPTIONAL with several values repeats the event
            continue
        seen.add(iri)
        events.append(
            {
                "link": show(row["ev"], base, row.get("label")),
                "kind": compact(row["class"].value).removeprefix("kg:"),
                "type": text_of(row.get("typeLabel")) or compact(text_of(row.get("actionType"))),
                "date": text_of(row.get("date")),
                "end": text_of(row.get("endDate")),
                "numbers": _numbers(row),
                "roles": _ordered(roles.get(iri, {})),
                "evidence": text_of(row.get("evidence")),
            }
        )
    return events


def _ordered(roles: dict[str, list[Any]]) -> dict[str, list[Any]]:
    order = {role: i for i, role in enumerate(queries.EVENT_ROLES)}
    return dict(sorted(roles.items(), key=lambda item: order.get(item[0], len(order))))


def _numbers(row: queries.Row) -> str:
    parts = []
    if row.get("quantityText") is not None:
        parts.append(f"{text_of(row['quantityText'])} used")
    if row.get("targetCount") is not None:
        parts.append(f"{text_of(row['targetCount'])} targets")
    for name in ("killed", "wounded"):
        if row.get(name) is not None:
            parts.append(f"{text_of(row[name])} {name}")
    return ", ".join(parts)


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
