"""The actor network as SVG, drawn by the server: actors and the events they play a role in.

Every edge is one triple of the graph: an actor is the agent of, participant in or mediator of
an event (the arrow points at the event), or the event's target or briefed party (the arrow
points at the actor). No edge is drawn between two actors, because the graph states none: a
mediator points at the negotiation, not at its participants. The layout is networkx's
spring layout (seeded, so the same graph gives the same picture); actors' labels are placed
where they overlap no other label and no node, and the picture is as large as its labels, so
none is cut. Every style is a presentation attribute: the picture renders under the pages'
``Content-Security-Policy: default-src 'self'``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

ROLES = {  # role → (colour, the arrow points at the event)
    "agent": ("#c0392b", True),
    "target": ("#e67e22", False),
    "participant": ("#2471a3", True),
    "mediator": ("#16a085", True),
    "briefed": ("#7f8c8d", False),
}
ACTOR_CLASSES = ("Person", "ArmedGroup", "GovernmentBody", "Organization", "GeopoliticalEntity")
EVENT_COLOURS = {"MilitaryAction": "#c0392b", "Negotiation": "#2471a3"}
FONT, CHAR_WIDTH, LINE = 12, 7.4, 15  # a generous width per character: a label never runs over
NODE_R, EVENT_R, PAD = 7, 6, 12
SPACING, GAP, ROW_WIDTH = 46.0, 110.0, 1000.0  # nodes apart; parts apart; a row of parts


@dataclass(frozen=True, slots=True)
class Node:
    """An actor (its classes, local names) or an event (its class): what is drawn and where it links."""

    iri: str
    label: str
    href: str
    kind: str  # "actor", or the event's class: MilitaryAction, Negotiation
    classes: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Role:
    """One triple: ``actor`` plays ``role`` in ``event``."""

    event: str
    role: str
    actor: str


@dataclass(frozen=True, slots=True)
class Selection:
    """What the picture shows: the roles between the chosen actors and their events, and how many actors there were."""

    roles: list[Role]
    actors: list[str]
    events: list[str]
    of_actors: int


def select(
    roles: list[Role], nodes: dict[str, Node], *, relations: set[str], classes: set[str], top: int
) -> Selection:
    """The ``top`` actors with the most roles, among those of ``classes``, in roles of ``relations``."""
    kept = [r for r in roles if r.role in relations and (not classes or nodes[r.actor].classes & classes)]
    degree = Counter(r.actor for r in kept)
    ranked = sorted(degree, key=lambda a: (-degree[a], nodes[a].label.lower(), a))
    chosen = set(ranked[:top])
    shown = sorted({r for r in kept if r.actor in chosen}, key=lambda r: (r.event, r.role, r.actor))
    events = sorted({r.event for r in shown})
    return Selection(shown, [a for a in ranked if a in chosen], events, len(ranked))


def _layout(selection: Selection) -> dict[str, tuple[float, float]]:
    """Each connected part laid out by networkx's spring layout, the parts packed in rows, largest first."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(selection.actors + selection.events)
    graph.add_edges_from((r.actor, r.event) for r in selection.roles)
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    where: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for nodes in parts:
        placed = _spread(graph.subgraph(nodes))
        width = max(px for px, _ in placed.values()) + GAP
        height = max(py for _, py in placed.values()) + GAP
        if x and x + width > ROW_WIDTH:
            x, y, row = 0.0, y + row, 0.0
        where.update({n: (x + px, y + py) for n, (px, py) in placed.items()})
        x, row = x + width, max(row, height)
    return where


def _spread(part: nx.Graph[str]) -> dict[str, tuple[float, float]]:
    """One connected part, nodes at least ``SPACING`` apart, its corner at (0, 0)."""
    if len(part) == 1:
        return {next(iter(part)): (0.0, 0.0)}
    found = nx.spring_layout(part, seed=7, iterations=300)
    points = {n: (float(px), float(py)) for n, (px, py) in found.items()}
    closest = min(
        ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
        for a, (ax, ay) in points.items()
        for b, (bx, by) in points.items()
        if a < b
    )
    scale = SPACING / max(closest, 1e-6)
    left, top = min(px for px, _ in points.values()), min(py for _, py in points.values())
    return {n: ((px - left) * scale, (py - top) * scale) for n, (px, py) in points.items()}


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _candidates(x: float, y: float, width: float) -> list[Box]:
    """Places for a label of ``width`` beside the node at (x, y): right, left, above, below, then further out."""
    spots = []
    for step in range(8):
        dy = step * LINE
        for ly in (y - LINE / 2 + dy, y - LINE / 2 - dy) if step else (y - LINE / 2,):
            spots.append((x + NODE_R + 3, ly, x + NODE_R + 3 + width, ly + LINE))
            spots.append((x - NODE_R - 3 - width, ly, x - NODE_R - 3, ly + LINE))
        if step == 0:
            spots.append((x - width / 2, y - NODE_R - 2 - LINE, x + width / 2, y - NODE_R - 2))
            spots.append((x - width / 2, y + NODE_R + 2, x + width / 2, y + NODE_R + 2 + LINE))
    return spots


