"""Map one article's records onto the NewsKG ontology: ``Extraction`` -> :class:`DocumentGraph`.

The graph of one document is self-contained (types and labels of every actor and place it
mentions) so it can be validated alone and stored as its own named graph. The shape of what
is written is documented in ``docs/GRAPH_SHAPE.md`` and checked by ``shapes/``.

The triples are made as pyoxigraph terms, in the order they are written here and each once
(as an rdflib graph would hold them), with the lexical forms rdflib gives the same values
(``tests/test_mapping.py`` compares them): an rdflib graph cost a build more than the rest of
the mapping, and was converted to pyoxigraph's terms after validation anyway.
:func:`map_to_rdf` gives the same triples as an rdflib graph, for readers that want one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.graph import DocumentGraph
from kg.records import (
    ActorRecord,
    Evidence,
    Extraction,
    Mention,
    MilitaryActionRecord,
    NegotiationRecord,
    PlaceRecord,
    Quantity,
    StatementRecord,
    TimeRef,
)
from kg.terms import rdflib_graph
from kg.vocab import KG, PROV, WD, document_iri, is_web_url, mention_iri, mint_iri, text_hash

_LABEL_CHARS = 80

Term = ox.NamedNode | ox.Literal


@cache
def _n(iri: str) -> ox.NamedNode:
    """The pyoxigraph IRI of an rdflib one (or of a string), made once."""
    return ox.NamedNode(str(iri))


_INTEGER, _DECIMAL, _BOOLEAN, _DATE, _DATETIME = (
    _n(t) for t in (XSD.integer, XSD.decimal, XSD.boolean, XSD.date, XSD.dateTime)
)
_TRUE = ox.Literal("true", datatype=_BOOLEAN)


def integer(value: int) -> ox.Literal:
    """An ``xsd:integer``, as rdflib's ``Literal(value)`` writes it."""
    return ox.Literal(str(int(value)), datatype=_INTEGER)


def decimal(value: Decimal) -> ox.Literal:
    """An ``xsd:decimal``, as rdflib's ``Literal(value, datatype=XSD.decimal)`` writes it.

    >>> decimal(Decimal("0.85")).value, decimal(Decimal("1.0")).value, decimal(Decimal("1E+1")).value
    ('0.85', '1.0', '10')
    """
    return ox.Literal(format(value, "f"), datatype=_DECIMAL)


class _Mapper:
    """Writes the triples of one extraction, in order and each once."""

    def __init__(self, extraction: Extraction, base: str, generated: datetime) -> None:
        self.x = extraction
        self.base = base
        self.generated = generated
        self.triples: dict[ox.Triple, None] = {}
        self.doc_iri = document_iri(extraction.article.doc_id, base)
        self.doc = ox.NamedNode(self.doc_iri)
        self.places = {p.key for p in extraction.places}
        self._iris: dict[tuple[str, str], ox.NamedNode] = {}

    def iri(self, kind: str, key: str) -> ox.NamedNode:
        found = self._iris.get((kind, key))
        if found is None:
            found = self._iris[kind, key] = ox.NamedNode(str(mint_iri(kind, key, self.base)))
        return found

    def ref(self, key: str) -> ox.NamedNode:
        """The IRI of an actor or a place, by key."""
        return self.iri("place" if key in self.places else "actor", key)

    def add(self, s: ox.NamedNode, p: URIRef, o: Term | str | None) -> None:
        """One triple; a string object is a plain literal, None adds nothing."""
        if o is not None:
            self.triples[ox.Triple(s, _n(p), ox.Literal(o) if isinstance(o, str) else o)] = None

    def provenance(self, s: ox.NamedNode, evidence: Evidence) -> None:
        self.add(s, PROV.wasDerivedFrom, self.doc)
        self.add(s, KG.evidence, evidence.sentence.text)
        self.add(s, KG.charStart, integer(evidence.sentence.start_char))
        self.add(s, KG.charEnd, integer(evidence.sentence.end_char))
        self.add(s, KG.confidence, decimal(Decimal(str(round(evidence.confidence, 3)))))

    def mention(self, mention: Mention, of: ox.NamedNode) -> ox.NamedNode:
        """The ``kg:Mention`` of ``mention``'s stretch of text, naming ``of``."""
        node = ox.NamedNode(mention_iri(self.doc_iri, mention.start_char, mention.end_char))
        self.add(node, RDF.type, _n(KG.Mention))
        self.add(node, KG.mentionOf, of)
        self.add(node, KG.beginIndex, integer(mention.start_char))
        self.add(node, KG.endIndex, integer(mention.end_char))
        return node

    def time(self, s: ox.NamedNode, time: TimeRef | None, date_p: URIRef, text_p: URIRef) -> None:
        if time is None:
            return
        self.add(s, text_p, time.text)
        if time.resolved is not None:
            self.add(s, date_p, ox.Literal(time.resolved.isoformat(), datatype=_DATE))


