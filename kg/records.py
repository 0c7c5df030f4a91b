"""Plain records of what an article says: the hand-off between extraction and RDF mapping.

Records hold strings, numbers and character offsets, never a spaCy ``Span`` or an rdflib
term, so the extractors and the mapper can be read, tested and replaced apart.
Actors, places and events refer to each other by *key*: a string that is unique within
one :class:`Extraction` and from which :mod:`kg.vocab` mints the resource's IRI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ACTOR_KINDS = ("Person", "Organization", "GeopoliticalEntity", "ArmedGroup", "GovernmentBody")


def internal(why: str) -> dict[str, str]:
    """The metadata of a field the mapping does not write to RDF, saying why; every other
    field is written (``tests/test_records.py`` checks both ways)."""
    return {"internal": why}


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from a file or a JSONL line."""

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    publisher: str | None = None
    source: str | None = field(
        default=None, metadata=internal("the file (and line) it was read from, for messages")
    )


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of the article text."""

    text: str
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a fact was read from, and how sure the extractor is of the fact."""

    sentence: Mention
    confidence: float


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as the article states it: ``about 100`` is value 100, qualifier ``about``."""

    value: int | None  # None for a vague number: "dozens", "hundreds"
    text: str
    qualifier: str | None = None  # about, more than, at least, dozens, hundreds ...
    start_char: int | None = field(
        default=None,
        compare=False,
        metadata=internal("where the number is written: whose statement holds it gives the toll"),
    )


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression, resolved to a date only when the publication date allows it."""

    text: str
    resolved: date | None = None


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """Someone who acts or speaks: named, or described ("a US official")."""

    key: str
    name: str
    kind: str  # one of ACTOR_KINDS
    named: bool = True
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None  # "Q801"
    roles: tuple[str, ...] = ()  # "director", "military spokesperson"
    affiliation: str | None = None  # key of another actor
    is_place: bool = False  # a state or city, also a kg:Place
    mentions: tuple[Mention, ...] = ()  # where the text names it (kg:Mention)
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """A location that is not acting in the text (a city, a region)."""

    key: str
    name: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()  # where the text names it (kg:Mention)
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class StatementRecord:
    """A speech act: ``speaker`` said ``content``, directly quoted or reported."""

    key: str
    speaker: str  # actor key
    speaker_mention: Mention  # the words that name the speaker here ("he"): kg:speakerMention
    cue: str  # lemma of the reporting verb, or "according to"
    content: Mention
    direct: bool
    evidence: Evidence
    medium: str | None = None  # "X", "television"
    addressee: str | None = None  # actor key ("told reporters": an unnamed actor)
    time: TimeRef | None = None
    claims: tuple[str, ...] = ()  # keys of the events the statement asserts
    denies: tuple[str, ...] = ()  # keys of the events it says did not take place
    negative: bool = False  # a denial: its cue denies, or it only denies
    hedged: bool = False  # "reportedly", "could not be independently verified"


@dataclass(frozen=True, slots=True)
class MilitaryActionRecord:
    """A strike, attack, killing, interception, exchange of fire, deployment."""

    key: str
    action_type: str  # local name of a skos:Concept in the kg: scheme, e.g. "Airstrike"
    trigger: Mention
    evidence: Evidence
    agents: tuple[str, ...] = ()  # actor keys
    targets: tuple[str, ...] = ()  # actor or place keys
    target_text: str | None = None  # when the target is no actor or place ("military site")
    location: str | None = None  # place (or actor-place) key
    weapon: str | None = None
    quantity: Quantity | None = None
    target_count: Quantity | None = None
    killed: Quantity | None = None
    wounded: Quantity | None = None
    # actor key of who gives the toll (killed, wounded): the speaker whose statement holds its
    # numbers; None in the article's own voice, or when its numbers come from different voices
    toll_source: str | None = None
    time: TimeRef | None = None
    claimed: bool = False  # reported only inside what someone said, not in the article's own voice
    modality: str | None = None  # None: it took place; else "Negated", "Denied", "Future" ...
    hedged: bool = False  # "reportedly", "allegedly": the article does not vouch for it


@dataclass(frozen=True, slots=True)
class NegotiationRecord:
    """Talks, negotiations, mediation rounds, calls between officials."""

    key: str
    label: str
    trigger: Mention
    evidence: Evidence
    participants: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    briefed: tuple[str, ...] = ()  # parties kept informed who were not at the table
    location: str | None = None
    topics: tuple[str, ...] = ()  # "ceasefire", "hostage deal"
    outcome: str | None = None
    start: TimeRef | None = None
    end: TimeRef | None = None
    continues: bool = False
    planned: bool = False  # announced for the future ("is set to host talks"): ``start`` is when
    mentions: tuple[Mention, ...] = field(
        default=(), metadata=internal("every mention of the talks; the trigger alone is published")
    )


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    actors: tuple[ActorRecord, ...] = ()
    places: tuple[PlaceRecord, ...] = ()
    statements: tuple[StatementRecord, ...] = ()
    military_actions: tuple[MilitaryActionRecord, ...] = ()
    negotiations: tuple[NegotiationRecord, ...] = ()
    extractor: str = "newskg"
    extractor_version: str = "0"
    rules_version: str = "0"
