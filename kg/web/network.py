"""The actor network as SVG, drawn by the server: actors on a circle, relations as arrows.

Every style is a presentation attribute, never a ``style`` attribute or element, so the
picture renders under the pages' ``Content-Security-Policy: default-src 'self'``.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

RELATIONS = {  # relation → (colour, dash pattern)
    "struck": ("#c0392b", ""),
    "mediated": ("#2471a3", ""),
    "spoke about": ("#7f8c8d", "5 4"),
}


@dataclass(frozen=True, slots=True)
class Edge:
    """``source`` did ``relation`` to ``target`` in ``weight`` events."""

    source: str
    target: str
    relation: str
    weight: int


@dataclass(frozen=True, slots=True)
class Node:
    iri: str
    label: str
    href: str


def _chosen(edges: list[Edge], max_nodes: int) -> list[str]:
    degree: Counter[str] = Counter()
    for e in edges:
        degree[e.source] += e.weight
        degree[e.target] += e.weight
    return [iri for iri, _ in degree.most_common(max_nodes)]


def _positions(iris: list[str], centre: float, radius: float) -> dict[str, tuple[float, float]]:
    step = 2 * math.pi / max(len(iris), 1)
    return {
        iri: (
            centre + radius * math.cos(i * step - math.pi / 2),
            centre + radius * math.sin(i * step - math.pi / 2),
        )
        for i, iri in enumerate(iris)
    }


def _edge(edge: Edge, a: tuple[float, float], b: tuple[float, float], rank: int) -> str:
    (x1, y1), (x2, y2) = a, b
    # bow each arrow to its own side, so A→B and B→A stay apart, and bow the second and
    # later relations between the same two actors further out
    bend = 0.15 + 0.12 * rank
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    cx, cy = mx - (y2 - y1) * bend, my + (x2 - x1) * bend
    colour, dash = RELATIONS.get(edge.relation, ("#555", ""))
    width = 1.2 + math.log2(edge.weight)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    marker = edge.relation.replace(" ", "-")
    return (
        f'<path d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" fill="none" '
        f'stroke="{colour}" stroke-width="{width:.1f}" stroke-opacity="0.75"{dashed} '
        f'marker-end="url(#arrow-{marker})"><title>{escape(edge.relation)} ×{edge.weight}</title></path>'
    )


def _node(node: Node, x: float, y: float, centre: float) -> str:
    right = x >= centre - 1
    lx = x + (10 if right else -10)
    anchor = "start" if right else "end"
    return (
        f"<a href={quoteattr(node.href)}><title>{escape(node.label)}</title>"
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="#2c3e50" stroke="#fff" stroke-width="1.5"/>'
        f'<text x="{lx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" font-size="12" '
        f'font-family="sans-serif" fill="#222">{escape(node.label)}</text></a>'
    )


def _defs() -> str:
    markers = "".join(
        f'<marker id="arrow-{name.replace(" ", "-")}" viewBox="0 0 10 10" refX="17" refY="5" '
        f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for name, (colour, _) in RELATIONS.items()
    )
    return f"<defs>{markers}</defs>"


def _legend() -> str:
    items = []
    for i, (name, (colour, dash)) in enumerate(RELATIONS.items()):
        y = 20 + i * 18
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(
            f'<line x1="10" y1="{y}" x2="40" y2="{y}" stroke="{colour}" stroke-width="2.5"{dashed}/>'
            f'<text x="46" y="{y + 4}" font-size="12" font-family="sans-serif">{escape(name)}</text>'
        )
    return "".join(items)


def network_svg(edges: list[Edge], nodes: dict[str, Node], *, max_nodes: int = 40, size: int = 820) -> str:
    """An SVG picture of ``edges`` between the ``max_nodes`` best connected actors."""
    chosen = _chosen(edges, max_nodes)
    centre = size / 2
    where = _positions(chosen, centre, centre - 150)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" '
        f'height="{size}" role="img" aria-label="Network of actors">',
        _defs(),
        f'<rect width="{size}" height="{size}" fill="#fff"/>',
        _legend(),
    ]
    ranks: Counter[tuple[str, str]] = Counter()
    for e in edges:
        if e.source in where and e.target in where:
            parts.append(_edge(e, where[e.source], where[e.target], ranks[e.source, e.target]))
            ranks[e.source, e.target] += 1
    parts += [_node(nodes[iri], *where[iri], centre) for iri in chosen]
    if not chosen:
        parts.append(
            f'<text x="{centre}" y="{centre}" text-anchor="middle" font-family="sans-serif">'
            "No relations between actors yet.</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
