"""Find talks, negotiations, mediation rounds and calls between officials.

Mentions of talks in one article ("talks in Cairo", "the talks", "the recent conversations",
"negotiations") are one negotiation unless a mention names another place. A call or meeting
between named officials ("X spoke with Y") is a negotiation of its own. The facts of every
sentence with a mention (parties, mediators, who was briefed, place, topics, dates, outcome)
go to the negotiation of that mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorIndex
from kg.extract.dates import resolve_time
from kg.extract.rules import Rules
from kg.extract.spans import sentence_mention, span_of
from kg.records import Evidence, Mention, NegotiationRecord, TimeRef
from kg.vocab import short_hash

_DEFINITE = {"the", "these", "those", "this", "that", "their", "its", "his", "her"}
STRONG_CONFIDENCE, CALL_CONFIDENCE = 0.8, 0.7


@dataclass
class _Talks:
    """A negotiation while the article is being read."""

    kind: str  # "Talks", "Call", "Meeting"
    mentions: list[Span] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    briefed: list[str] = field(default_factory=list)
    location: str | None = None
    topics: list[str] = field(default_factory=list)
    outcome: str | None = None
    start: TimeRef | None = None
    end: TimeRef | None = None
    continues: bool = False
    sentences: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _Reader:
    """The word lists of ``negotiation_cues.toml``, and the article's actors."""

    words: dict[str, tuple[str, ...]]
    actors: ActorIndex
    published: date | None

    def has(self, key: str, word: str) -> bool:
        return word.lower() in self._lowered.get(key, frozenset())

    @cached_property
    def _lowered(self) -> dict[str, frozenset[str]]:
        return {key: frozenset(w.lower() for w in words) for key, words in self.words.items()}

    @cached_property
    def phrases_by_first_word(self) -> dict[str, list[list[str]]]:
        """The talks nouns as word lists, keyed by their first word, longest first."""
        by_first: dict[str, list[list[str]]] = {}
        for key in ("triggers", "weak_triggers"):
            for phrase in self.words.get(key, ()):
                words = phrase.lower().split()
                by_first.setdefault(words[0], []).append(words)
        for phrases in by_first.values():
            phrases.sort(key=len, reverse=True)
        return by_first


def extract_negotiations(
    doc: Doc, rules: Rules, actors: ActorIndex, doc_id: str, published: date | None
) -> list[NegotiationRecord]:
    """Read the negotiations mentioned in ``doc``, one record per negotiation.

    Args:
        doc: the parsed article.
        rules: the loaded rules (``negotiation_cues.toml``).
        actors: the article's actor index, to resolve parties and places.
        doc_id: the document id, the prefix of each record's key.
        published: the publication date, to resolve "on Sunday".

    Returns:
        The records in order of first mention.
    """
    reader = _Reader(rules.negotiation, actors, published)
    found: list[_Talks] = []
    for sent in doc.sents:
        for mention in _mentions(sent, reader):
            talks = _talks_for(mention, found, reader)
            talks.mentions.append(mention)
            if sent.start not in talks.sentences:
                talks.sentences.add(sent.start)
                _read_sentence(sent, mention, talks, reader)
        for call in _calls(sent, reader):
            found.append(call)
    names = _names(actors)
    return [_record(t, doc_id, names) for t in sorted(found, key=lambda t: t.mentions[0].start)]


# ------------------------------------------------------------------ mentions


def _mentions(sent: Span, reader: _Reader) -> list[Span]:
    """The talks nouns of a sentence, longest phrase first at each position."""
    by_first = reader.phrases_by_first_word
    found: list[Span] = []
    i = sent.start
    while i < sent.end:
        phrases = by_first.get(sent.doc[i].lower_, ())
        span = next((s for p in phrases if (s := _match(sent, i, p)) is not None), None)
        if span is not None and _is_talks(span, reader):
            found.append(span)
            i = span.end
        else:
            i += 1
    return found


def _match(sent: Span, i: int, phrase: list[str]) -> Span | None:
    span = sent.doc[i : i + len(phrase)]
    if span.end > sent.end or [t.lower_ for t in span] != phrase:
        return None
    return span


def _is_talks(span: Span, reader: _Reader) -> bool:
    """Nouns only ("he talks a lot" is no talks); weak nouns need "the" or their parties."""
    head = span.root
    if len(span) == 1 and head.pos_ not in {"NOUN", "PROPN"} and head.lemma_.lower() != "negotiate":
        return False
    if head.lemma_.lower() == "negotiate" and head.pos_ != "VERB":
        return False
    if not reader.has("weak_triggers", span.text):
        return True
    definite = any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in head.children)
    return definite or bool(_party_objects(head, reader))


