"""The server's own read queries: figures, resource descriptions, timeline, network.

They are fixed, bounded queries, kept in ``rq/*.rq`` (package data) with their parameters
substituted as pyoxigraph terms (:mod:`kg.sparql_text`), and run by the same worker pool as the
users' SPARQL (so they see the same merged default graph and obey the same time limit); each
returns rows of pyoxigraph terms, or triples, for the pages and RDF views to render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import pyoxigraph as ox

from kg.sandbox import QueryPool
from kg.sparql_text import Template, Value, load
from kg.vocab import KG

Row = dict[str, Any]

EVENT_ROLES = ("agent", "target", "participant", "mediator", "briefed")


@dataclass(frozen=True, slots=True)
class Figures:
    """How much the graph holds."""

    triples: int
    documents: int
    actors: int
    statements: int
    events: int
    military_actions: int
    negotiations: int
    places: int
    wikidata_links: int


@cache
def query(name: str) -> Template:
    """The query in ``rq/{name}.rq`` (read once: it is package data)."""
    return load("kg.web", f"rq/{name}.rq")


def _roles() -> list[ox.NamedNode]:
    return [ox.NamedNode(f"{KG}{role}") for role in EVENT_ROLES]


def figures(db: QueryPool) -> Figures:
    """How much the graph holds now (the app's state keeps it per version of the store)."""
    counts = {
        str(r["class"].value).rsplit("#", 1)[-1]: as_int(r["n"]) for r in db.select(query("counts").bind())
    }
    return Figures(
        triples=as_int(db.select(query("triples").bind())[0]["n"]),
        documents=counts.get("Document", 0),
        actors=counts.get("Actor", 0),
        statements=counts.get("Statement", 0),
        events=counts.get("Event", 0),
        military_actions=counts.get("MilitaryAction", 0),
        negotiations=counts.get("Negotiation", 0),
        places=counts.get("Place", 0),
        wikidata_links=as_int(db.select(query("same_as").bind())[0]["n"]),
    )


def as_int(term: Any) -> int:
    return int(term.value) if term is not None else 0


def exists(db: QueryPool, iri: str) -> bool:
    """Whether ``iri`` is the subject of any triple (ValueError: not an IRI)."""
    return db.ask(query("exists").bind(resource=ox.NamedNode(iri)))


def describe(db: QueryPool, iri: str) -> list[ox.Triple]:
    """A resource's own triples, the labels of what it links to, and what points at it."""
    return db.construct(query("describe").bind(resource=ox.NamedNode(iri)))


def properties(db: QueryPool, iri: str) -> list[Row]:
    """The resource's own (predicate, object, object's label) rows."""
    return db.select(query("properties").bind(resource=ox.NamedNode(iri)))


def statements_by(db: QueryPool, iri: str, limit: int = 500) -> list[Row]:
    """What the actor said, in date order."""
    return db.select(query("statements_by").bind(actor=ox.NamedNode(iri), limit=limit))


def events_of(db: QueryPool, iri: str, limit: int = 500) -> list[Row]:
    """The events the actor took part in (with its role), in date order."""
    return db.select(query("events_of").bind(actor=ox.NamedNode(iri), roles=_roles(), limit=limit))


def claimed_by(db: QueryPool, iri: str) -> list[Row]:
    """The statements that claim an event, with their speakers."""
    return db.select(query("claimed_by").bind(event=ox.NamedNode(iri)))


def timeline(db: QueryPool, start: str | None, end: str | None, limit: int) -> list[Row]:
    """Military actions and negotiations in date order, each article's in text order (undated last)."""
    bounds: dict[str, Value] = {"from": _date(start), "to": _date(end)}
    return db.select(query("timeline").bind(**bounds, limit=limit))


def timeline_counts(db: QueryPool, start: str | None, end: str | None) -> list[Row]:
    """(date, type, n): events per day and type, as the timeline dates them."""
    bounds: dict[str, Value] = {"from": _date(start), "to": _date(end)}
    return db.select(query("timeline_counts").bind(**bounds))


def event_roles(db: QueryPool, events: list[str]) -> list[Row]:
    """(event, role, actor, label) rows for the given events."""
    if not events:
        return []
    names = [ox.NamedNode(e) for e in events]
    return db.select(query("event_roles").bind(events=names, roles=_roles()))


def _date(text: str | None) -> ox.Literal:
    """A YYYY-MM-DD date as a literal, "" for none (ValueError for anything else)."""
    return ox.Literal(date.fromisoformat(text).isoformat() if text else "")


def network_roles(db: QueryPool, start: str | None, end: str | None) -> list[Row]:
    """(event, its class and label, role, actor, its label and classes) for events in the dates."""
    bounds: dict[str, Value] = {"from": _date(start), "to": _date(end)}
    return db.select(query("network").bind(**bounds))


def top_speakers(db: QueryPool, limit: int = 10) -> list[Row]:
    return db.select(query("top_speakers").bind(limit=limit))


def recent_documents(db: QueryPool, limit: int = 10) -> list[Row]:
    return db.select(query("recent_documents").bind(limit=limit))


def disputes(db: QueryPool, instance: str | None, limit: int) -> list[Row]:
    """The sides of the disputes on every event instance, or on ``instance`` only."""
    one = ox.NamedNode(instance) if instance else ox.NamedNode(f"{KG}none")
    return db.select(query("disputes").bind(all=ox.Literal(instance is None), instance=one, limit=limit))


def instance_reports(db: QueryPool, instance: str, limit: int = 1000) -> list[Row]:
    """The reports of one event instance, their articles, sentences and the statements about them."""
    return db.select(query("instance_reports").bind(instance=ox.NamedNode(instance), limit=limit))


def document(db: QueryPool, iri: str) -> Row | None:
    """The document's title, date, publisher, source and text; None when there is no such document."""
    rows = db.select(query("document").bind(document=ox.NamedNode(iri)))
    return rows[0] if rows else None


def document_mentions(db: QueryPool, iri: str) -> list[Row]:
    """Where the document's text names an actor, a place or an event, in text order."""
    prefix = ox.Literal(f"{iri}#char=")
    return db.select(query("document_mentions").bind(document=ox.NamedNode(iri), prefix=prefix))


def document_statements(db: QueryPool, iri: str) -> list[Row]:
    """The document's statements with their speakers and offsets, in text order."""
    return db.select(query("document_statements").bind(document=ox.NamedNode(iri)))


def document_events(db: QueryPool, iri: str) -> list[Row]:
    """The document's military actions, negotiations and unrealized events, in text order."""
    return db.select(query("document_events").bind(document=ox.NamedNode(iri)))
