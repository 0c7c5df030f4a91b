"""Records -> RDF: one small extraction gives exactly the triples written out by hand below."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import XSD

from kg.mapping import decimal, integer, map_to_rdf
from kg.records import (
    ActorRecord,
    Article,
    Evidence,
    Extraction,
    Mention,
    MilitaryActionRecord,
    NegotiationRecord,
    Quantity,
    StatementRecord,
    TimeRef,
)

TEXT = "Hezbollah said it fired about 100 rockets."
SENTENCE = Evidence(Mention(TEXT, 0, len(TEXT)), 0.8)
HEZBOLLAH = ActorRecord(
    key="hezbollah",
    name="Hezbollah",
    kind="ArmedGroup",
    mentions=(Mention("Hezbollah", 0, 9),),
    evidence=SENTENCE,
)
FIRE = MilitaryActionRecord(
    key="d1/fire",
    action_type="RocketAttack",
    trigger=Mention("fired", 18, 23),
    evidence=SENTENCE,
    agents=("hezbollah",),
    quantity=Quantity(100, "about 100", "about"),
    weapon="rockets",
    time=TimeRef("Sunday", date(2024, 8, 25)),
    claimed=True,
)
SAID = StatementRecord(
    key="d1/said",
    speaker="hezbollah",
    speaker_mention=Mention("Hezbollah", 0, 9),
    cue="say",
    content=Mention("it fired about 100 rockets", 15, 41),
    direct=False,
    evidence=SENTENCE,
    claims=("d1/fire",),
)

EXPECTED = f"""
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix id: <https://example.org/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://example.org/id/document/d1> a kg:Document ;
    rdfs:label "d1" ; dcterms:identifier "d1" ;
    kg:textHash "{__import__("hashlib").sha256(TEXT.encode()).hexdigest()}" ;
    kg:charCount {len(TEXT)} ; kg:content "{TEXT}" ; kg:extractor "newskg" ; kg:extractorVersion "9" ; kg:rulesVersion "r1" ;
    prov:generatedAtTime "2024-08-25T12:00:00+00:00"^^xsd:dateTime .

<https://example.org/id/actor/hezbollah> a kg:Actor, kg:ArmedGroup ; rdfs:label "Hezbollah" ;
    prov:wasDerivedFrom <https://example.org/id/document/d1> ;
    kg:evidence "{TEXT}" ; kg:charStart 0 ; kg:charEnd {len(TEXT)} ; kg:confidence 0.8 .

<https://example.org/id/statement/d1/said> a kg:Statement ;
    kg:speaker <https://example.org/id/actor/hezbollah> ;
    kg:speakerMention <https://example.org/id/document/d1#char=0,9> ;
    kg:text "it fired about 100 rockets" ; kg:quoteType kg:IndirectQuote ; kg:cue "say" ;
    rdfs:label "it fired about 100 rockets" ; kg:contentStart 15 ; kg:contentEnd 41 ;
    kg:claims <https://example.org/id/event/d1/fire> ; kg:polarity kg:Affirmative ;
    prov:wasDerivedFrom <https://example.org/id/document/d1> ;
    kg:evidence "{TEXT}" ; kg:charStart 0 ; kg:charEnd {len(TEXT)} ; kg:confidence 0.8 .

<https://example.org/id/event/d1/fire> a kg:Event, kg:MilitaryAction ;
    rdfs:label "Hezbollah: fired" ; kg:actionType kg:RocketAttack ; kg:trigger "fired" ;
    kg:triggerMention <https://example.org/id/document/d1#char=18,23> ;
    kg:agent <https://example.org/id/actor/hezbollah> ; kg:weapon "rockets" ;
    kg:quantity 100 ; kg:quantityText "about 100" ;
    kg:date "2024-08-25"^^xsd:date ; kg:dateText "Sunday" ; kg:claimed true ;
    prov:wasDerivedFrom <https://example.org/id/document/d1> ;
    kg:evidence "{TEXT}" ; kg:charStart 0 ; kg:charEnd {len(TEXT)} ; kg:confidence 0.8 .

# where the text names them: "Hezbollah" (the actor, and the statement's speaker), "fired"
<https://example.org/id/document/d1#char=0,9> a kg:Mention ;
    kg:mentionOf <https://example.org/id/actor/hezbollah> ; kg:beginIndex 0 ; kg:endIndex 9 .
<https://example.org/id/document/d1#char=18,23> a kg:Mention ;
    kg:mentionOf <https://example.org/id/event/d1/fire> ; kg:beginIndex 18 ; kg:endIndex 23 .