def _talks_for(mention: Span, found: list[_Talks], reader: _Reader) -> _Talks:
    """The negotiation a mention belongs to: the article's talks unless another place is named."""
    place = _place_of(mention.root, reader)
    for talks in found:
        if talks.kind == "Talks" and (place is None or talks.location in {None, place}):
            return talks
    talks = _Talks("Talks")
    found.append(talks)
    return talks


def _place_of(token: Token, reader: _Reader) -> str | None:
    """ "talks in Cairo", "talks began in Cairo", "conversations, which began ... in Cairo"."""
    tokens = list(token.subtree)
    if token.dep_ in {"nsubj", "nsubjpass"}:  # "talks began in Cairo"
        tokens += [c for c in token.head.children if c.dep_ == "prep"]
    for t in tokens:
        if t.dep_ == "prep" and reader.has("location_preps", t.lower_) and t.head.pos_ in {"NOUN", "VERB"}:
            for obj in t.children:
                place = reader.actors.place_in(span_of(obj)) if obj.dep_ == "pobj" else None
                if place:
                    return place
    return None


# ------------------------------------------------------------------ facts


def _read_sentence(sent: Span, mention: Span, talks: _Talks, reader: _Reader) -> None:
    talks.location = talks.location or _place_of(mention.root, reader)
    low = sent.text.lower()
    talks.topics += [
        t for t in reader.words.get("topics", ()) if _has_phrase(low, t) and t not in talks.topics
    ]
    briefed = _briefed(sent, reader)
    _add(talks.briefed, briefed)
    _add(talks.mediators, _mediators(sent, reader))
    _add(talks.participants, [k for k in _participants(sent, mention, reader) if k not in briefed])
    talks.outcome = talks.outcome or _outcome(sent, reader)
    talks.start = talks.start or _dated(sent, "start_verbs", reader)
    talks.end = talks.end or _dated(sent, "end_verbs", reader)
    talks.continues = talks.continues or any(
        _has_phrase(low, p) for p in reader.words.get("continuation_phrases", ())
    )


def _add(keys: list[str], new: list[str] | tuple[str, ...]) -> None:
    keys += [k for k in new if k not in keys]


def _has_phrase(low: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase.lower())}(?![\w-])", low) is not None


def _actors_for(token: Token, actors: ActorIndex) -> tuple[str, ...]:
    """Actors a phrase denotes; else those named in its modifiers ("A Hamas delegation")."""
    keys = actors.resolve(span_of(token))
    if keys:
        return keys
    modifiers = [
        c for c in token.children if c.dep_ in {"compound", "amod", "poss", "nmod"} and c.i < token.i
    ]
    return tuple(dict.fromkeys(k for m in modifiers for k in actors.actors_in(span_of(m))))


def _party_objects(token: Token, reader: _Reader) -> list[Token]:
    """ "talks between X and Y", "a call with X": the parties' heads."""
    preps = [c for c in token.children if c.dep_ == "prep" and reader.has("party_preps", c.lower_)]
    objects = [o for p in preps for o in p.children if o.dep_ == "pobj"]
    return objects + [c for o in objects for c in o.conjuncts]


def _participants(sent: Span, mention: Span, reader: _Reader) -> list[str]:
    head = mention.root
    tokens = _party_objects(head, reader)
    verb = head.head
    if head.dep_ == "nsubj" and reader.has("participant_verbs", verb.lemma_):
        tokens += [c for c in verb.children if c.dep_ == "dobj"]
    joining = _joining_verb(head, reader)
    if joining is not None and not any(c.dep_ == "neg" for c in joining.children):
        tokens += [c for c in joining.children if c.dep_ == "nsubj"]
    keys = [
        k for t in tokens if not reader.has("mediator_words", t.lower_) for k in _actors_for(t, reader.actors)
    ]
    return list(dict.fromkeys(keys))


def _joining_verb(head: Token, reader: _Reader) -> Token | None:
    """ "X held talks", "X took part in negotiations": the verb whose subject takes part."""
    token = head
    while token.dep_ in {"dobj", "pobj", "prep"} and token.head.i != token.i:
        token = token.head
        if token.pos_ == "VERB":
            return token if reader.has("joining_verbs", token.lemma_) else None
    return None


def _mediators(sent: Span, reader: _Reader) -> list[str]:
    """ "mediators from the United States, Qatar, and Egypt", "Egyptian and Qatari mediators"."""
    keys: list[str] = []
    for token in sent:
        if token.pos_ == "NOUN" and reader.has("mediator_words", token.lower_):
            origins = [c for c in token.children if c.dep_ in {"amod", "compound", "nmod"}]
            origins += [c for c in token.children if c.dep_ == "prep" and c.lower_ in {"from", "of"}]
            keys += [k for o in origins for k in reader.actors.actors_in(span_of(o))]
        elif token.pos_ == "VERB" and token.lemma_.lower() == "mediate":
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            subjects += [p for c in token.children if c.dep_ == "agent" for p in c.children]
            keys += [k for s in subjects for k in _actors_for(s, reader.actors)]
    return list(dict.fromkeys(keys))


