"""``/network`` and ``/network.svg``: actors and the events they play a role in, with filters.

Filters: the roles to draw (``relation``, repeatable), the actor classes (``class``,
repeatable; none means all), the events' dates (``from``, ``to``, as the timeline dates them)
and how many actors at most (``top``); the page says how many of how many actors it shows.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from markupsafe import Markup

from kg.sandbox import QueryPool
from kg.vocab import KG
from kg.web import queries
from kg.web.deps import PoolDep, SettingsDep
from kg.web.network import ACTOR_CLASSES, ROLES, Node, Role, Selection, network_svg, select
from kg.web.templating import compact, local_href, render, text_of
from kg.web.timeline import day

router = APIRouter(tags=["Web view"])
TOP = 30
Relations = Annotated[list[str] | None, Query(alias="relation", description=f"roles: {', '.join(ROLES)}")]
Classes = Annotated[
    list[str] | None, Query(alias="class", description=f"actor classes: {', '.join(ACTOR_CLASSES)}")
]
Start = Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")]
End = Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")]
Top = Annotated[int, Query(ge=1, le=200, description="how many actors at most: the best connected")]


def _checked(values: list[str] | None, allowed: tuple[str, ...], name: str) -> set[str]:
    unknown = set(values or ()) - set(allowed)
    if unknown:
        raise HTTPException(
            400, f"{name} must be among {', '.join(allowed)}, not {', '.join(sorted(unknown))}"
        )
    return set(values or ())


def _graph(
    db: QueryPool, base: str, start: str | None, end: str | None
) -> tuple[list[Role], dict[str, Node]]:
    roles, nodes = [], {}
    for r in queries.network_roles(db, start, end):
        event, actor = r["ev"].value, r["actor"].value
        roles.append(Role(event, r["role"].value.removeprefix(KG), actor))
        classes = frozenset(c.removeprefix(KG) for c in text_of(r.get("actorClasses")).split())
        label = text_of(r.get("actorLabel")) or compact(actor)
        nodes[actor] = Node(actor, label, local_href(actor, base), "actor", classes)
        kind = r["evClass"].value.removeprefix(KG)
        nodes[event] = Node(event, text_of(r.get("evLabel")) or compact(event), local_href(event, base), kind)
    return roles, nodes


def _picture(
    db: QueryPool, base: str, relations: list[str] | None, classes: list[str] | None,
    start: str | None, end: str | None, top: int,
) -> tuple[Selection, str]:  # fmt: skip
    wanted = _checked(relations, tuple(ROLES), "relation") or set(ROLES)
    kinds = _checked(classes, ACTOR_CLASSES, "class")
    roles, nodes = _graph(db, base, day(start, "from"), day(end, "to"))
    selection = select(roles, nodes, relations=wanted, classes=kinds, top=top)
    return selection, network_svg(selection, nodes)


@router.get(
    "/network", summary="Actors and the events they play a role in (HTML page)", response_class=Response
)
def network(
    request: Request, db: PoolDep, settings: SettingsDep, relation: Relations = None, cls: Classes = None,
    start: Start = None, end: End = None, top: Top = TOP,
) -> Response:  # fmt: skip
    selection, svg = _picture(db, settings.base_iri, relation, cls, start, end, top)
    return render(
        "network.html",
        title="Network of actors",
        svg=Markup(svg),
        selection=selection,
        roles=ROLES,
        relations=set(relation or ROLES),
        classes=ACTOR_CLASSES,
        chosen_classes=set(cls or ()),
        start=day(start, "from") or "",
        end=day(end, "to") or "",
        top=top,
        svg_href="/network.svg?" + str(request.query_params),
    )


@router.get(
    "/network.svg", summary="Actors and the events they play a role in (SVG)", response_class=Response
)
def network_picture(
    db: PoolDep, settings: SettingsDep, relation: Relations = None, cls: Classes = None,
    start: Start = None, end: End = None, top: Top = TOP,
) -> Response:  # fmt: skip
    _, svg = _picture(db, settings.base_iri, relation, cls, start, end, top)
    return Response(svg, media_type="image/svg+xml")
