"""The server's own read queries: figures, resource descriptions, timeline, network.

They are fixed, bounded queries, run by the same worker pool as the users' SPARQL (so they
see the same merged default graph and obey the same time limit); each returns rows of
pyoxigraph terms, or triples, for the pages and RDF views to render.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.web.query_pool import QueryPool

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


_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { kg:Document kg:Actor kg:Statement kg:Event kg:MilitaryAction kg:Negotiation
                  kg:Place }
  ?s a ?class
} GROUP BY ?class
"""
_SAME_AS = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s owl:sameAs ?wd }"
_figures_cache: dict[int, tuple[int, Figures]] = {}
_figures_lock = threading.Lock()


def figures(db: QueryPool) -> Figures:
    """The dataset's figures, computed once per version of the store."""
    with _figures_lock:
        cached = _figures_cache.get(id(db))
        if cached is not None and cached[0] == db.store.version:
            return cached[1]
    version = db.store.version
    counts = {str(r["class"].value).rsplit("#", 1)[-1]: as_int(r["n"]) for r in db.select(_COUNTS)}
    result = Figures(
        triples=len(db.store),
        documents=counts.get("Document", 0),
        actors=counts.get("Actor", 0),
        statements=counts.get("Statement", 0),
        events=counts.get("Event", 0),
        military_actions=counts.get("MilitaryAction", 0),
        negotiations=counts.get("Negotiation", 0),
        places=counts.get("Place", 0),
        wikidata_links=as_int(db.select(_SAME_AS)[0]["n"]),
    )
    with _figures_lock:
        _figures_cache[id(db)] = (version, result)
    return result


def as_int(term: Any) -> int:
    return int(term.value) if term is not None else 0


def ref(iri: str) -> str:
    """``iri`` as a SPARQL IRI reference (checked and escaped by pyoxigraph)."""
    return str(ox.NamedNode(iri))


def exists(db: QueryPool, iri: str) -> bool:
    """Whether ``iri`` is the subject of any triple."""
    return db.ask(f"ASK {{ {ref(iri)} ?p ?o }}")


def describe(db: QueryPool, iri: str) -> list[ox.Triple]:
    """A resource's own triples, the labels of what it links to, and what points at it."""
    r = ref(iri)
    sparql = f"""
    CONSTRUCT {{ {r} ?p ?o . ?o rdfs:label ?ol . ?in ?ip {r} . ?in a ?it ; rdfs:label ?il ;
                 kg:text ?itext ; kg:date ?idate ; kg:evidence ?iev }}
    WHERE {{
      {{ {r} ?p ?o . OPTIONAL {{ ?o rdfs:label ?ol }} }}
      UNION
      {{ ?in ?ip {r} . FILTER(?ip != prov:wasDerivedFrom)
         OPTIONAL {{ ?in a ?it }} OPTIONAL {{ ?in rdfs:label ?il }} OPTIONAL {{ ?in kg:text ?itext }}
         OPTIONAL {{ ?in kg:date ?idate }} OPTIONAL {{ ?in kg:evidence ?iev }} }}
    }}"""
    return db.construct(sparql)


def properties(db: QueryPool, iri: str) -> list[Row]:
    """The resource's own (predicate, object, object's label) rows."""
    r = ref(iri)
    sparql = f"""SELECT ?p ?o (SAMPLE(?l) AS ?label) WHERE {{
      {r} ?p ?o . OPTIONAL {{ ?o rdfs:label|skos:prefLabel ?l }}
    }} GROUP BY ?p ?o ORDER BY ?p ?o"""
    return db.select(sparql)


def statements_by(db: QueryPool, iri: str, limit: int = 500) -> list[Row]:
    """What the actor said, in date order."""
    sparql = f"""SELECT ?st ?text ?cue ?quoteType ?date ?evidence ?doc WHERE {{
      ?st kg:speaker {ref(iri)} ; kg:text ?text .
      OPTIONAL {{ ?st kg:cue ?cue }} OPTIONAL {{ ?st kg:quoteType ?quoteType }}
      OPTIONAL {{ ?st kg:date ?date }} OPTIONAL {{ ?st kg:evidence ?evidence }}
      OPTIONAL {{ ?st prov:wasDerivedFrom ?doc }}
    }} ORDER BY ?date ?st LIMIT {limit}"""
    return db.select(sparql)


def events_of(db: QueryPool, iri: str, limit: int = 500) -> list[Row]:
    """The events the actor took part in (with its role), in date order."""
    roles = " ".join(f"kg:{role}" for role in EVENT_ROLES)
    sparql = f"""SELECT ?ev ?role ?label ?class ?date ?evidence WHERE {{
      VALUES ?role {{ {roles} }}
      ?ev ?role {ref(iri)} .
      OPTIONAL {{ ?ev rdfs:label ?label }}
      OPTIONAL {{ ?ev a ?class FILTER(?class IN (kg:MilitaryAction, kg:Negotiation)) }}
      OPTIONAL {{ ?ev kg:date ?d }} OPTIONAL {{ ?ev kg:startDate ?sd }}
      BIND(COALESCE(?d, ?sd) AS ?date)
      OPTIONAL {{ ?ev kg:evidence ?evidence }}
    }} ORDER BY ?date ?ev LIMIT {limit}"""
    return db.select(sparql)


