"""Events per day by type, as an SVG stacked bar chart drawn by the server.

One bar per day from the first to the last day with events (days without any stay, as gaps),
each stacked by type in a fixed order, with a legend, a y axis and a date under every few bars.
Styles are presentation attributes: the picture renders under ``default-src 'self'``.
"""

from __future__ import annotations

from datetime import date, timedelta
from xml.sax.saxutils import escape

PALETTE = ("#c0392b", "#e67e22", "#8e44ad", "#2c3e50", "#16a085", "#d35400", "#7f8c8d", "#27ae60",
           "#b03a2e", "#5d6d7e", "#a04000", "#1f618d", "#6c3483", "#117864")  # fmt: skip
NEGOTIATION_COLOUR = "#2471a3"
HEIGHT, TOP, BOTTOM, LEFT = 220, 16, 44, 40


def _days(counts: dict[tuple[str, str], int]) -> list[str]:
    found = sorted({day for day, _ in counts})
    first, last = date.fromisoformat(found[0]), date.fromisoformat(found[-1])
    span = min((last - first).days, 730)  # two years of bars at most
    return [(first + timedelta(days=n)).isoformat() for n in range(span + 1)]


def _colours(types: list[str]) -> dict[str, str]:
    colours, n = {}, 0
    for name in types:
        if name == "Negotiation":
            colours[name] = NEGOTIATION_COLOUR
        else:
            colours[name] = PALETTE[n % len(PALETTE)]
            n += 1
    return colours


def events_per_day_svg(rows: list[tuple[str, str, int]]) -> str:
    """The chart of ``rows`` (day YYYY-MM-DD, type name, number of events)."""
    counts: dict[tuple[str, str], int] = {}
    for day, kind, n in rows:
        counts[day, kind] = counts.get((day, kind), 0) + n
    if not counts:
        return ""
    days = _days(counts)
    types = sorted({kind for _, kind in counts}, key=lambda k: (k == "Negotiation", k))
    colours = _colours(types)
    tallest = max(sum(counts.get((d, t), 0) for t in types) for d in days)
    bar = max(4, min(28, 900 // len(days)))
    width = LEFT + bar * len(days) + 20
    scale = (HEIGHT - TOP - BOTTOM) / tallest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT}" width="{width}" '
        f'height="{HEIGHT}" role="img" aria-label="Events per day by type" id="events-per-day">',
        *_axis(tallest, scale, width),
    ]
    every = max(1, len(days) // 8)
    for i, day in enumerate(days):
        x = LEFT + i * bar
        y: float = HEIGHT - BOTTOM
        for kind in types:
            n = counts.get((day, kind), 0)
            if n:
                h = n * scale
                y -= h
                parts.append(
                    f'<rect class="bar" x="{x + 1}" y="{y:.1f}" width="{bar - 2}" height="{h:.1f}" '
                    f'fill="{colours[kind]}" data-day="{day}" data-type="{escape(kind)}" data-n="{n}">'
                    f"<title>{day}: {n} × {escape(kind)}</title></rect>"
                )
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="10" text-anchor="middle" '
                f'font-family="sans-serif" fill="#444">{day[5:]}</text>'
            )
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 8}" font-size="10" font-family="sans-serif" fill="#444">{days[0][:4]}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + _legend(types, colours)


def _axis(tallest: int, scale: float, width: int) -> list[str]:
    base = HEIGHT - BOTTOM
    lines = [f'<line x1="{LEFT}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#999"/>']
    step = max(1, tallest // 4)
    for n in range(0, tallest + 1, step):
        y = base - n * scale
        lines.append(
            f'<text x="{LEFT - 6}" y="{y + 3:.1f}" font-size="10" text-anchor="end" font-family="sans-serif" '
            f'fill="#444">{n}</text>'
        )
    return lines


def _legend(types: list[str], colours: dict[str, str]) -> str:
    items = "".join(
        f'<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="{colours[t]}"/></svg> '
        f"{escape(t)}</li>"
        for t in types
    )
    return f'<ul class="chart-legend">{items}</ul>'
