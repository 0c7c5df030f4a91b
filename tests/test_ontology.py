"""The ontology declares the public terms, documents them, and stays consistent under OWL RL."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "kg" / "ontology" / "newskg.ttl"
CASES = Path(__file__).resolve().parent / "shape_cases"

KG = Namespace("https://w3id.org/newskg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # plain Namespace: pytest probes module globals
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")  # owlrl's error messages
ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")

# fmt: off
# Every kg: name in CONTRACT.md, as a user scripting against it would list them.
CONTRACT_TERMS = [
    "Actor", "Person", "Organization", "GeopoliticalEntity", "ArmedGroup", "GovernmentBody",
    "Place", "Document", "Event", "MilitaryAction", "Negotiation", "Statement", "speaker", "text",
    "quoteType", "DirectQuote", "IndirectQuote", "cue", "claims", "agent", "target", "participant",
    "mediator", "actionType", "Airstrike", "RocketAttack", "DroneAttack", "Killing",
    "Interception", "ExchangeOfFire", "location", "quantity", "targetCount", "killed", "wounded",
    "date", "evidence", "charStart", "charEnd", "confidence",
]
# The further kg: names the mapper writes (docs/GRAPH_SHAPE.md).
GRAPH_SHAPE_TERMS = [
    "UnnamedActor", "QuoteType", "role", "affiliation", "textHash", "charCount", "extractor",
    "extractorVersion", "rulesVersion", "medium", "addressee", "dateText", "contentStart",
    "contentEnd", "trigger", "weapon", "quantityText", "targetCountText", "killedText",
    "woundedText", "briefed", "topic", "outcome", "startDate", "endDate", "startDateText",
    "endDateText", "continues", "planned", "ActionTypeScheme", "UnrealizedEvent", "modality", "ModalityScheme",
    "Negated", "Denied", "Future", "Hypothetical", "Generic", "Question", "denies", "polarity",
    "Polarity", "Affirmative", "Negative", "hedged", "claimed", "content", "Mention", "mentionOf",
    "beginIndex", "endIndex", "speakerMention", "triggerMention",
]
ACTION_TYPES = [
    "Airstrike", "RocketAttack", "MissileAttack", "DroneAttack", "Shelling", "Bombing", "Killing",
    "Assassination", "Interception", "ExchangeOfFire", "Deployment", "GroundOperation", "Siege",
    "Abduction", "Attack",
]
OBJECT_PROPERTIES = [
    "speaker", "quoteType", "claims", "agent", "participant", "mediator", "briefed", "actionType",
    "location", "addressee", "affiliation", "modality", "denies", "polarity",
]
# fmt: on
DATATYPE_PROPERTIES = {
    "text": XSD.string,
    "cue": XSD.string,
    "quantity": XSD.integer,
    "targetCount": XSD.integer,
    "killed": XSD.integer,
    "wounded": XSD.integer,
    "date": XSD.date,
    "evidence": XSD.string,
    "charStart": XSD.integer,
    "charEnd": XSD.integer,
    "confidence": XSD.decimal,
    "startDate": XSD.date,
    "endDate": XSD.date,
    "continues": XSD.boolean,
    "planned": XSD.boolean,
    "charCount": XSD.integer,
    "textHash": XSD.string,
}
DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    RDF.Property,
    OWL.NamedIndividual,
    SKOS.Concept,
    SKOS.ConceptScheme,
}
ALIGNMENTS = [
    (KG.Actor, RDFS.subClassOf, PROV.Agent),
    (KG.Actor, RDFS.subClassOf, SEM.Actor),
    (KG.Person, RDFS.subClassOf, FOAF.Person),
    (KG.Person, RDFS.subClassOf, SCHEMA.Person),
    (KG.Organization, RDFS.subClassOf, FOAF.Organization),
    (KG.Organization, RDFS.subClassOf, SCHEMA.Organization),
    (KG.Place, RDFS.subClassOf, SEM.Place),
    (KG.Place, RDFS.subClassOf, SCHEMA.Place),
    (KG.Event, RDFS.subClassOf, SEM.Event),
    (KG.Event, RDFS.subClassOf, SCHEMA.Event),
    (KG.Document, RDFS.subClassOf, FOAF.Document),
    (KG.Document, RDFS.subClassOf, SCHEMA.NewsArticle),
    (KG.Document, RDFS.subClassOf, PROV.Entity),
    (KG.agent, RDFS.subPropertyOf, SEM.hasActor),
    (KG.location, RDFS.subPropertyOf, SEM.hasPlace),
    (KG.speaker, RDFS.subPropertyOf, PROV.wasAttributedTo),
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="module")
def sample() -> Graph:
    """Realistic instance data: every good shape case, as one union graph."""
    graph = Graph()
    for case in sorted(CASES.glob("good_*.ttl")):
        graph.parse(case)
    assert len(graph) > 200
    return graph


def _closure(*graphs: Graph) -> Graph:
    merged = Graph()
    for graph in graphs:
        for triple in graph:
            merged.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(merged)
    return merged


def _problems(closed: Graph) -> list[str]:
    """owl:Nothing members, self-different resources and owlrl's error messages."""
    found = [f"{s} is owl:Nothing" for s in closed.subjects(RDF.type, OWL.Nothing)]
    found += [f"{s} differentFrom itself" for s, o in closed.subject_objects(OWL.differentFrom) if s == o]
    found += [str(closed.value(m, ERR.error)) for m in closed.subjects(RDF.type, ERR.ErrorMessage)]
    return found


