"""A document's page: the article's text with every extracted fact marked in place, and a list.

The fastest way to see what NewsKG read in an article, and to spot its mistakes: actors and
places are marked where the text names them, statements where their words stand (numbered, with
their speakers), military actions, negotiations and unrealized events at their trigger words;
each mark links to its resource, and the side list gives the same facts with their roles and
numbers. Title, date, publisher and source link on top, downloads of the document's graph below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.responses import HTMLResponse

from kg.sandbox import QueryPool
from kg.vocab import KG
from kg.web import queries
from kg.web.alternates import resource_alternates
from kg.web.marks import Span, kept_anchors, mark_up
from kg.web.templating import Shown, compact, local_href, render, show, text_of

# the first class a resource has in this order decides its mark
KINDS = (
    ("MilitaryAction", "military", "military action"),
    ("Negotiation", "negotiation", "negotiation"),
    ("UnrealizedEvent", "unrealized", "unrealized event"),
    ("Person", "actor", "person"),
    ("ArmedGroup", "actor", "armed group"),
    ("GovernmentBody", "actor", "government body"),
    ("Organization", "actor", "organisation"),
    ("GeopoliticalEntity", "actor", "state or city"),
    ("Actor", "actor", "actor"),
    ("Place", "place", "place"),
)


@dataclass
class Extracted:
    """One fact in the side list: its link, what it is, its details, and where the text says it."""

    link: Shown
    what: str
    spots: list[tuple[int, int]] = field(default_factory=list)  # where the text says it
    details: list[tuple[str, list[Shown]]] = field(default_factory=list)
    note: str = ""
    anchor: str = ""  # the id of the mark to jump to (set once the marks are known)


def _kind(kinds: str) -> tuple[str, str]:
    names = {k.removeprefix(KG) for k in kinds.split()}
    return next(((css, what) for name, css, what in KINDS if name in names), ("actor", "resource"))


def document_page(db: QueryPool, iri: str, base: str) -> HTMLResponse:
    """The HTML page of the document ``iri`` (which exists)."""
    doc = queries.document(db, iri) or {}
    text = text_of(doc.get("content"))
    mentions, actors = _mentions(db, iri, base)
    statement_spans, statements = _statements(db, iri, base)
    events = _events(db, iri, base)
    title = text_of(doc.get("title")) or text_of(doc.get("label")) or compact(iri)
    kept = kept_anchors(text, statement_spans, mentions)
    for entry in [*actors, *statements, *(e for group in events.values() for e in group)]:
        entry.anchor = _jump(entry.spots, kept)
    return render(
        "document.html",
        title=title,
        iri=iri,
        issued=text_of(doc.get("issued")),
        publisher=text_of(doc.get("publisher")),
        source=_web_link(text_of(doc.get("source"))),
        source_text=text_of(doc.get("source")),
        text=mark_up(text, statement_spans, mentions) if text else None,
        actors=actors,
        statements=statements,
        events=events,
        alternates=resource_alternates(iri, document=True),
    )


def _jump(spots: list[tuple[int, int]], kept: list[tuple[int, int, str]]) -> str:
    """The mark of the first of ``spots`` the text shows; else the mark that covers the first
    (a mention inside a longer one, a statement inside another); else none."""
    ids = {(begin, end): ident for begin, end, ident in kept}
    found = next((ids[spot] for spot in spots if spot in ids), "")
    if found or not spots:
        return found
    return next((ident for begin, end, ident in kept if begin <= spots[0][0] < end), "")


def _web_link(source: str) -> str:
    """The source as a link only when it is a web address: never a ``javascript:`` one."""
    return source if source.startswith(("http://", "https://")) else ""


def _mentions(db: QueryPool, iri: str, base: str) -> tuple[list[Span], list[Extracted]]:
    spans: list[Span] = []
    actors: dict[str, Extracted] = {}
    counts: dict[str, int] = {}
    for row in queries.document_mentions(db, iri):
        css, what = _kind(text_of(row.get("kinds")))
        label = text_of(row.get("label")) or compact(row["x"].value)
        href = local_href(row["x"].value, base)
        begin, end = queries.as_int(row["b"]), queries.as_int(row["e"])
        spans.append(Span(begin, end, css, href, f"{label} ({what})"))
        if css in ("actor", "place"):
            entry = actors.setdefault(row["x"].value, Extracted(show(row["x"], base, row.get("label")), what))
            entry.spots.append((begin, end))
            counts[row["x"].value] = counts.get(row["x"].value, 0) + 1
    for key, entry in actors.items():
        entry.note = "1 mention" if counts[key] == 1 else f"{counts[key]} mentions"
    return spans, sorted(actors.values(), key=lambda a: a.link.text.lower())


def _statements(db: QueryPool, iri: str, base: str) -> tuple[list[Span], list[Extracted]]:
    spans, items = [], []
    for n, row in enumerate(queries.document_statements(db, iri), start=1):
        speaker = show(row["speaker"], base, row.get("speakerLabel"))
        quote = "direct quote" if text_of(row.get("quoteType")).endswith("DirectQuote") else "reported"
        title = f"S{n}: {speaker.text} ({text_of(row.get('cue')) or 'said'}, {quote})"
        link = show(row["st"], base, row["text"])
        spots = []
        if row.get("b") is not None and row.get("e") is not None:
            begin, end = queries.as_int(row["b"]), queries.as_int(row["e"])
            spans.append(Span(begin, end, "statement", link.href or "", title, f"S{n}"))
            spots.append((begin, end))
        negative = text_of(row.get("polarity")).endswith("Negative")
        note = f"S{n} · {quote}" + (" · a denial" if negative else "")
        items.append(Extracted(link, "statement", spots, [("speaker", [speaker])], note))
    return spans, items


def _events(db: QueryPool, iri: str, base: str) -> dict[str, list[Extracted]]:
    rows = queries.document_events(db, iri)
    roles: dict[str, list[tuple[str, list[Shown]]]] = {}
    for r in queries.event_roles(db, [row["ev"].value for row in rows]):
        role = r["role"].value.rsplit("#", 1)[-1]
        found = roles.setdefault(r["ev"].value, [])
        names = next((actors for name, actors in found if name == role), None)
        if names is None:
            names = []
            found.append((role, names))
        names.append(show(r["actor"], base, r.get("label")))
    grouped: dict[str, list[Extracted]] = {"military": [], "negotiation": [], "unrealized": []}
    for row in rows:
        css, what = _kind(row["class"].value)
        spots = []
        if row.get("b") is not None:
            spots.append((queries.as_int(row["b"]), queries.as_int(row["e"])))
        grouped[css].append(
            Extracted(
                show(row["ev"], base, row.get("label")),
                what,
                spots,
                _ordered(roles.get(row["ev"].value, [])),
                _note(row),
            )
        )
    return grouped


def _ordered(roles: list[tuple[str, list[Shown]]]) -> list[tuple[str, list[Shown]]]:
    order = {role: i for i, role in enumerate(queries.EVENT_ROLES)}
    return sorted(roles, key=lambda item: order.get(item[0], len(order)))


def _note(row: dict[str, Any]) -> str:
    parts = [compact(text_of(row.get("type"))).removeprefix("kg:")] if row.get("type") else []
    if row.get("modality") is not None:
        parts.append(compact(row["modality"].value).removeprefix("kg:").lower())
    for name, what in (("quantityText", "used"), ("killedText", "killed"), ("woundedText", "wounded")):
        if row.get(name) is not None:
            parts.append(f"{text_of(row[name])} {what}")
    if row.get("date") is not None:
        parts.append(text_of(row["date"]))
    return " · ".join(p for p in parts if p)
