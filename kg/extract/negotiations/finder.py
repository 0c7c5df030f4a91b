"""Find talks, negotiations, mediation rounds and calls between officials.

Mentions of talks in one article ("talks in Cairo", "the talks", "the recent conversations",
"negotiations") are one negotiation unless a mention names another place. A call or meeting
between named officials ("X spoke with Y") is a negotiation of its own. The facts of every
sentence with a mention (place, topics, dates, outcome, and the words of the parties,
mediators and those briefed) go to the negotiation of that mention. Who the words of a party
denote is the resolution step's to say: a sentence's reading keeps them as references, in
the order they are to be resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ActorIndex
from kg.extract.dates import resolve_time
from kg.extract.negotiations.rules import NegotiationRules
from kg.extract.references import Choice, Reference, named, party_reference
from kg.extract.spans import by_phrase, prep_objects, span_of, subject_of
from kg.records import TimeRef

_DEFINITE = {"the", "these", "those", "this", "that", "their", "its", "his", "her"}


@dataclass(frozen=True, eq=False)
class Reading:
    """What one sentence says of the parties of one negotiation, as words to resolve."""

    briefed: tuple[Reference, ...]
    mediators: tuple[Reference, ...]
    participants: tuple[Reference | Choice, ...]


@dataclass(eq=False)
class TalksCandidate:
    """A negotiation found in the text: its mentions, facts and the readings of its parties."""

    kind: str  # "Talks", "Call", "Meeting"
    mentions: list[Span] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    location: str | None = None
    topics: list[str] = field(default_factory=list)
    outcome: str | None = None
    start: TimeRef | None = None
    end: TimeRef | None = None
    continues: bool = False
    future: bool = False  # a sentence announces the talks for the future ("is set to host talks")
    ahead: TimeRef | None = None  # when a sentence announces them for ("next week")
    past: bool = False  # a sentence reports them held or under way ("held talks"): never planned
    sentences: set[int] = field(default_factory=set)
    is_call: bool = False  # a call or meeting between officials, not talks mentioned by name
    parties: tuple[Reference | Choice, ...] = ()  # a call's: the subjects, then the others
    has_sides: bool = False  # a call with a subject and another party in the text

    @property
    def planned(self) -> bool:
        """Announced for the future and reported held nowhere in the article."""
        return self.future and not self.past


@dataclass(frozen=True)
class FoundTalks:
    """The negotiations found, and every reference they hold in the order the text gives them.

    The resolution step resolves ``references`` in this order: a call's parties after the
    readings of the talks mentioned earlier in its sentence, as a reader meets them.
    """

    candidates: list[TalksCandidate]
    references: list[Reference | Choice]


@dataclass
class _Reader:
    """The rules, the article's named actors, and the talks phrases by their first word."""

    rules: NegotiationRules
    actors: ActorIndex
    published: date | None
    references: list[Reference | Choice] = field(default_factory=list)  # in the order they were found
    weak: frozenset[str] = frozenset()
    by_first_word: dict[str, list[list[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.weak = frozenset(w.lower() for w in self.rules.weak_triggers)
        for phrase in (*self.rules.triggers, *self.rules.weak_triggers):
            words = phrase.lower().split()
            self.by_first_word.setdefault(words[0], []).append(words)
        for phrases in self.by_first_word.values():
            phrases.sort(key=len, reverse=True)


def find_negotiations(
    doc: Doc, rules: NegotiationRules, actors: ActorIndex, published: date | None
) -> FoundTalks:
    """Find the negotiations mentioned in ``doc``, in the order their parties are to be resolved.

    Args:
        doc: the parsed article.
        rules: the loaded rules (``negotiation_cues.toml``).
        actors: the article's named actors and places, to read places and named mediators.
        published: the publication date, to resolve "on Sunday".

    Returns:
        The candidates as they were found (a talks' readings in text order, each call after
        the talks of its sentence) and their references in that order.
    """
    reader = _Reader(rules, actors, published)
    found: list[TalksCandidate] = []
    for sent in doc.sents:
        for mention in _mentions(sent, reader):
            talks = _talks_for(mention, found, reader)
            talks.mentions.append(mention)
            if sent.start not in talks.sentences:
                talks.sentences.add(sent.start)
                _read_sentence(sent, mention, talks, reader)
        found += _calls(sent, reader)
    return FoundTalks(found, reader.references)


# ------------------------------------------------------------------ mentions


def _mentions(sent: Span, reader: _Reader) -> list[Span]:
    """The talks nouns of a sentence, longest phrase first at each position."""
    found: list[Span] = []
    i = sent.start
    while i < sent.end:
        phrases = reader.by_first_word.get(sent.doc[i].lower_, ())
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
    if any(c.dep_ == "det" and c.lower_ in reader.rules.negating_determiners for c in head.children):
        return False  # "no talks are planned": no negotiation
    if span.text.lower() not in reader.weak:
        return True
    definite = any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in head.children)
    return definite or bool(_party_objects(head, reader))


def _talks_for(mention: Span, found: list[TalksCandidate], reader: _Reader) -> TalksCandidate:
    """The negotiation a mention belongs to: the article's talks unless another place is named
    (a city of the country named before is no other place: "talks in Turkey ... in Istanbul")."""
    place = _place_of(mention.root, reader)
    for talks in found if not _new_round(mention, reader) else ():
        if talks.is_call:
            continue
        if place is None or talks.location in {None, place}:
            return talks
        if reader.actors.is_within(place, talks.location) or reader.actors.is_within(talks.location, place):
            if reader.actors.is_within(place, talks.location):  # "in Turkey", then "in Istanbul"
                talks.location = place
            return talks
    talks = TalksCandidate("Talks")
    found.append(talks)
    return talks


def _new_round(mention: Span, reader: _Reader) -> bool:
    """ "a new round of negotiations", "the next round of talks": another round than the one
    the article reported so far (whose parties and date are not this one's)."""
    tokens = list(mention)
    head = mention.root
    if head.dep_ == "pobj" and head.head.lower_ == "of":  # "a new round of negotiations"
        tokens.append(head.head.head)
    return any(
        c.dep_ == "amod" and c.lower_ in reader.rules.new_round_words for t in tokens for c in t.children
    )


def _place_of(token: Token, reader: _Reader) -> str | None:
    """ "talks in Cairo", "talks began in Cairo", "conversations, which began ... in Cairo"."""
    for key in _named_before(token, reader):
        if key in reader.actors.places or reader.actors.is_city(key):
            return key  # "the Jeddah talks"
    tokens = list(token.subtree)
    if token.dep_ in {"nsubj", "nsubjpass", "dobj"}:  # "talks began in Cairo", "held talks in Cairo"
        tokens += [c for c in token.head.children if c.dep_ == "prep"]
    for t in tokens:
        if t.dep_ == "prep" and t.lower_ in reader.rules.location_preps and t.head.pos_ in {"NOUN", "VERB"}:
            for obj in (o for o in t.children if o.dep_ == "pobj"):
                # "in the Qatari capital, Doha": the city named beside the description first
                named = [a for a in obj.children if a.dep_ == "appos"] + [obj]
                heads = [obj.doc[n.i : n.i + 1] for n in named] + [span_of(n) for n in named]
                # the head before the words inside it: "Türkiye's Istanbul"
                place = next((p for n in heads if (p := reader.actors.place_in(n))), None)
                if place:
                    return place
    return None


# ------------------------------------------------------------------ facts


def _read_sentence(sent: Span, mention: Span, talks: TalksCandidate, reader: _Reader) -> None:
    talks.location = talks.location or _place_of(mention.root, reader)
    low = sent.text.lower()
    talks.topics += [t for t in reader.rules.topics if _has_phrase(low, t) and t not in talks.topics]
    participants, hosts = _participants(mention, reader)
    reading = Reading(
        briefed=_briefed(sent, reader),
        mediators=(*_mediators(sent, reader), *hosts),
        participants=participants,
    )
    talks.readings.append(reading)
    reader.references += [*reading.briefed, *reading.mediators, *reading.participants]
    talks.outcome = talks.outcome or _outcome(sent, reader)
    continues = any(_has_phrase(low, p) for p in reader.rules.continuation_phrases)
    talks.continues = talks.continues or continues
    new_round = _new_round(mention, reader)
    tense = _tense(mention.root, reader, new_round=new_round)
    if tense is None and new_round:
        tense = "future"  # "agreeing to hold a new round of negotiations": not yet held
    talks.future = talks.future or tense == "future"
    talks.past = talks.past or tense == "past" or continues  # "will continue": under way already
    if tense == "future":  # "is set to host talks next week": when they are to begin, if planned
        talks.ahead = talks.ahead or _planned_date(mention.root, reader)
    else:  # the sentence's "began"/"ended" date talks held, never a round still to come
        talks.start = talks.start or _dated(sent, reader.rules.start_verbs, reader)
        talks.end = talks.end or _dated(sent, reader.rules.end_verbs, reader)


def _has_phrase(low: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase.lower())}(?![\w-])", low) is not None


def _party_objects(token: Token, reader: _Reader) -> list[Token]:
    """ "talks between X and Y", "a call with X": the parties' heads."""
    objects = prep_objects([token], reader.rules.party_preps)
    return objects + [c for o in objects for c in o.conjuncts]


def _named_before(head: Token, reader: _Reader) -> list[str]:
    """The actors and places named in front of a talks noun: "the Jeddah talks", "US-Taliban talks"."""
    words = [t for t in head.subtree if t.i < head.i and t.dep_ != "det"]
    keys = [k for t in words if (k := reader.actors.actor_at(t.i) or reader.actors.place_at(t.i))]
    return list(dict.fromkeys(keys))


def _participants(
    mention: Span, reader: _Reader
) -> tuple[tuple[Reference | Choice, ...], tuple[Reference, ...]]:
    """The parties at the table, and the hosts: "X held talks with Y" seats X, "X will hold
    talks between A and B" makes X the host of A and B (a mediator)."""
    head = mention.root
    before = _named_before(head, reader)
    parties = [k for k in before if k not in reader.actors.places and not reader.actors.is_city(k)]
    # the parties of "talks between", and of "a round of talks between"
    tokens = [t for h in dict.fromkeys([head, mention[-1]]) for t in _party_objects(h, reader)]
    verb = head.head
    if head.dep_ == "nsubj" and verb.lemma_.lower() in reader.rules.participant_verbs:
        tokens += [c for c in verb.children if c.dep_ == "dobj"]
    joining = _joining_verb(head, reader)
    hosts: list[Token] = []
    if joining is not None and not any(c.dep_ == "neg" for c in joining.children):
        # "X held talks", "X agreed to hold talks", "X is expected to hold"
        subject = _raised_subject(joining)
        subjects = [subject, *subject.conjuncts] if subject is not None else []
        between = any(
            p.lower_ in {"between", "among"} and p.head in (head, mention[-1]) for p in _preps_of(tokens)
        )
        if between and tokens and joining.lemma_.lower() in reader.rules.convening_verbs:
            hosts += [s for s in subjects if s not in tokens]
        else:
            tokens += subjects
    found = [_party(t, reader) for t in tokens if t.lower_ not in reader.rules.mediator_words]
    hosted = tuple(party_reference(t, reader.actors) for t in hosts)
    return (*([named(parties)] if parties else []), *found), hosted  # "US-Taliban talks": both


def _preps_of(tokens: list[Token]) -> list[Token]:
    """The prepositions the party tokens hang from ("between" of "between A and B")."""
    return [t.head for t in tokens if t.dep_ == "pobj" and t.head.dep_ == "prep"]


def _party(token: Token, reader: _Reader) -> Reference | Choice:
    """A party at the table; "delegations led by Israel and Hamas" are Israel and Hamas when
    the delegations name no one ("the Ukrainian delegation, led by X" is Ukraine)."""
    own = party_reference(token, reader.actors)
    led = [c for c in token.children if c.dep_ == "acl" and c.lemma_.lower() in reader.rules.leading_verbs]
    leaders = [o for verb in led for o in by_phrase(verb)]
    if leaders:
        return Choice((own, party_reference(leaders[0], reader.actors)))
    sent_by = _of_objects(token) if _party_noun(token, reader) else []
    keys = [k for o in sent_by if (k := reader.actors.actor_at(o.i))]
    return named(keys) if keys else own  # "representatives of the UN, Ukraine and Russia": who sent them


def _party_noun(token: Token, reader: _Reader) -> bool:
    """ "delegations", "officials": people sent by the sides (read as written too: the parser
    takes a capitalised "Delegations" opening a sentence for a name, with no lemma)."""
    return bool({token.lemma_.lower(), token.lower_} & reader.rules.party_nouns)


def _of_objects(token: Token) -> list[Token]:
    """The objects of "of" after ``token``, with their conjuncts: "delegations of A, B and C"."""
    ofs = [p for p in token.children if p.dep_ == "prep" and p.lower_ == "of"]
    objects = [o for p in ofs for o in p.children if o.dep_ == "pobj"]
    return objects + [c for o in objects for c in o.conjuncts]


def _joining_verb(head: Token, reader: _Reader) -> Token | None:
    """ "X held talks", "X took part in negotiations": the verb whose subject takes part."""
    token = head
    while token.dep_ in {"dobj", "pobj", "prep"} and token.head.i != token.i:
        token = token.head
        if token.pos_ == "VERB":
            return token if token.lemma_.lower() in reader.rules.joining_verbs else None
    return None


def _mediators(sent: Span, reader: _Reader) -> tuple[Reference, ...]:
    """ "mediators from the United States, Qatar, and Egypt", "Egyptian and Qatari mediators"."""
    found: list[Reference] = []
    for token in sent:
        if token.pos_ == "NOUN" and token.lower_ in reader.rules.mediator_words:
            origins = [c for c in token.children if c.dep_ in {"amod", "compound", "nmod"}]
            origins += [c for c in token.children if c.dep_ == "prep" and c.lower_ in {"from", "of"}]
            found.append(named([k for o in origins for k in reader.actors.actors_in(span_of(o))]))
        elif (
            token.pos_ == "VERB"
            and token.lemma_.lower() in reader.rules.mediator_verbs
            and not _negated(token)
        ):
            # "Qatar mediated", "talks brokered by Egypt", "a meeting hosted by Qatar", "convened by"
            # "Qatar will host", "agreed to host"; "Qatar is set to host talks": who is set hosts them
            subject = _raised_subject(token)
            subjects = [subject] if subject is not None and subject.dep_ in {"nsubj", "nsubjpass"} else []
            subjects += by_phrase(token)
            subjects += [c for s in subjects for c in s.conjuncts]
            found += [party_reference(s, reader.actors) for s in subjects]
        elif _hosting_noun(token, reader):  # "Qatar is set to host talks", parsed "host talks" as a noun
            verbs = _verbs_over(token.head)  # "is set to(prep) host talks": who is set
            subject = (
                next((c for c in verbs[-1].children if c.dep_ in {"nsubj", "nsubjpass"}), None)
                if verbs
                else None
            )
            subjects = [subject, *subject.conjuncts] if subject is not None else []
            found += [party_reference(s, reader.actors) for s in subjects]
    return tuple(found)


def _hosting_noun(token: Token, reader: _Reader) -> bool:
    """ "to host talks", "will host talks" where the parser took the verb for a noun of the talks."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return (
        token.dep_ == "compound"
        and token.lemma_.lower() in reader.rules.mediator_verbs
        and token.head.lower_ in reader.by_first_word
        and before is not None
        and before.lower_ in {"to", *reader.rules.future_auxiliaries}
    )


def _raised_subject(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it is the infinitive of, active or passive:
    "Qatar will host", "Qatar agreed to host", "Qatar is set to host" (who is set hosts)."""
    subject = subject_of(verb)
    while subject is None and verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subject


# ------------------------------------------------------------------ planned talks

_CLIMB = {"dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "acomp"}  # "is due to host talks"


def _verbs_over(token: Token) -> list[Token]:
    """The verbs a talks noun (or a verb) hangs from, up through infinitives: "is set to host
    talks" gives [set]; "is expected to hold talks" gives [hold, expected]."""
    verbs: list[Token] = []
    while True:
        if token.pos_ in {"VERB", "AUX"}:
            verbs.append(token)
            if token.dep_ != "xcomp":
                return verbs
        elif token.dep_ not in _CLIMB:
            return verbs
        if token.head.i == token.i:
            return verbs
        token = token.head


def _negated(token: Token) -> bool:
    """ "Qatar is not expected to host talks", "did not mediate": the verbs above say no."""
    return any(c.dep_ == "neg" for v in _verbs_over(token) for c in v.children)


def _hypothetical(verbs: list[Token], reader: _Reader) -> bool:
    """ "If Qatar hosts talks next week", "Will Qatar host talks?": a condition or a question
    announces nothing."""
    marked = any(
        c.dep_ == "mark" and c.lower_ in reader.rules.hypothetical_marks for v in verbs for c in v.children
    )
    return marked or verbs[-1].sent.text.rstrip().endswith("?")


def _tense(token: Token, reader: _Reader, *, new_round: bool = False) -> str | None:
    """ "future" for talks announced ahead ("will hold", "is set to host", "are scheduled for",
    "plan to meet", "upcoming talks", "talks resume next week"), "past" for talks reported
    held ("held talks", "talks ended"); None otherwise, under a negation ("is not expected
    to host talks" announces nothing), a condition or a question. A ``new_round`` ("agreed to
    hold a new round of talks") lies ahead as "next week" does."""
    rules = reader.rules
    if any(c.lower_ in rules.planned_modifiers and c.dep_ in {"amod", "compound"} for c in token.children):
        return "future"
    verbs = _verbs_over(token)
    if not verbs or _negated(token) or _hypothetical(verbs, reader):
        return None
    top = verbs[-1]
    auxes = [c for c in top.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in rules.future_auxiliaries for a in auxes):
        return "future"
    finite = auxes[0] if auxes else top
    planning = _holds_talks(verbs[0], rules) and any(
        v.lemma_.lower() in rules.planned_verbs and _announces(v, token, rules.planned_verbs) for v in verbs
    )
    ahead = new_round or any(
        _has_phrase(t.text.lower(), p) for t in _dates_of(verbs, token) for p in rules.future_times
    )
    if finite.tag_ == "VBD" or (auxes and finite.lemma_.lower() == "have"):
        return "future" if planning and ahead else "past"  # "planned to meet next week, he said"
    if finite.tag_ not in {"VBZ", "VBP"}:
        return None
    return "future" if planning or ahead else None


def _holds_talks(verb: Token, rules: NegotiationRules) -> bool:
    """The verb the talks hang from brings them about ("to host talks", "to hold talks", "talks
    are scheduled"), not "is to blame for the talks" or "is set to blame X for the talks"."""
    holding = rules.joining_verbs | rules.convening_verbs | rules.mediator_verbs | rules.start_verbs
    return verb.lemma_.lower() in holding | rules.call_verbs | rules.planned_verbs


def _announces(verb: Token, talks: Token, planned: frozenset[str]) -> bool:
    """ "set to host", "plan to meet", "is to host", "talks are scheduled": the verb takes an
    infinitive or has the talks as passive subject ("Hamas sets conditions for talks" announces
    nothing); "is due to host": its complement is a planning word."""
    return any(
        c.dep_ == "xcomp"
        or (c.dep_ == "prep" and c.lower_ == "to")
        or (c.dep_ == "nsubjpass" and c.i == talks.i)
        or (c.dep_ == "acomp" and c.lemma_.lower() in planned)  # "is due to host talks"
        for c in verb.children
    )


def _dates_of(verbs: list[Token], token: Token) -> list[Span]:
    """The dates said of the talks or of the verbs they hang from: "talks ... next week",
    "hold talks on Friday", "scheduled for Friday"."""
    found = []
    for t in [token, *verbs]:
        for child in t.children:
            if child.dep_ in {"prep", "npadvmod"}:
                ent = _date_in(child)
                if ent is not None:
                    found.append(ent)
    return found


def _planned_date(token: Token, reader: _Reader) -> TimeRef | None:
    """When talks announced ahead are to begin: a weekday is the coming one ("on Friday" in
    Sunday's paper is the Friday after), "next week" is kept as written."""
    verbs = [v for v in _verbs_over(token) if v.tag_ != "VBD"]  # not "agreed on Sunday to hold talks"
    # "the talks, which are expected to begin on Monday": the verbs of a clause about them
    verbs += [
        v
        for c in token.children
        if c.dep_ == "relcl"
        for v in (c, *c.children)
        if v.dep_ in {"relcl", "xcomp"}
    ]
    dates = _dates_of(verbs, token)
    return resolve_time(dates[0].text, reader.published, future=True) if dates else None


def _briefed(sent: Span, reader: _Reader) -> tuple[Reference, ...]:
    """ "A Hamas delegation was briefed by ...": kept informed, not at the table."""
    found: list[Reference] = []
    for token in sent:
        if token.pos_ == "VERB" and token.lemma_.lower() in reader.rules.briefed_words:
            heads = [c for c in token.children if c.dep_ in {"nsubjpass", "dobj"}]
            found += [party_reference(h, reader.actors) for h in heads]
    return tuple(found)


def _outcome(sent: Span, reader: _Reader) -> str | None:
    low = sent.text.lower()
    for phrase in reader.rules.outcome_phrases:
        match = re.search(rf"\b{re.escape(phrase.lower())}\b", low)
        if match:
            return sent.text[match.start() : match.end()]
    return None


def _dated(sent: Span, verbs: frozenset[str], reader: _Reader) -> TimeRef | None:
    """The date of a "began"/"ended" verb of the sentence: "ended on Sunday"."""
    for token in sent:
        if token.pos_ == "VERB" and token.lemma_.lower() in verbs:
            time = _date_near(token, reader)
            if time is not None:
                return time
    return None


def _date_in(token: Token) -> Span | None:
    for t in token.subtree:
        if t.ent_type_ == "DATE" and t.ent_iob_ == "B":
            return next((e for e in t.doc.ents if e.start == t.i), None)
    return None


def _date_near(token: Token, reader: _Reader) -> TimeRef | None:
    for child in token.children:
        if child.dep_ in {"prep", "npadvmod"}:
            ent = _date_in(child)
            if ent is not None:
                return resolve_time(ent.text, reader.published)
    return None


# ------------------------------------------------------------------ calls


def _calls(sent: Span, reader: _Reader) -> list[TalksCandidate]:
    """ "X spoke with Y", "X met Y": a call or meeting between parties, if two resolve."""
    calls = []
    for token in sent:
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" or lemma not in reader.rules.call_verbs:
            continue
        if lemma == "call" and _not_a_call(token):
            continue  # "called him a liar", "called for a truce", "called on Israel to": no call
        others = [o for o in _party_objects(token, reader) if o.lower_ not in reader.rules.mediator_words]
        if lemma in reader.rules.object_party_verbs:
            others += [c for c in token.children if c.dep_ == "dobj"]
        subject = _raised_subject(token)  # "X met Y", "X planned to meet Y"
        subjects = [subject] if subject is not None and subject.dep_ == "nsubj" else []
        label = reader.rules.call_labels.get(lemma, "Talks")
        call = TalksCandidate(label, [sent.doc[token.i : token.i + 1]], is_call=True)
        sides = _sides(subjects, reader) if not others and lemma in reader.rules.reciprocal_verbs else []
        call.parties = tuple(_party(t, reader) for t in (*subjects, *others, *sides))
        reader.references += call.parties
        call.has_sides = bool(subjects and (others or sides))
        tense = _tense(token, reader)
        call.future, call.past = tense == "future", tense == "past"
        if call.future:  # "the two ministers will meet on Friday": when they are to meet
            call.ahead = _planned_date(token, reader)
        else:
            call.start = call.end = _date_near(token, reader)
        call.location = _place_of(token, reader)
        calls.append(call)
    return calls


def _sides(subjects: list[Token], reader: _Reader) -> list[Token]:
    """ "Israel and Hamas met", "delegations of Ukraine and Russia will meet", "the Ukrainian
    and Russian delegations met": the sides of a meeting in its subject (names, or a noun of
    people who meet: party_nouns), which must then resolve to two actors; "officials met"
    names one side and makes no meeting."""
    found: list[Token] = []
    for subject in subjects:
        found += subject.conjuncts
        if subject.pos_ == "NOUN" and not _party_noun(subject, reader):
            continue  # "where the Syrian, Iraqi and Jordanian borders meet": no one meets
        found += _of_objects(subject)
        if not found and subject.tag_ in {"NNS", "NNPS"}:
            found.append(subject)  # its modifiers name the sides: "Ukrainian and Russian delegations"
    return found


def _not_a_call(token: Token) -> bool:
    """ "called him a liar", "called for a truce", "called on Israel to": no phone call."""
    return any(
        c.dep_ in {"oprd", "ccomp", "xcomp"} or (c.dep_ == "prep" and c.lower_ in {"for", "on"})
        for c in token.children
    )
