"""Find the actors of an article and answer "which actor do these words denote?".

``extract_actors`` reads the named entities once, drops NER junk, merges the surface forms of
one actor ("Hassan Nasrallah", "Mr Nasrallah"; "US", "the United States"), links gazetteer
entries to Wikidata and reads titles into roles and affiliations. The returned
:class:`ActorIndex` is then asked by the other extractors to resolve a speaker or an agent:
a name, a pronoun ("he"), a definite description ("the official") or an indefinite one
("a US official", which becomes an unnamed actor).

An entity is trimmed and classed by :mod:`kg.extract.names` and looked up in the gazetteer
through :mod:`kg.extract.gazetteer_index`; titles and descriptions are read by
:mod:`kg.extract.roles`, and the antecedent of a pronoun or a description is searched by
:mod:`kg.extract.antecedents`. What is learnt of each actor or place is kept in a draft
(:mod:`kg.extract.actor_drafts`) until the records are written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from kg.extract.actor_drafts import (
    GAZETTEER_CONFIDENCE,
    UNNAMED_CONFIDENCE,
    Draft,
    actor_record,
    place_record,
)
from kg.extract.antecedents import last_mentioned, last_subject, sentences_back
from kg.extract.gazetteer_index import Gazetteer
from kg.extract.names import ENTITY_LABELS, clean, entity_kind, full_person_names, trim
from kg.extract.roles import (
    add_role,
    appositive_roles,
    description_label,
    has_role,
    title_tokens,
    unnamed_kind,
)
from kg.extract.rules import GazetteerEntry, Rules
from kg.extract.spans import doc_text
from kg.records import ActorRecord, PlaceRecord
from kg.vocab import slugify

_PLACE_LABELS = {"LOC", "FAC"}


class ActorIndex:
    """The actors and places of one article, and the resolution of words to actors."""

    def __init__(self, doc: Doc, rules: Rules, doc_id: str) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.rules = rules
        self.doc_id = doc_id
        self.gazetteer = Gazetteer(rules.gazetteer)
        self._drafts: dict[str, Draft] = {}
        self._places: dict[str, Draft] = {}
        self._token_actor: dict[int, str] = {}  # token index -> actor key
        self._demonyms: dict[str, list[Span]] = {}  # state key -> its demonyms ("Egyptian")
        self._token_place: dict[int, str] = {}
        self._people: list[tuple[Span, Draft]] = []
        self._full_names: dict[str, str] = {}

    # ------------------------------------------------------------------ reading

    def read_entities(self) -> None:
        """Register every named entity of the document that is an actor or a place."""
        self._full_names = full_person_names(self.doc, self.rules)
        for ent in self.doc.ents:
            if ent.label_ in ENTITY_LABELS:
                self._read_actor(ent)
            elif ent.label_ in _PLACE_LABELS:
                self._read_place(ent)
            elif ent.label_ == "NORP":
                self._read_demonym(ent)
        for span, draft in self._people:  # titles once every name is known
            self._read_titles(span, draft)

    def _read_actor(self, ent: Span) -> None:
        span = trim(ent, self.rules)
        if span is None:
            return
        surface = clean(span.text)
        entry = self._entry_for(span, surface)
        if entry is not None and entry.kind == "Place":
            self._add_place_from_entry(entry, span, surface)
            return
        if entry is None and ent.label_ != "PERSON" and surface.split()[-1].lower() in self.rules.place_heads:
            self._add_place(span, surface)  # "the Bab el-Mandeb Strait", tagged ORG (not "Michael Bay")
            return
        if entry is not None:
            draft = self._draft_for_entry(entry)
        elif ent.label_ == "PERSON":
            draft = self._person_draft(surface)
        else:
            draft = self._named_draft(surface, entity_kind(span, ent.label_, self.rules))
        draft.add_mention(span, surface)
        for token in span:
            self._token_actor[token.i] = draft.key
        if draft.kind == "Person":
            self._people.append((span, draft))
        if span.root.dep_ in {"nsubj", "nsubjpass"}:
            draft.subject_at.append(span.start_char)

    def _read_place(self, ent: Span) -> None:
        span = trim(ent, self.rules)
        if span is None:
            return
        surface = clean(span.text)
        entry = self._entry_for(span, surface)
        if entry is not None and entry.kind != "Place":
            self._read_actor(ent)
            return
        if entry is not None:
            self._add_place_from_entry(entry, span, surface)
            return
        self._add_place(span, surface)

    def _add_place(self, span: Span, surface: str) -> None:
        draft = self._places.setdefault(slugify(surface), Draft(slugify(surface), surface, "Place"))
        draft.add_mention(span, surface)
        for token in span:
            self._token_place[token.i] = draft.key

    def _add_place_from_entry(self, entry: GazetteerEntry, span: Span, surface: str) -> None:
        key = slugify(entry.label)
        draft = self._places.setdefault(
            key, Draft(key, entry.label, "Place", wikidata=entry.qid, confidence=GAZETTEER_CONFIDENCE)
        )
        draft.add_mention(span, surface)
        for token in span:
            self._token_place[token.i] = key

    def _read_demonym(self, ent: Span) -> None:
        """ "Israeli" names no actor by itself, but lets "Israeli planes" resolve to Israel."""
        entry = self.gazetteer.by_demonym.get(clean(ent.text))
        if entry is not None and entry.kind == "GeopoliticalEntity":
            draft = self._draft_for_entry(entry)
            self._demonyms.setdefault(draft.key, []).append(ent)
            for token in ent:
                self._token_actor.setdefault(token.i, draft.key)

    def _entry_for(self, span: Span, surface: str) -> GazetteerEntry | None:
        qid = span[0].ent_id_ if span[0].ent_id_ else ""
        entry = self.gazetteer.by_qid.get(qid) if qid else None
        return entry or self.gazetteer.lookup(surface)

    def _draft_for_entry(self, entry: GazetteerEntry) -> Draft:
        key = f"{entry.kind.lower()}/{slugify(entry.label)}"  # as for names not in the gazetteer
        if key not in self._drafts:
            draft = Draft(key, entry.label, entry.kind, wikidata=entry.qid)
            draft.confidence = GAZETTEER_CONFIDENCE
            if entry.affiliation and entry.affiliation in self.gazetteer.by_qid:
                draft.affiliation = self._draft_for_entry(self.gazetteer.by_qid[entry.affiliation]).key
            self._drafts[key] = draft
        return self._drafts[key]

    def _named_draft(self, name: str, kind: str) -> Draft:
        """One draft per name in an article: a later, more specific kind refines it."""
        for draft in self._drafts.values():
            if draft.named and draft.name == name:
                if draft.kind == "Organization" and kind in {"ArmedGroup", "GovernmentBody"}:
                    draft.kind = kind
                return draft
        key = f"{kind.lower()}/{slugify(name)}"
        return self._drafts.setdefault(key, Draft(key, name, kind))

    def _person_draft(self, surface: str) -> Draft:
        """A person; a bare surname joins the article's one full name ending with it.

        The key comes from the full name wherever it stands, so the same person gets the
        same IRI in every article that names them in full.
        """
        name = self._full_names.get(surface, surface) if " " not in surface else surface
        return self._named_draft(name, "Person")

    # ------------------------------------------------------------- titles

    def _read_titles(self, span: Span, draft: Draft) -> None:
        """Read "CIA director X", "X, the head of Y" and "Y's spokesperson, X" into data."""
        left = title_tokens(span)
        add_role(draft, [t for t in left if t.i not in self._token_actor], self.rules)
        affiliations = [t for t in left if t.i in self._token_actor]
        for noun in appositive_roles(span, self.rules):
            words = [t for t in noun.children if t.dep_ in {"amod", "compound"} and t.i < noun.i]
            add_role(draft, [t for t in words if t.i not in self._token_actor] + [noun], self.rules)
            affiliations += [t for t in noun.subtree if t.i in self._token_actor and t not in span]
        # What the article says ("CIA director") wins over the gazetteer's default affiliation.
        keys = [self._token_actor[t.i] for t in affiliations if self._token_actor[t.i] != draft.key]
        # "the head of Israel's Mossad": the organisation is more telling than its state.
        keys.sort(key=lambda k: self._drafts[k].kind == "GeopoliticalEntity")
        if keys:
            draft.affiliation = keys[0]

    # ------------------------------------------------------------ resolution

    def actors_in(self, span: Span) -> list[str]:
        """Keys of the actors named inside ``span``, in text order, each once."""
        keys = [self._token_actor[t.i] for t in span if t.i in self._token_actor]
        return list(dict.fromkeys(keys))

    def place_in(self, span: Span) -> str | None:
        """The first place (or state/city actor) named inside ``span``."""
        for token in span:
            if token.i in self._token_place:
                return self._token_place[token.i]
            key = self._token_actor.get(token.i)
            if key and self._drafts[key].kind == "GeopoliticalEntity":
                return key
        return None

    def resolve(self, span: Span) -> tuple[str, ...]:
        """The actors that ``span`` (a subject, an agent) denotes; () when none fits."""
        root = span.root
        if root.pos_ == "PRON" or root.lower_ in self.rules.person_pronouns | self.rules.group_pronouns:
            return self._resolve_pronoun(root)
        named = self._named_in(span) or (self._by_surname(span) if root.pos_ == "PROPN" else ())
        if named:
            return named
        if (
            root.pos_ in {"NOUN", "PROPN"}
            and root.lemma_.lower() in self.rules.speaker_nouns | self.rules.roles
        ):
            return self._resolve_description(span)
        return ()

    def resolve_speaker(self, span: Span) -> tuple[str, ...]:
        """Like :meth:`resolve`, for the subject of a speech verb: any noun phrase that says
        something is a speaker ("the businessman says"), so a description nobody listed
        still becomes an unnamed actor. The speakers found become the likeliest antecedents
        of a later "he" or "they"."""
        keys = self.resolve(span)
        if not keys and span.root.pos_ in {"NOUN", "PROPN"} and span.root.lower_ not in self.rules.weapons:
            keys = (self.describe(span),)
        for key in keys:
            self._drafts[key].subject_at.append(span.start_char)
        return keys

    def describe(self, span: Span) -> str:
        """The unnamed actor a description denotes ("reporters", "a US official"), made on first use."""
        return self._unnamed(span).key

    def _by_surname(self, span: Span) -> tuple[str, ...]:
        """A bare surname NER did not tag ("Revesz said") names the article's one person with it."""
        word = span.root.text
        people = [
            d for d in self._drafts.values() if d.kind == "Person" and d.named and d.name.split()[-1] == word
        ]
        if len(people) != 1:
            return ()
        self.add_mention(people[0].key, span)
        return (people[0].key,)

    def _named_in(self, span: Span) -> tuple[str, ...]:
        """Names at the head of the phrase: the root, an apposition, or conjoined names."""
        root = span.root
        heads = [root, *[t for t in root.children if t.dep_ in {"appos", "conj"}]]
        heads += [t for h in heads[1:] for t in h.children if t.dep_ == "conj"]
        keys = [self._token_actor[t.i] for t in heads if t.i in self._token_actor]
        if root.i in self._token_actor and self._is_demonym_only(root):
            keys = keys[1:]
        return tuple(dict.fromkeys(keys))

    def _is_demonym_only(self, token: Token) -> bool:
        return token.ent_type_ == "NORP"

    def _resolve_pronoun(self, token: Token) -> tuple[str, ...]:
        """The last subject or speaker of the right kind in the three sentences before,
        else the last such actor mentioned at all."""
        person = token.lower_ in self.rules.person_pronouns

        def accept(draft: Draft) -> bool:
            return (draft.kind == "Person") == person

        drafts, window = self._drafts.values(), sentences_back(token, 3)
        found = last_subject(drafts, window, token.idx, accept)
        return found or last_mentioned(drafts, token.idx, accept)

    def _resolve_description(self, span: Span) -> tuple[str, ...]:
        """ "the official" is the official described before; "a US official" is new."""
        head = span.root.lemma_.lower()
        first = span[0].lower_
        if first in {"the", "this", "that", "these", "those"} and not self.actors_in(span):
            drafts, offset = self._drafts.values(), span.start_char
            earlier = last_mentioned(drafts, offset, lambda d: not d.named and d.head == head)
            titled = last_mentioned(drafts, offset, lambda d: d.named and has_role(d, head))
            if titled:  # "the president": the person the article gave that title
                return titled
            if earlier:
                return earlier
            if span.root.tag_ in {"NNS", "NNPS"}:
                return self._recent_groups(span)
        return (self._unnamed(span).key,)

    def _recent_groups(self, span: Span) -> tuple[str, ...]:
        """ "the groups said": the organisations named in this or the previous sentence."""
        sent = span.sent
        start = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        window = self.doc[start : span.start]
        keys = [k for k in self.actors_in(window) if self._drafts[k].kind in {"ArmedGroup", "Organization"}]
        return tuple(keys) or (self._unnamed(span).key,)

    def _unnamed(self, span: Span) -> Draft:
        label = description_label(span)
        key = f"unnamed/{self.doc_id}/{slugify(label)}"
        draft = self._drafts.get(key)
        if draft is None:
            draft = Draft(key, label, unnamed_kind(span.root), named=False, head=span.root.lemma_.lower())
            draft.confidence = UNNAMED_CONFIDENCE
            draft.roles.append(span.root.lemma_.lower())
            affiliations = [k for k in self.actors_in(span) if k != key]
            draft.affiliation = affiliations[0] if affiliations else None
            self._drafts[key] = draft
        draft.add_mention(span, label)
        return draft

    # --------------------------------------------------------------- output

    def records(self, referenced: Iterable[str] = ()) -> tuple[ActorRecord, ...]:
        """The actors, as records, in order of first mention.

        A state known only through a demonym ("Egyptian and Qatari mediators") is an actor
        when a record refers to it (``referenced``); the demonyms are then its mentions.
        """
        drafts = [d for d in self._drafts.values() if d.mentions]
        for key in dict.fromkeys(referenced):
            draft = self._drafts.get(key)
            if draft is not None and not draft.mentions and key in self._demonyms:
                spans = self._demonyms[key]
                sentence = (spans[0].sent.start_char, spans[0].sent.end_char)
                drafts.append(
                    replace(draft, mentions=[(s.start_char, s.end_char) for s in spans], sentence=sentence)
                )
        ordered = sorted(drafts, key=lambda d: d.mentions[0])
        return tuple(actor_record(d, self.text, self._affiliation(d)) for d in ordered)

    def places(self) -> tuple[PlaceRecord, ...]:
        """The places that are not also actors, in order of first mention."""
        drafts = sorted((d for d in self._places.values() if d.mentions), key=lambda d: d.mentions[0])
        return tuple(place_record(d, self.text) for d in drafts)

    def known(self, key: str) -> bool:
        """True when ``key`` is an actor with at least one mention."""
        draft = self._drafts.get(key)
        return draft is not None and bool(draft.mentions)

    def add_mention(self, key: str, span: Span) -> None:
        """Record that ``span`` refers to actor ``key`` (a resolved pronoun or demonym)."""
        draft = self._drafts[key]
        if (span.start_char, span.end_char) not in draft.mentions:
            draft.mentions.append((span.start_char, span.end_char))
            draft.mentions.sort()
        if draft.sentence is None:
            draft.sentence = (span.sent.start_char, span.sent.end_char)

    def _affiliation(self, d: Draft) -> str | None:
        """The draft's affiliation when that actor is in the article, else None."""
        return d.affiliation if d.affiliation and self.known(d.affiliation) else None


def extract_actors(doc: Doc, rules: Rules, doc_id: str) -> ActorIndex:
    """Read the actors and places named in ``doc``; resolve other mentions through the index."""
    index = ActorIndex(doc, rules, doc_id)
    index.read_entities()
    return index
