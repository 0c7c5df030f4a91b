"""Map one article's records onto the NewsKG ontology: ``Extraction`` -> rdflib ``Graph``.

The graph of one document is self-contained (types and labels of every actor and place it
mentions) so it can be validated alone and stored as its own named graph. The shape of what
is written is documented in ``docs/GRAPH_SHAPE.md`` and checked by ``shapes/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

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
from kg.vocab import KG, PREFIXES, PROV, WD, document_iri, is_web_url, mention_iri, mint_iri, text_hash

_LABEL_CHARS = 80


class _Mapper:
    """Writes the triples of one extraction into one graph."""

    def __init__(self, extraction: Extraction, base: str, generated: datetime) -> None:
        self.x = extraction
        self.base = base
        self.generated = generated
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.doc = URIRef(document_iri(extraction.article.doc_id, base))
        self.places = {p.key for p in extraction.places}

    def iri(self, kind: str, key: str) -> URIRef:
        return mint_iri(kind, key, self.base)

    def ref(self, key: str) -> URIRef:
        """The IRI of an actor or a place, by key."""
        return self.iri("place" if key in self.places else "actor", key)

    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        if o is not None:
            self.g.add((s, p, o if isinstance(o, URIRef | Literal) else Literal(o)))

    def provenance(self, s: URIRef, evidence: Evidence) -> None:
        self.add(s, PROV.wasDerivedFrom, self.doc)
        self.add(s, KG.evidence, Literal(evidence.sentence.text))
        self.add(s, KG.charStart, Literal(evidence.sentence.start_char))
        self.add(s, KG.charEnd, Literal(evidence.sentence.end_char))
        confidence = Decimal(str(round(evidence.confidence, 3)))
        self.add(s, KG.confidence, Literal(confidence, datatype=XSD.decimal))

    def mention(self, mention: Mention, of: URIRef) -> URIRef:
        """The ``kg:Mention`` of ``mention``'s stretch of text, naming ``of``."""
        node = URIRef(mention_iri(str(self.doc), mention.start_char, mention.end_char))
        self.add(node, RDF.type, KG.Mention)
        self.add(node, KG.mentionOf, of)
        self.add(node, KG.beginIndex, Literal(mention.start_char))
        self.add(node, KG.endIndex, Literal(mention.end_char))
        return node

    def time(self, s: URIRef, time: TimeRef | None, date_p: URIRef, text_p: URIRef) -> None:
        if time is None:
            return
        self.add(s, text_p, Literal(time.text))
        if time.resolved is not None:
            self.add(s, date_p, Literal(time.resolved.isoformat(), datatype=XSD.date))


def map_document(m: _Mapper) -> None:
    """The ``kg:Document``: bibliographic data, the text's hash and the extractor's name."""
    article, doc = m.x.article, m.doc
    m.add(doc, RDF.type, KG.Document)
    m.add(doc, RDFS.label, Literal(article.title or article.doc_id))
    m.add(doc, DCTERMS.identifier, Literal(article.doc_id))
    m.add(doc, DCTERMS.title, Literal(article.title) if article.title else None)
    if article.published is not None:
        m.add(doc, DCTERMS.issued, Literal(article.published.isoformat(), datatype=XSD.date))
    m.add(doc, DCTERMS.source, URIRef(article.url) if article.url and is_web_url(article.url) else None)
    m.add(doc, DCTERMS.publisher, Literal(article.publisher) if article.publisher else None)
    m.add(doc, KG.textHash, Literal(text_hash(article.text)))
    m.add(doc, KG.charCount, Literal(len(article.text)))
    m.add(doc, KG.content, Literal(article.text))
    m.add(doc, KG.extractor, Literal(m.x.extractor))
    m.add(doc, KG.extractorVersion, Literal(m.x.extractor_version))
    m.add(doc, KG.rulesVersion, Literal(m.x.rules_version))
    m.add(doc, PROV.generatedAtTime, Literal(m.generated.isoformat(), datatype=XSD.dateTime))


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
    m.add(s, RDF.type, KG.Actor)
    m.add(s, RDF.type, _KIND_CLASS[actor.kind])
    if actor.is_place:
        m.add(s, RDF.type, KG.Place)
    if not actor.named:
        m.add(s, RDF.type, KG.UnnamedActor)
    _names(m, s, actor.name, actor.aliases, actor.wikidata)
    for role in actor.roles:
        m.add(s, KG.role, Literal(role))
    if actor.affiliation:
        m.add(s, KG.affiliation, m.ref(actor.affiliation))
    for mention in actor.mentions:
        m.mention(mention, s)
    if actor.evidence is not None:
        m.provenance(s, actor.evidence)


def map_place(m: _Mapper, place: PlaceRecord) -> None:
    """A place that is not an actor: a region, a site."""
    s = m.iri("place", place.key)
    m.add(s, RDF.type, KG.Place)
    _names(m, s, place.name, place.aliases, place.wikidata)
    for mention in place.mentions:
        m.mention(mention, s)
    if place.evidence is not None:
        m.provenance(s, place.evidence)


def _names(m: _Mapper, s: URIRef, name: str, aliases: Iterable[str], wikidata: str | None) -> None:
    m.add(s, RDFS.label, Literal(name))
    for alias in aliases:
        m.add(s, SKOS.altLabel, Literal(alias))
    if wikidata:
        m.add(s, OWL.sameAs, WD[wikidata])