"""


def test_one_extraction_maps_to_the_expected_triples() -> None:
    extraction = Extraction(
        Article("d1", TEXT),
        actors=(HEZBOLLAH,),
        statements=(SAID,),
        military_actions=(FIRE,),
        extractor_version="9",
        rules_version="r1",
    )
    got = map_to_rdf(extraction, base="https://example.org/", generated=datetime(2024, 8, 25, 12, tzinfo=UTC))
    expected = Graph().parse(data=EXPECTED, format="turtle")
    _, only_got, only_expected = graph_diff(got, expected)
    assert isomorphic(got, expected), (
        sorted(only_got.serialize(format="nt").splitlines()),
        sorted(only_expected.serialize(format="nt").splitlines()),
    )


def test_unnamed_actor_is_marked_and_vague_numbers_keep_only_text() -> None:
    official = ActorRecord(
        key="unnamed/d1/us-official", name="US official", kind="Person", named=False, evidence=SENTENCE
    )
    barrage = MilitaryActionRecord(
        key="d1/b",
        action_type="RocketAttack",
        trigger=Mention("barrage", 0, 7),
        evidence=SENTENCE,
        quantity=Quantity(None, "hundreds"),
    )
    g = map_to_rdf(
        Extraction(Article("d1", TEXT), actors=(official,), military_actions=(barrage,)),
        base="https://example.org/",
        generated=datetime(2024, 1, 1, tzinfo=UTC),
    )
    turtle = g.serialize(format="nt")
    assert "<https://w3id.org/newskg/ontology#UnnamedActor>" in turtle
    assert '"hundreds"' in turtle and "ontology#quantity>" not in turtle


def test_the_source_of_a_toll_is_the_actor_who_gives_it() -> None:
    """ "killed 12, the army said": kg:tollSource names the army; a toll of no one's none."""
    army = ActorRecord(key="army", name="army", kind="GovernmentBody", named=False, evidence=SENTENCE)
    sourced = replace(FIRE, killed=Quantity(12, "12"), toll_source="army")
    unsourced = replace(FIRE, key="d1/other", killed=Quantity(3, "three"))
    g = map_to_rdf(
        Extraction(Article("d1", TEXT), actors=(HEZBOLLAH, army), military_actions=(sourced, unsourced)),
        base="https://example.org/",
        generated=datetime(2024, 1, 1, tzinfo=UTC),
    )
    source = URIRef("https://w3id.org/newskg/ontology#tollSource")
    assert list(g.objects(URIRef("https://example.org/id/event/d1/fire"), source)) == [
        URIRef("https://example.org/id/actor/army")
    ]
    assert not list(g.objects(URIRef("https://example.org/id/event/d1/other"), source))


def test_a_broken_url_is_left_out_not_written_broken() -> None:
    for url in ("https://example.org/a b", "javascript:alert(1)", 'https://x.org/"><script>'):
        g = map_to_rdf(Extraction(Article("d1", TEXT, url=url)), base="https://example.org/",
                       generated=datetime(2024, 1, 1, tzinfo=UTC))  # fmt: skip
        assert "http://purl.org/dc/terms/source" not in g.serialize(format="nt")


# The mapping writes pyoxigraph literals itself: their lexical forms must be rdflib's, as before.


@given(st.integers())
def test_integers_are_written_as_rdflib_writes_them(value: int) -> None:
    assert integer(value).value == str(Literal(value))


@given(st.floats(min_value=0, max_value=1) | st.decimals(allow_nan=False, allow_infinity=False))
def test_decimals_are_written_as_rdflib_writes_them(value: float | Decimal) -> None:
    number = Decimal(str(round(value, 3))) if isinstance(value, float) else value
    assert decimal(number).value == str(Literal(number, datatype=XSD.decimal))


def test_planned_talks_say_kg_planned_and_when_as_written() -> None:
    """Talks announced for next week: kg:planned true and the week as text, no invented day;
    talks held carry no kg:planned at all (not even false)."""
    text = "Qatar is set to host talks next week."
    said = Evidence(Mention(text, 0, len(text)), 0.8)
    planned = NegotiationRecord(
        key="d1/n1", label="Talks", trigger=Mention("talks", 22, 27), evidence=said,
        start=TimeRef("next week"), planned=True,
    )  # fmt: skip
    held = NegotiationRecord(key="d1/n2", label="Talks", trigger=Mention("talks", 22, 27), evidence=said)
    g = map_to_rdf(
        Extraction(Article("d1", text), negotiations=(planned, held)),
        base="https://example.org/",
        generated=datetime(2024, 1, 1, tzinfo=UTC),
    )
    kg = "https://w3id.org/newskg/ontology#"
    subject = "https://example.org/id/event/d1/n1"
    rows = {
        (str(s), str(p), o)
        for s, p, o in g
        if str(p) in {kg + "planned", kg + "startDateText", kg + "startDate"}
    }
    assert rows == {
        (subject, kg + "planned", Literal(True)),
        (subject, kg + "startDateText", Literal("next week")),
    }