@pytest.fixture(scope="module")
def closed(onto: Graph, sample: Graph) -> Graph:
    return _closure(onto, sample)


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/newskg/ontology/0.1.0")
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    for prop in (DCTERMS.title, DCTERMS.description):
        value = onto.value(ONTOLOGY_IRI, prop)
        assert isinstance(value, Literal) and value.language == "en"
    assert "MIT" in str(onto.value(ONTOLOGY_IRI, DCTERMS.license))


@pytest.mark.parametrize("name", CONTRACT_TERMS + GRAPH_SHAPE_TERMS + ACTION_TYPES)
def test_term_is_declared_and_documented(onto: Graph, name: str) -> None:
    term = KG[name]
    assert set(onto.objects(term, RDF.type)) & DECLARATION_TYPES, f"kg:{name} is not declared"
    for prop in (RDFS.label, RDFS.comment):
        values = [v for v in onto.objects(term, prop) if isinstance(v, Literal)]
        assert any(v.language == "en" for v in values), f"kg:{name} has no {prop} @en"


def test_every_kg_term_in_the_ontology_is_documented(onto: Graph) -> None:
    terms = {s for s in onto.subjects() if isinstance(s, URIRef) and s.startswith(KG)}
    assert len(terms) > 60
    for term in terms:
        assert onto.value(term, RDFS.label) is not None, term
        assert onto.value(term, RDFS.comment) is not None, term


@pytest.mark.parametrize("name", OBJECT_PROPERTIES)
def test_object_properties(onto: Graph, name: str) -> None:
    assert (KG[name], RDF.type, OWL.ObjectProperty) in onto
    assert (KG[name], RDF.type, OWL.DatatypeProperty) not in onto


@pytest.mark.parametrize("name", sorted(DATATYPE_PROPERTIES))
def test_datatype_properties(onto: Graph, name: str) -> None:
    assert (KG[name], RDF.type, OWL.DatatypeProperty) in onto
    assert onto.value(KG[name], RDFS.range) == DATATYPE_PROPERTIES[name]


def test_target_is_neither_object_nor_datatype_property(onto: Graph) -> None:
    kinds = set(onto.objects(KG.target, RDF.type))
    assert RDF.Property in kinds
    assert not kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}
    assert onto.value(KG.target, RDFS.range) is None


def test_date_domain_is_event_or_statement(onto: Graph) -> None:
    union = onto.value(onto.value(KG.date, RDFS.domain), OWL.unionOf)
    assert union is not None
    members = set(onto.items(union))
    assert members == {KG.Event, KG.Statement, KG.UnrealizedEvent, KG.EventInstance}


def test_an_event_instance_is_no_report() -> None:
    """Queries over what articles report (``?e a kg:Event``) must not count the joined events twice."""
    onto = Graph().parse(ONTOLOGY)
    assert (KG.EventInstance, RDFS.subClassOf, KG.Event) not in onto
    assert (KG.contradicts, RDF.type, OWL.SymmetricProperty) in onto