def map_document_node(m: _Mapper) -> None:
    """The ``kg:Document``: bibliographic data, the text's hash and the extractor's name."""
    article, doc = m.x.article, m.doc
    m.add(doc, RDF.type, _n(KG.Document))
    m.add(doc, RDFS.label, article.title or article.doc_id)
    m.add(doc, DCTERMS.identifier, article.doc_id)
    m.add(doc, DCTERMS.title, article.title or None)
    if article.published is not None:
        m.add(doc, DCTERMS.issued, ox.Literal(article.published.isoformat(), datatype=_DATE))
    m.add(doc, DCTERMS.source, ox.NamedNode(article.url) if article.url and is_web_url(article.url) else None)
    m.add(doc, DCTERMS.publisher, article.publisher or None)
    m.add(doc, KG.textHash, text_hash(article.text))
    m.add(doc, KG.charCount, integer(len(article.text)))
    m.add(doc, KG.content, article.text)
    m.add(doc, KG.extractor, m.x.extractor)
    m.add(doc, KG.extractorVersion, m.x.extractor_version)
    m.add(doc, KG.rulesVersion, m.x.rules_version)
    m.add(doc, PROV.generatedAtTime, ox.Literal(m.generated.isoformat(), datatype=_DATETIME))


_KIND_CLASS = {
    "Person": KG.Person,
    "Organization": KG.Organization,
    "ArmedGroup": KG.ArmedGroup,
    "GovernmentBody": KG.GovernmentBody,
    "GeopoliticalEntity": KG.GeopoliticalEntity,
}


def map_actor(m: _Mapper, actor: ActorRecord) -> None:
    """An actor with its class, names, Wikidata link, roles and affiliation."""
    s = m.iri("actor", actor.key)
    m.add(s, RDF.type, _n(KG.Actor))
    m.add(s, RDF.type, _n(_KIND_CLASS[actor.kind]))
    if actor.is_place:
        m.add(s, RDF.type, _n(KG.Place))
    if not actor.named:
        m.add(s, RDF.type, _n(KG.UnnamedActor))
    _names(m, s, actor.name, actor.aliases, actor.wikidata)
    for role in actor.roles:
        m.add(s, KG.role, role)
    if actor.affiliation:
        m.add(s, KG.affiliation, m.ref(actor.affiliation))
    for mention in actor.mentions:
        m.mention(mention, s)
    if actor.evidence is not None:
        m.provenance(s, actor.evidence)


def map_place(m: _Mapper, place: PlaceRecord) -> None:
    """A place that is not an actor: a region, a site."""
    s = m.iri("place", place.key)
    m.add(s, RDF.type, _n(KG.Place))
    _names(m, s, place.name, place.aliases, place.wikidata)
    for mention in place.mentions:
        m.mention(mention, s)
    if place.evidence is not None:
        m.provenance(s, place.evidence)


def _names(m: _Mapper, s: ox.NamedNode, name: str, aliases: Iterable[str], wikidata: str | None) -> None:
    m.add(s, RDFS.label, name)
    for alias in aliases:
        m.add(s, SKOS.altLabel, alias)
    if wikidata:
        m.add(s, OWL.sameAs, ox.NamedNode(str(WD[wikidata])))


def map_statement(m: _Mapper, st: StatementRecord) -> None:
    """A speech act: speaker, words, quote type, cue, and the events it claims."""
    s = m.iri("statement", st.key)
    m.add(s, RDF.type, _n(KG.Statement))
    m.add(s, KG.speaker, m.ref(st.speaker))
    m.add(s, KG.speakerMention, m.mention(st.speaker_mention, m.ref(st.speaker)))
    m.add(s, KG.text, st.content.text)
    m.add(s, KG.quoteType, _n(KG.DirectQuote if st.direct else KG.IndirectQuote))
    m.add(s, KG.cue, st.cue)
    m.add(s, RDFS.label, _short(st.content.text))
    m.add(s, KG.contentStart, integer(st.content.start_char))
    m.add(s, KG.contentEnd, integer(st.content.end_char))
    m.add(s, KG.medium, st.medium or None)
    if st.addressee:
        m.add(s, KG.addressee, m.ref(st.addressee))
    for event in st.claims:
        m.add(s, KG.claims, m.iri("event", event))
    for event in st.denies:
        m.add(s, KG.denies, m.iri("event", event))
    m.add(s, KG.polarity, _n(KG.Negative if st.negative else KG.Affirmative))
    if st.hedged:
        m.add(s, KG.hedged, _TRUE)
    m.time(s, st.time, KG.date, KG.dateText)
    m.provenance(s, st.evidence)