def claimed_by(db: QueryPool, iri: str) -> list[Row]:
    """The statements that claim an event, with their speakers."""
    sparql = f"""SELECT ?st ?text ?speaker ?speakerLabel WHERE {{
      ?st kg:claims {ref(iri)} ; kg:text ?text ; kg:speaker ?speaker .
      OPTIONAL {{ ?speaker rdfs:label ?speakerLabel }}
    }} ORDER BY ?st"""
    return db.select(sparql)


def timeline(db: QueryPool, start: str | None, end: str | None, limit: int) -> list[Row]:
    """Military actions and negotiations in date order (undated ones last)."""
    bounds = ""
    if start:
        bounds += f' FILTER(!BOUND(?date) || STR(?date) >= "{_date(start)}")'
    if end:
        bounds += f' FILTER(!BOUND(?date) || STR(?date) <= "{_date(end)}")'
    sparql = f"""SELECT ?ev ?class ?label ?date ?endDate ?actionType ?typeLabel ?evidence
                        ?killed ?wounded ?quantityText ?targetCount ?doc WHERE {{
      VALUES ?class {{ kg:MilitaryAction kg:Negotiation }}
      ?ev a ?class .
      OPTIONAL {{ ?ev rdfs:label ?label }}
      OPTIONAL {{ ?ev kg:date ?d }} OPTIONAL {{ ?ev kg:startDate ?sd }}
      OPTIONAL {{ ?ev kg:endDate ?endDate }}
      BIND(COALESCE(?d, ?sd) AS ?date)
      OPTIONAL {{ ?ev kg:actionType ?actionType OPTIONAL {{ ?actionType skos:prefLabel ?typeLabel }} }}
      OPTIONAL {{ ?ev kg:evidence ?evidence }} OPTIONAL {{ ?ev kg:killed ?killed }}
      OPTIONAL {{ ?ev kg:wounded ?wounded }} OPTIONAL {{ ?ev kg:quantityText ?quantityText }}
      OPTIONAL {{ ?ev kg:targetCount ?targetCount }}
      OPTIONAL {{ ?ev prov:wasDerivedFrom ?doc }}
      {bounds}
    }} ORDER BY (!BOUND(?date)) ?date ?ev LIMIT {limit}"""
    return db.select(sparql)


def event_roles(db: QueryPool, events: list[str]) -> list[Row]:
    """(event, role, actor, label) rows for the given events."""
    if not events:
        return []
    values = " ".join(ref(e) for e in events)
    roles = " ".join(f"kg:{role}" for role in EVENT_ROLES)
    sparql = f"""SELECT ?ev ?role ?actor (SAMPLE(?l) AS ?label) WHERE {{
      VALUES ?ev {{ {values} }} VALUES ?role {{ {roles} }}
      ?ev ?role ?actor . OPTIONAL {{ ?actor rdfs:label ?l }}
    }} GROUP BY ?ev ?role ?actor"""
    return db.select(sparql)


def _date(text: str) -> str:
    """A YYYY-MM-DD date, or ValueError (the value is spliced into a query)."""
    from datetime import date

    return date.fromisoformat(text).isoformat()


_NETWORK = """
SELECT ?a ?b ?relation (COUNT(DISTINCT ?x) AS ?n) (SAMPLE(?al) AS ?aLabel) (SAMPLE(?bl) AS ?bLabel)
WHERE {
  {
    ?x a kg:MilitaryAction ; kg:agent ?a ; kg:target ?b . BIND("struck" AS ?relation)
  } UNION {
    ?x kg:mediator ?a ; kg:participant ?b . BIND("mediated" AS ?relation)
  } UNION {
    ?x kg:speaker ?a ; kg:claims ?ev . ?ev kg:agent|kg:target|kg:participant|kg:mediator ?b .
    BIND("spoke about" AS ?relation)
  }
  FILTER(isIRI(?b) && ?a != ?b)
  ?b a kg:Actor .
  OPTIONAL { ?a rdfs:label ?al } OPTIONAL { ?b rdfs:label ?bl }
} GROUP BY ?a ?b ?relation
"""


def network_edges(db: QueryPool) -> list[Row]:
    """Who struck, mediated for, or spoke about whom, with how many events say so."""
    return db.select(_NETWORK)


def top_speakers(db: QueryPool, limit: int = 10) -> list[Row]:
    sparql = f"""SELECT ?speaker (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?st) AS ?n) WHERE {{
      ?st kg:speaker ?speaker . OPTIONAL {{ ?speaker rdfs:label ?l }}
    }} GROUP BY ?speaker ORDER BY DESC(?n) LIMIT {limit}"""
    return db.select(sparql)


def recent_documents(db: QueryPool, limit: int = 10) -> list[Row]:
    sparql = f"""SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?issued) WHERE {{
      ?doc a kg:Document . OPTIONAL {{ ?doc rdfs:label ?t }} OPTIONAL {{ ?doc dcterms:issued ?d }}
    }} GROUP BY ?doc ORDER BY DESC(?issued) ?doc LIMIT {limit}"""
    return db.select(sparql)