def map_statement(m: _Mapper, st: StatementRecord) -> None:
    """A speech act: speaker, words, quote type, cue, and the events it claims."""
    s = m.iri("statement", st.key)
    m.add(s, RDF.type, KG.Statement)
    m.add(s, KG.speaker, m.ref(st.speaker))
    m.add(s, KG.speakerMention, m.mention(st.speaker_mention, m.ref(st.speaker)))
    m.add(s, KG.text, Literal(st.content.text))
    m.add(s, KG.quoteType, KG.DirectQuote if st.direct else KG.IndirectQuote)
    m.add(s, KG.cue, Literal(st.cue))
    m.add(s, RDFS.label, Literal(_short(st.content.text)))
    m.add(s, KG.contentStart, Literal(st.content.start_char))
    m.add(s, KG.contentEnd, Literal(st.content.end_char))
    m.add(s, KG.medium, Literal(st.medium) if st.medium else None)
    if st.addressee:
        m.add(s, KG.addressee, m.ref(st.addressee))
    for event in st.claims:
        m.add(s, KG.claims, m.iri("event", event))
    for event in st.denies:
        m.add(s, KG.denies, m.iri("event", event))
    m.add(s, KG.polarity, KG.Negative if st.negative else KG.Affirmative)
    if st.hedged:
        m.add(s, KG.hedged, Literal(True))
    m.time(s, st.time, KG.date, KG.dateText)
    m.provenance(s, st.evidence)


def map_military_action(m: _Mapper, action: MilitaryActionRecord) -> None:
    """A military action with its type, who did it to whom, where, with what, how many.

    One the text does not report as having taken place is a ``kg:UnrealizedEvent`` with its
    ``kg:modality``, never a ``kg:Event``: queries for what happened do not see it.
    """
    s = m.iri("event", action.key)
    if action.modality is None:
        m.add(s, RDF.type, KG.Event)
        m.add(s, RDF.type, KG.MilitaryAction)
    else:
        m.add(s, RDF.type, KG.UnrealizedEvent)
        m.add(s, KG.modality, KG[action.modality])
    m.add(s, RDFS.label, Literal(_action_label(m, action)))
    m.add(s, KG.actionType, KG[action.action_type])
    m.add(s, KG.trigger, Literal(action.trigger.text))
    m.add(s, KG.triggerMention, m.mention(action.trigger, s))
    for agent in action.agents:
        m.add(s, KG.agent, m.ref(agent))
    for target in action.targets:
        m.add(s, KG.target, m.ref(target))
    m.add(s, KG.target, Literal(action.target_text) if action.target_text else None)
    if action.location:
        m.add(s, KG.location, m.ref(action.location))
    m.add(s, KG.weapon, Literal(action.weapon) if action.weapon else None)
    for prop, quantity in (
        ("quantity", action.quantity),
        ("targetCount", action.target_count),
        ("killed", action.killed),
        ("wounded", action.wounded),
    ):
        _quantity(m, s, prop, quantity)
    m.time(s, action.time, KG.date, KG.dateText)
    if action.claimed:
        m.add(s, KG.claimed, Literal(True))
    if action.hedged:
        m.add(s, KG.hedged, Literal(True))
    m.provenance(s, action.evidence)


def _quantity(m: _Mapper, s: URIRef, prop: str, quantity: Quantity | None) -> None:
    if quantity is None:
        return
    if quantity.value is not None:
        m.add(s, KG[prop], Literal(quantity.value, datatype=XSD.integer))
    m.add(s, KG[f"{prop}Text"], Literal(quantity.text))


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
    m.add(s, RDF.type, KG.Event)
    m.add(s, RDF.type, KG.Negotiation)
    m.add(s, RDFS.label, Literal(talks.label))
    m.add(s, KG.trigger, Literal(talks.trigger.text))
    m.add(s, KG.triggerMention, m.mention(talks.trigger, s))
    for prop, keys in (("participant", talks.participants), ("mediator", talks.mediators)):
        for key in keys:
            m.add(s, KG[prop], m.ref(key))
    for key in talks.briefed:
        m.add(s, KG.briefed, m.ref(key))
    if talks.location:
        m.add(s, KG.location, m.ref(talks.location))
    for topic in talks.topics:
        m.add(s, KG.topic, Literal(topic))
    m.add(s, KG.outcome, Literal(talks.outcome) if talks.outcome else None)
    m.time(s, talks.start, KG.startDate, KG.startDateText)
    m.time(s, talks.end, KG.endDate, KG.endDateText)
    if talks.continues:
        m.add(s, KG.continues, Literal(True))
    m.provenance(s, talks.evidence)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1].rstrip() + "…"


def map_to_rdf(extraction: Extraction, *, base: str, generated: datetime) -> Graph:
    """The graph of one article, in the shape of ``docs/GRAPH_SHAPE.md``.

    >>> from datetime import UTC
    >>> from kg.records import Article
    >>> g = map_to_rdf(Extraction(Article("a1", "Text.")), base="https://example.org/",
    ...                generated=datetime(2024, 1, 1, tzinfo=UTC))
    >>> len(g)
    10
    """
    m = _Mapper(extraction, base, generated)
    map_document(m)
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
    return m.g