def _briefed(sent: Span, reader: _Reader) -> list[str]:
    """ "A Hamas delegation was briefed by ...": kept informed, not at the table."""
    keys: list[str] = []
    for token in sent:
        if token.pos_ == "VERB" and reader.has("briefed_words", token.lemma_):
            heads = [c for c in token.children if c.dep_ in {"nsubjpass", "dobj"}]
            keys += [k for h in heads for k in _actors_for(h, reader.actors)]
    return list(dict.fromkeys(keys))


def _outcome(sent: Span, reader: _Reader) -> str | None:
    low = sent.text.lower()
    for phrase in reader.words.get("outcome_phrases", ()):
        match = re.search(rf"\b{re.escape(phrase.lower())}\b", low)
        if match:
            return sent.text[match.start() : match.end()]
    return None


def _dated(sent: Span, key: str, reader: _Reader) -> TimeRef | None:
    """The date of a "began"/"ended" verb of the sentence: "ended on Sunday"."""
    for token in sent:
        if token.pos_ == "VERB" and reader.has(key, token.lemma_):
            time = _date_near(token, reader)
            if time is not None:
                return time
    return None


def _date_in(token: Token) -> Span | None:
    for t in token.subtree:
        if t.ent_type_ == "DATE" and t.ent_iob_ == "B":
            return next((e for e in t.doc.ents if e.start == t.i), None)
    return None


# ------------------------------------------------------------------ calls


def _calls(sent: Span, reader: _Reader) -> list[_Talks]:
    """ "X spoke with Y", "X met Y": a call or meeting between named parties."""
    calls = []
    for token in sent:
        if token.pos_ != "VERB" or not reader.has("call_verbs", token.lemma_):
            continue
        others = [o for o in _party_objects(token, reader) if not reader.has("mediator_words", o.lower_)]
        if token.lemma_.lower() in {"meet", "call", "phone"}:
            others += [c for c in token.children if c.dep_ == "dobj"]
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        parties = [k for t in (*subjects, *others) for k in _actors_for(t, reader.actors)]
        parties = list(dict.fromkeys(parties))
        if subjects and others and len(parties) >= 2:
            call = _Talks(_call_label(token.lemma_, reader), mentions=[sent.doc[token.i : token.i + 1]])
            call.participants = parties
            call.start = call.end = _date_near(token, reader)
            call.location = _place_of(token, reader)
            calls.append(call)
    return calls


def _call_label(lemma: str, reader: _Reader) -> str:
    labels = dict(entry.split("=", 1) for entry in reader.words.get("call_labels", ()) if "=" in entry)
    return labels.get(lemma.lower(), "Talks")


def _date_near(token: Token, reader: _Reader) -> TimeRef | None:
    for child in token.children:
        if child.dep_ in {"prep", "npadvmod"}:
            ent = _date_in(child)
            if ent is not None:
                return resolve_time(ent.text, reader.published)
    return None


# ------------------------------------------------------------------ record


def _names(actors: ActorIndex) -> dict[str, str]:
    names = {p.key: p.name for p in actors.places()}
    names.update({a.key: a.name for a in actors.records()})
    return names


def _label(talks: _Talks, names: dict[str, str]) -> str:
    if talks.kind != "Talks" and talks.participants:
        parties = [names.get(k, k) for k in talks.participants]
        return f"{talks.kind} between {', '.join(parties[:-1])} and {parties[-1]}"
    label = talks.kind
    if talks.location:
        label += f" in {names.get(talks.location, talks.location)}"
    if talks.topics:
        label += f" on {' and '.join(talks.topics)}"
    return label


def _record(talks: _Talks, doc_id: str, names: dict[str, str]) -> NegotiationRecord:
    first = talks.mentions[0]
    confidence = STRONG_CONFIDENCE if talks.kind == "Talks" else CALL_CONFIDENCE
    return NegotiationRecord(
        key=f"{doc_id}/{short_hash(first.start_char, 'Negotiation')}",
        label=_label(talks, names),
        trigger=_mention(first),
        evidence=Evidence(sentence_mention(first.sent), confidence),
        participants=tuple(talks.participants),
        mediators=tuple(talks.mediators),
        briefed=tuple(talks.briefed),
        location=talks.location,
        topics=tuple(talks.topics),
        outcome=talks.outcome,
        start=talks.start,
        end=talks.end,
        continues=talks.continues,
        mentions=tuple(_mention(m) for m in talks.mentions),
    )


def _mention(span: Span) -> Mention:
    return Mention(span.text, span.start_char, span.end_char)
