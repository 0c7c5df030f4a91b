"""The disputes page: events that several articles report and disagree on, side by side.

Each side of a dispute (kg/events: a toll, who did it, whether it happened) is shown with its
source, what it says, the statement or sentence that says it, and the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Response

from kg.web import queries
from kg.web.deps import PoolDep, SettingsDep
from kg.web.templating import Shown, render, show, text_of

router = APIRouter(tags=["Web view"])
ROW_LIMIT = 5000  # sides shown at most: enough for hundreds of disputed events


@dataclass(slots=True)
class Side:
    """One position in a dispute, as the page shows it."""

    affirms: bool
    source: Shown | None
    value: str
    said: str
    statement: Shown | None
    article: Shown | None


@dataclass(slots=True)
class DisputedEvent:
    """One event instance and its disputes, by point."""

    link: Shown
    date: str
    place: Shown | None
    articles: int
    publishers: int
    points: dict[str, list[Side]] = field(default_factory=dict)


@router.get(
    "/disputes",
    summary="Events reported by several articles that disagree (HTML page)",
    response_class=Response,
)
def disputes(
    db: PoolDep,
    settings: SettingsDep,
    event: Annotated[str | None, Query(description="the IRI of one event instance")] = None,
) -> Response:
    base = settings.base_iri
    if event is not None and not event.startswith(("http://", "https://")):
        raise HTTPException(400, f"event must be an event instance's IRI, not {event!r}")
    rows = queries.disputes(db, event, ROW_LIMIT + 1)
    events: dict[str, DisputedEvent] = {}
    seen: set[tuple[str, str]] = set()
    for r in rows[:ROW_LIMIT]:
        iri = r["i"].value
        found = events.get(iri)
        if found is None:
            place = r.get("place")
            found = events[iri] = DisputedEvent(
                link=show(r["i"], base, r.get("label")),
                date=text_of(r.get("date")),
                place=show(place, base, r.get("placeLabel")) if place is not None else None,
                articles=queries.as_int(r["docs"]),
                publishers=queries.as_int(r["pubs"]),
            )
        point, side = text_of(r["point"]), r["s"].value
        if (point, side) in seen:  # an OPTIONAL with several values repeats a side
            continue
        seen.add((point, side))
        found.points.setdefault(point, []).append(_side(r, base))
    return render(
        "disputes.html",
        title="Disputes",
        events=list(events.values()),
        truncated=len(rows) > ROW_LIMIT,
        one=event is not None,
    )


def _side(r: queries.Row, base: str) -> Side:
    source, statement, doc = r.get("source"), r.get("statement"), r.get("doc")
    name = r.get("sourceLabel") or r.get("sourceName")
    shown_source = show(source, base, name) if source is not None else None
    if shown_source is None and name is not None:
        shown_source = Shown(text_of(name), None)
    affirmed = isinstance(r["stance"], ox.NamedNode) and r["stance"].value.endswith("#Affirmative")
    return Side(
        affirms=affirmed,
        source=shown_source,
        value=text_of(r.get("valueText")) or _says(text_of(r["point"]), affirmed, text_of(r.get("agents"))),
        said=text_of(r.get("evidence")) or text_of(r.get("said")),
        statement=show(statement, base, ox.Literal("statement")) if statement is not None else None,
        article=show(doc, base, r.get("title")) if doc is not None else None,
    )


def _says(point: str, affirms: bool, agents: str) -> str:
    """What a side without a figure says: who did it, or whether it happened."""
    if point == "agent":
        return f"{agents} did it" if affirms else f"{agents or 'it'} did not do it"
    if point == "hit":
        return "it hit" if affirms else "it was intercepted"
    return "it happened" if affirms else "it did not happen"