def test_every_action_type_has_a_cameo_and_a_plover_code() -> None:
    """Users join with GDELT (CAMEO EventCode) and POLECAT (PLOVER types) on these."""
    onto = Graph().parse(ONTOLOGY)
    for name in ACTION_TYPES:
        matches = set(onto.objects(KG[name], SKOS.exactMatch)) | set(onto.objects(KG[name], SKOS.closeMatch))
        schemes = {onto.value(m, SKOS.inScheme) for m in matches}
        assert {KG.CAMEOScheme, KG.PLOVERScheme} <= schemes, name
        for code in matches:
            assert onto.value(code, SKOS.notation) is not None, code


def test_an_unrealized_event_is_never_an_event(onto: Graph) -> None:
    """Queries for what happened (``?e a kg:Event``) must not see what did not happen."""
    assert (KG.UnrealizedEvent, OWL.disjointWith, KG.Event) in onto
    assert not set(onto.transitive_objects(KG.UnrealizedEvent, RDFS.subClassOf)) & {
        KG.Event,
        KG.MilitaryAction,
    }
    modalities = set(onto.subjects(SKOS.inScheme, KG.ModalityScheme))
    assert modalities == {KG.Negated, KG.Denied, KG.Future, KG.Hypothetical, KG.Generic, KG.Question}


def test_class_hierarchy(onto: Graph) -> None:
    for sub, sup in [
        (KG.Person, KG.Actor),
        (KG.Organization, KG.Actor),
        (KG.GeopoliticalEntity, KG.Actor),
        (KG.UnnamedActor, KG.Actor),
        (KG.ArmedGroup, KG.Organization),
        (KG.GovernmentBody, KG.Organization),
        (KG.MilitaryAction, KG.Event),
        (KG.Negotiation, KG.Event),
    ]:
        assert (sub, RDFS.subClassOf, sup) in onto


@pytest.mark.parametrize("triple", ALIGNMENTS, ids=lambda t: f"{t[0].fragment}-{t[2]}")
def test_alignment(onto: Graph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in onto


def test_actor_and_place_are_not_disjoint(onto: Graph, closed: Graph) -> None:
    for graph in (onto, closed):
        assert (KG.Actor, OWL.disjointWith, KG.Place) not in graph
        assert (KG.Place, OWL.disjointWith, KG.Actor) not in graph
        for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members_list = graph.value(group, OWL.members)
            assert members_list is not None
            members = set(graph.items(members_list))
            assert not {KG.Actor, KG.Place} <= members


def test_action_types_form_the_scheme(onto: Graph) -> None:
    assert (KG.ActionTypeScheme, RDF.type, SKOS.ConceptScheme) in onto
    in_scheme = set(onto.subjects(SKOS.inScheme, KG.ActionTypeScheme))
    assert in_scheme == {KG[n] for n in ACTION_TYPES}
    for concept in in_scheme:
        assert (concept, RDF.type, SKOS.Concept) in onto
        assert onto.value(concept, SKOS.prefLabel) is not None, concept
        assert onto.value(concept, SKOS.definition) is not None, concept
    assert (KG.Assassination, SKOS.broader, KG.Killing) in onto
    tops = set(onto.subjects(SKOS.topConceptOf, KG.ActionTypeScheme))
    assert tops == in_scheme - {KG.Assassination}
    assert set(onto.objects(KG.ActionTypeScheme, SKOS.hasTopConcept)) == tops


def test_quote_types(onto: Graph) -> None:
    assert (KG.QuoteType, RDF.type, OWL.Class) in onto
    for name in ("DirectQuote", "IndirectQuote"):
        assert (KG[name], RDF.type, KG.QuoteType) in onto


def test_owl_rl_closure_over_sample_data_is_consistent(closed: Graph) -> None:
    assert _problems(closed) == []


def test_owl_rl_closure_draws_the_alignments(closed: Graph) -> None:
    hezbollah = URIRef("https://w3id.org/newskg/id/actor/hezbollah")
    for cls in (KG.Organization, KG.Actor, PROV.Agent, SEM.Actor, SCHEMA.Organization):
        assert (hezbollah, RDF.type, cls) in closed
    cairo = URIRef("https://w3id.org/newskg/id/actor/cairo")
    assert (cairo, RDF.type, SEM.Place) in closed


def test_owl_rl_closure_detects_a_contradiction(onto: Graph) -> None:
    # The consistency test above is not vacuous: a statement that is also an event is caught.
    bad = Graph()
    node = BNode()
    bad.add((node, RDF.type, KG.Statement))
    bad.add((node, RDF.type, KG.MilitaryAction))
    assert _problems(_closure(onto, bad))