def _labels(
    selection: Selection, nodes: dict[str, Node], where: dict[str, tuple[float, float]]
) -> dict[str, Box]:
    """A box for each actor's label that overlaps no other label and no node (the best connected placed first)."""
    taken: list[Box] = [
        (x - r, y - r, x + r, y + r)
        for iri, (x, y) in where.items()
        for r in [NODE_R if iri in selection.actors else EVENT_R]
    ]
    placed: dict[str, Box] = {}
    for iri in selection.actors:
        x, y = where[iri]
        spots = _candidates(x, y, CHAR_WIDTH * len(nodes[iri].label) * FONT / 12)
        box = next((s for s in spots if not any(_overlaps(s, t) for t in taken)), None)
        if box is None:  # crowded: go below everything placed so far, never on top of it
            bottom = max(t[3] for t in taken)
            box = (x - spots[0][2] + spots[0][0], bottom + 2, x, bottom + 2 + LINE)
        placed[iri] = box
        taken.append(box)
    return placed


def network_svg(selection: Selection, nodes: dict[str, Node]) -> str:
    """The SVG picture of ``selection``."""
    where = _layout(selection)
    if not where:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 420 60" width="420" height="60" role="img" '
            'aria-label="Network of actors" id="network"><text x="10" y="35" font-family="sans-serif">'
            "No actor plays a role in an event with these filters.</text></svg>"
        )
    labels = _labels(selection, nodes, where)
    boxes = list(labels.values()) + [
        (x - NODE_R, y - NODE_R, x + NODE_R, y + NODE_R) for x, y in where.values()
    ]
    left, top = min(b[0] for b in boxes) - PAD, min(b[1] for b in boxes) - PAD
    width, height = max(b[2] for b in boxes) - left + PAD, max(b[3] for b in boxes) - top + PAD
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.1f} {top:.1f} {width:.1f} {height:.1f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="Network of actors" id="network">',
        _defs(),
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#fff"/>',
    ]
    parts += [_edge(r, where, nodes) for r in selection.roles]
    parts += [_event(nodes[e], *where[e]) for e in selection.events]
    parts += [_actor(nodes[a], *where[a], labels[a]) for a in selection.actors]
    parts.append("</svg>")
    return "\n".join(parts)


def _edge(role: Role, where: dict[str, tuple[float, float]], nodes: dict[str, Node]) -> str:
    colour, to_event = ROLES[role.role]
    start, end = (role.actor, role.event) if to_event else (role.event, role.actor)
    (x1, y1), (x2, y2) = where[start], where[end]
    title = f"{nodes[role.actor].label} — {role.role} — {nodes[role.event].label}"
    return (
        f'<line class="edge" data-role="{role.role}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{colour}" stroke-width="1.6" stroke-opacity="0.8" marker-end="url(#arrow-{role.role})">'
        f"<title>{escape(title)}</title></line>"
    )


def _event(node: Node, x: float, y: float) -> str:
    r = EVENT_R
    points = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
    colour = EVENT_COLOURS.get(node.kind, "#555")
    return (
        f'<a class="event" href={quoteattr(node.href)}><title>{escape(node.label)}</title>'
        f'<polygon points="{points}" fill="{colour}" stroke="#fff" stroke-width="1"/></a>'
    )


def _actor(node: Node, x: float, y: float, box: Box) -> str:
    # the text starts at the box's edge next to the node: the estimated width is an upper bound
    if box[2] <= x - NODE_R:
        tx, anchor = box[2], "end"
    elif box[0] >= x + NODE_R:
        tx, anchor = box[0], "start"
    else:
        tx, anchor = (box[0] + box[2]) / 2, "middle"
    return (
        f'<a class="actor" href={quoteattr(node.href)}><title>{escape(node.label)}</title>'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{NODE_R}" fill="#2c3e50" stroke="#fff" stroke-width="1.5"/>'
        f'<text x="{tx:.1f}" y="{box[3] - 4:.1f}" text-anchor="{anchor}" font-size="{FONT}" '
        f'font-family="sans-serif" fill="#222">{escape(node.label)}</text></a>'
    )


def _defs() -> str:
    markers = "".join(
        f'<marker id="arrow-{role}" viewBox="0 0 10 10" refX="{18 if to_event else 20}" refY="5" '
        f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for role, (colour, to_event) in ROLES.items()
    )
    return f"<defs>{markers}</defs>"