def map_military_action(m: _Mapper, action: MilitaryActionRecord) -> None:
    """A military action with its type, who did it to whom, where, with what, how many.

    One the text does not report as having taken place is a ``kg:UnrealizedEvent`` with its
    ``kg:modality``, never a ``kg:Event``: queries for what happened do not see it.
    """
    s = m.iri("event", action.key)
    if action.modality is None:
        m.add(s, RDF.type, _n(KG.Event))
        m.add(s, RDF.type, _n(KG.MilitaryAction))
    else:
        m.add(s, RDF.type, _n(KG.UnrealizedEvent))
        m.add(s, KG.modality, _n(KG[action.modality]))
    m.add(s, RDFS.label, _action_label(m, action))
    m.add(s, KG.actionType, _n(KG[action.action_type]))
    m.add(s, KG.trigger, action.trigger.text)
    m.add(s, KG.triggerMention, m.mention(action.trigger, s))
    for agent in action.agents:
        m.add(s, KG.agent, m.ref(agent))
    for target in action.targets:
        m.add(s, KG.target, m.ref(target))
    m.add(s, KG.target, action.target_text or None)
    if action.location:
        m.add(s, KG.location, m.ref(action.location))
    m.add(s, KG.weapon, action.weapon or None)
    for prop, quantity in (
        ("quantity", action.quantity),
        ("targetCount", action.target_count),
        ("killed", action.killed),
        ("wounded", action.wounded),
    ):
        _quantity(m, s, prop, quantity)
    if action.toll_source:
        m.add(s, KG.tollSource, m.ref(action.toll_source))
    m.time(s, action.time, KG.date, KG.dateText)
    if action.claimed:
        m.add(s, KG.claimed, _TRUE)
    if action.hedged:
        m.add(s, KG.hedged, _TRUE)
    m.provenance(s, action.evidence)


def _quantity(m: _Mapper, s: ox.NamedNode, prop: str, quantity: Quantity | None) -> None:
    if quantity is None:
        return
    if quantity.value is not None:
        m.add(s, KG[prop], integer(quantity.value))
    m.add(s, KG[f"{prop}Text"], quantity.text)


def _action_label(m: _Mapper, action: MilitaryActionRecord) -> str:
    names = {a.key: a.name for a in m.x.actors} | {p.key: p.name for p in m.x.places}
    label = action.trigger.text
    if action.agents:
        label = f"{' and '.join(names.get(a, a) for a in action.agents)}: {label}"
    if action.targets:
        label += f" on {', '.join(names.get(t, t) for t in action.targets)}"
    return label


def map_negotiation(m: _Mapper, talks: NegotiationRecord) -> None:
    """Talks with their participants, mediators, the parties only briefed, topic and outcome."""
    s = m.iri("event", talks.key)
    m.add(s, RDF.type, _n(KG.Event))
    m.add(s, RDF.type, _n(KG.Negotiation))
    m.add(s, RDFS.label, talks.label)
    m.add(s, KG.trigger, talks.trigger.text)
    m.add(s, KG.triggerMention, m.mention(talks.trigger, s))
    for prop, keys in (("participant", talks.participants), ("mediator", talks.mediators)):
        for key in keys:
            m.add(s, KG[prop], m.ref(key))
    for key in talks.briefed:
        m.add(s, KG.briefed, m.ref(key))
    if talks.location:
        m.add(s, KG.location, m.ref(talks.location))
    for topic in talks.topics:
        m.add(s, KG.topic, topic)
    m.add(s, KG.outcome, talks.outcome or None)
    m.time(s, talks.start, KG.startDate, KG.startDateText)
    m.time(s, talks.end, KG.endDate, KG.endDateText)
    if talks.continues:
        m.add(s, KG.continues, _TRUE)
    if talks.planned:
        m.add(s, KG.planned, _TRUE)
    m.provenance(s, talks.evidence)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1].rstrip() + "…"


def map_document(extraction: Extraction, *, base: str, generated: datetime) -> DocumentGraph:
    """The graph of one article, in the shape of ``docs/GRAPH_SHAPE.md``, named by its document's IRI.

    >>> from datetime import UTC
    >>> from kg.records import Article
    >>> g = map_document(Extraction(Article("a1", "Text.")), base="https://example.org/",
    ...                  generated=datetime(2024, 1, 1, tzinfo=UTC))
    >>> len(g), g.iri
    (10, 'https://example.org/id/document/a1')
    """
    m = _Mapper(extraction, base, generated)
    map_document_node(m)
    for actor in extraction.actors:
        map_actor(m, actor)
    for place in extraction.places:
        map_place(m, place)
    for statement in extraction.statements:
        map_statement(m, statement)
    for action in extraction.military_actions:
        map_military_action(m, action)
    for talks in extraction.negotiations:
        map_negotiation(m, talks)
    name = m.doc
    return DocumentGraph(m.doc_iri, tuple(ox.Quad(t.subject, t.predicate, t.object, name) for t in m.triples))


def map_to_rdf(extraction: Extraction, *, base: str, generated: datetime) -> Graph:
    """The same graph as :func:`map_document`, as an rdflib graph with NewsKG's prefixes bound.

    >>> from datetime import UTC
    >>> from kg.records import Article
    >>> g = map_to_rdf(Extraction(Article("a1", "Text.")), base="https://example.org/",
    ...                generated=datetime(2024, 1, 1, tzinfo=UTC))
    >>> len(g)
    10
    """
    return rdflib_graph(map_document(extraction, base=base, generated=generated).triples())
