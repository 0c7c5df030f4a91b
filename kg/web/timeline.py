"""``/timeline``: military actions and negotiations by date, with a chart of events per day.

An event is dated by its own date (``kg:date``, a negotiation's ``kg:startDate``), else by its
article's publication date (said on the page), else it is shown apart as undated; a date filter
leaves the undated out. Unrealized events (``kg:UnrealizedEvent``: negated, future, …) are no
``kg:Event`` and never appear. The events of one article come in the order the text tells them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response
from markupsafe import Markup

from kg.sandbox import QueryPool
from kg.web import queries
from kg.web.alternates import query_alternates
from kg.web.charts import events_per_day_svg
from kg.web.deps import PoolDep, SettingsDep
from kg.web.templating import compact, render, show, text_of

router = APIRouter(tags=["Web view"])
TIMELINE_LIMIT = 500
CONSTRUCT = """CONSTRUCT { ?ev a ?class ; rdfs:label ?label ; kg:date ?date ; kg:actionType ?type ;
  kg:agent ?agent ; kg:target ?target ; kg:participant ?p ; kg:mediator ?m ; prov:wasDerivedFrom ?doc }
WHERE { VALUES ?class { kg:MilitaryAction kg:Negotiation } ?ev a ?class .
  OPTIONAL { ?ev rdfs:label ?label } OPTIONAL { ?ev kg:date|kg:startDate ?date }
  OPTIONAL { ?ev kg:actionType ?type } OPTIONAL { ?ev kg:agent ?agent } OPTIONAL { ?ev kg:target ?target }
  OPTIONAL { ?ev kg:participant ?p } OPTIONAL { ?ev kg:mediator ?m } OPTIONAL { ?ev prov:wasDerivedFrom ?doc } }"""
SELECT = """SELECT ?event ?class ?label ?date ?document WHERE {
  VALUES ?class { kg:MilitaryAction kg:Negotiation } ?event a ?class .
  OPTIONAL { ?event rdfs:label ?label } OPTIONAL { ?event kg:date|kg:startDate ?date }
  OPTIONAL { ?event prov:wasDerivedFrom ?document } } ORDER BY ?date ?event"""


def day(value: str | None, name: str) -> str | None:
    """``value`` as a date YYYY-MM-DD, or None when empty; 400 when it is no date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(400, f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def type_name(iri: str) -> str:
    """``kg:RocketAttack`` → ``Rocket attack``."""
    local = compact(iri).removeprefix("kg:")
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).capitalize()


@router.get("/timeline", summary="Military actions and negotiations by date", response_class=Response)
def timeline(
    db: PoolDep,
    settings: SettingsDep,
    start: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")] = None,
    end: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")] = None,
) -> Response:
    first, last = day(start, "from"), day(end, "to")
    found = queries.timeline(db, first, last, TIMELINE_LIMIT + 1)
    events = _timeline_events(db, found[:TIMELINE_LIMIT], settings.base_iri)
    days: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        if event["date"]:
            days.setdefault(event["date"], []).append(event)
    counts = [
        (text_of(r["date"])[:10], type_name(r["type"].value), queries.as_int(r["n"]))
        for r in queries.timeline_counts(db, first, last)
    ]
    return render(
        "timeline.html",
        title="Timeline",
        days=days,
        undated=[e for e in events if not e["date"]],
        chart=Markup(events_per_day_svg(counts)),
        truncated=len(found) > TIMELINE_LIMIT,
        limit=TIMELINE_LIMIT,
        start=first or "",
        end=last or "",
        alternates=query_alternates("the events", CONSTRUCT, SELECT),
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
                "type": type_name(row["actionType"].value) if row.get("actionType") else "",
                "date": text_of(row.get("date"))[:10],
                "dated_by": text_of(row.get("dateFrom")),
                "end": text_of(row.get("endDate")),
                "numbers": _numbers(row),
                "roles": _ordered(roles.get(iri, {})),
                "evidence": text_of(row.get("evidence")),
                "document": show(row["doc"], base, row.get("docLabel")) if row.get("doc") else None,
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
