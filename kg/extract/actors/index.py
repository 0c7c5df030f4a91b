"""The actors and places an article names: read once from its entities, then only looked up.

``ActorIndex`` reads the named entities once, drops NER junk, merges the surface forms of one
actor ("Hassan Nasrallah", "Mr Nasrallah"; "US", "the United States"), links gazetteer entries
to Wikidata and reads titles into roles and affiliations. The extractors then only *read* it:
which actors and places the words of a phrase name (``actors_in``, ``place_in``). Resolving a
pronoun or a description to an actor, which adds actors and mentions, is the resolution step's
(:mod:`kg.extract.actors.resolver`), which takes the index over once the extractors are done.

An entity is trimmed and classed by :mod:`kg.extract.actors.names` and looked up in the
gazetteer (:mod:`kg.extract.actors.gazetteer`); titles are read by
:mod:`kg.extract.actors.roles`. What is learnt of each actor or place is kept in a draft
(:mod:`kg.extract.actors.drafts`) until the records are written.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.extract.actors.drafts import GAZETTEER_CONFIDENCE, Draft
from kg.extract.actors.gazetteer import Gazetteer, GazetteerEntry
from kg.extract.actors.names import ENTITY_LABELS, clean, entity_kind, full_person_names, trim
from kg.extract.actors.place_names import named_place, reads_as_place
from kg.extract.actors.roles import add_role, appositive_roles, title_tokens
from kg.extract.actors.rules import ActorRules
from kg.extract.datelines import datelines
from kg.extract.spans import doc_text
from kg.vocab import slugify

_PLACE_LABELS = {"LOC", "FAC"}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,9}$")


def _cut_off(text: str) -> int | None:
    """Where the last word of ``text`` starts when the text may have been cut off inside it: it
    ends in a letter, not a stop or a closing mark, after a sentence that did end. None for a
    whole text. A name there is kept only when the gazetteer knows it ("… returned to Gao")."""
    body = text.rstrip()
    if not body or not body[-1].isalnum() or not any(stop in body for stop in (". ", ".\n", "? ", "! ")):
        return None
    return len(body) - len(body.split()[-1])


class ActorIndex:
    """The named actors and places of one article, and the words that name them."""

    def __init__(self, doc: Doc, rules: ActorRules, doc_id: str) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.rules = rules
        self.doc_id = doc_id
        self.gazetteer = Gazetteer(rules.gazetteer)
        self.drafts: dict[str, Draft] = {}
        self.places: dict[str, Draft] = {}
        self.demonyms: dict[str, list[Span]] = {}  # state key -> its demonyms ("Egyptian")
        self._token_actor: dict[int, str] = {}  # token index -> actor key
        self._token_place: dict[int, str] = {}
        self._people: list[tuple[Span, Draft]] = []
        self._full_names: dict[str, str] = {}

    # ------------------------------------------------------------------ reading

    def read_entities(self) -> None:
        """Register every named entity of the document that is an actor or a place."""
        self._full_names = full_person_names(self.doc, self.rules)
        dateline_places = {(d.place_start, d.place_end) for d in datelines(self.text)}
        cut = _cut_off(self.text)
        for ent in self.doc.ents:
            if any(s < ent.end_char and ent.start_char < e for s, e in dateline_places):
                continue  # read as the dateline's place below, whatever NER tagged it
            if cut is not None and ent.end_char >= cut and self.gazetteer.lookup(clean(ent.text)) is None:
                continue  # "Residents fled to Tomb": a word cut off at the end names no one
            if ent.label_ == "NORP" or self._only_demonym(ent):
                self._read_demonym(ent)  # "the Ukrainian and Russian delegations", "Ukrainian" tagged GPE
            elif ent.label_ in ENTITY_LABELS:
                self._read_actor(ent)
            elif ent.label_ in _PLACE_LABELS:
                self._read_place(ent)
        self._read_place_names()
        self._read_untagged_places()
        for span, draft in self._people:  # titles once every name is known
            self._read_titles(span, draft)
        self._read_datelines()
        self._read_acronyms()

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

    def _read_place_names(self) -> None:
        """ "in Mafa", "the village of Tarmoa": a name read as a person or an organisation, used
        as a place and never speaking, is a state or town (its key says so too)."""
        for key, draft in list(self.drafts.items()):
            if draft.wikidata or not draft.named or draft.kind not in {"Person", "Organization"}:
                continue
            spans = [s for start, end in draft.mentions if (s := self.doc.char_span(start, end)) is not None]
            if spans and reads_as_place(spans, self.rules):
                new_key = f"geopoliticalentity/{slugify(draft.name)}"
                self.drafts[new_key] = draft = self.drafts.pop(key)
                draft.key, draft.kind = new_key, "GeopoliticalEntity"
                self._token_actor.update({i: new_key for i, k in self._token_actor.items() if k == key})
                self._people = [(s, d) for s, d in self._people if d is not draft]

    def _read_untagged_places(self) -> None:
        """ "the village of Tarmoa", "Mafa village": a proper noun NER missed, named as a place."""
        for token in self.doc:
            if token.pos_ != "PROPN" or token.i in self._token_actor or token.i in self._token_place:
                continue
            if named_place(token, self.rules):
                start = token.i
                while (
                    start > 0
                    and self.doc[start - 1].pos_ == "PROPN"
                    and self.doc[start - 1].dep_ == "compound"
                ):
                    start -= 1
                span = self.doc[start : token.i + 1]
                draft = self._named_draft(clean(span.text), "GeopoliticalEntity")
                draft.add_mention(span, clean(span.text))
                for t in span:
                    self._token_actor[t.i] = draft.key

    def _read_acronyms(self) -> None:
        """ "the Sudanese Armed Forces (SAF)": SAF is that actor's, here and wherever it recurs."""
        found: dict[str, str] = {}
        doc = self.doc
        for token in doc[:-3]:
            key = self._token_actor.get(token.i)
            inside = doc[token.i + 2]
            if (
                key is not None
                and self._token_actor.get(token.i + 1) != key
                and doc[token.i + 1].text == "("
                and doc[token.i + 3].text == ")"
                and _ACRONYM.match(inside.text)
                and self.drafts[key].named
            ):
                found.setdefault(inside.text, key)
        for token in doc:
            key = found.get(token.text)
            if key is not None and self._token_actor.get(token.i) != key:
                old = self._token_actor.get(token.i)
                if old is not None and old != key:
                    self._forget_mention(old, token)
                self._token_actor[token.i] = key
                self.drafts[key].add_mention(doc[token.i : token.i + 1], token.text)

    def _forget_mention(self, key: str, token: Token) -> None:
        """The acronym was read as an actor of its own: it is the full name's."""
        draft = self.drafts[key]
        draft.mentions = [m for m in draft.mentions if not m[0] <= token.idx < m[1]]
        if not draft.mentions:
            del self.drafts[key]

    def _read_datelines(self) -> None:
        """ "BAMAKO (Reuters) –": the city of a dateline is a place the article names."""
        for dateline in datelines(self.text):
            span = self.doc.char_span(dateline.place_start, dateline.place_end)
            if (
                span is None
                or not len(span)
                or any(t.i in self._token_actor or t.i in self._token_place for t in span)
            ):
                continue
            name = " ".join(w.capitalize() for w in span.text.split())  # "NEW DELHI" -> "New Delhi"
            entry = self.gazetteer.lookup(name)
            if entry is not None and entry.kind == "GeopoliticalEntity":
                draft = self._draft_for_entry(entry)
                draft.add_mention(span, span.text)
                for token in span:
                    self._token_actor[token.i] = draft.key
            elif entry is not None and entry.kind == "Place":
                self._add_place_from_entry(entry, span, span.text)
            else:
                self._add_place(span, name)

    def _add_place(self, span: Span, surface: str) -> None:
        draft = self.places.setdefault(slugify(surface), Draft(slugify(surface), surface, "Place"))
        draft.add_mention(span, surface)
        for token in span:
            self._token_place[token.i] = draft.key

    def _add_place_from_entry(self, entry: GazetteerEntry, span: Span, surface: str) -> None:
        key = slugify(entry.label)
        draft = self.places.setdefault(
            key, Draft(key, entry.label, "Place", wikidata=entry.qid, confidence=GAZETTEER_CONFIDENCE)
        )
        draft.add_mention(span, surface)
        for token in span:
            self._token_place[token.i] = key

    def _only_demonym(self, ent: Span) -> bool:
        """A state's demonym that NER took for a name ("Ukrainian" tagged GPE): no actor named
        "Ukrainian", but Ukraine's adjective."""
        surface = clean(ent.text)
        return surface in self.gazetteer.by_demonym and self.gazetteer.lookup(surface) is None

    def _read_demonym(self, ent: Span) -> None:
        """ "Israeli" names no actor by itself, but lets "Israeli planes" resolve to Israel."""
        entry = self.gazetteer.by_demonym.get(clean(ent.text))
        if entry is not None and entry.kind == "GeopoliticalEntity":
            draft = self._draft_for_entry(entry)
            self.demonyms.setdefault(draft.key, []).append(ent)
            for token in ent:
                self._token_actor.setdefault(token.i, draft.key)

    def _entry_for(self, span: Span, surface: str) -> GazetteerEntry | None:
        qid = span[0].ent_id_ if span[0].ent_id_ else ""
        entry = self.gazetteer.by_qid.get(qid) if qid else None
        return entry or self.gazetteer.lookup(surface)

    def _draft_for_entry(self, entry: GazetteerEntry) -> Draft:
        key = f"{entry.kind.lower()}/{slugify(entry.label)}"  # as for names not in the gazetteer
        if key not in self.drafts:
            draft = Draft(key, entry.label, entry.kind, wikidata=entry.qid)
            draft.confidence = GAZETTEER_CONFIDENCE
            if entry.affiliation and entry.affiliation in self.gazetteer.by_qid:
                draft.affiliation = self._draft_for_entry(self.gazetteer.by_qid[entry.affiliation]).key
            self.drafts[key] = draft
        return self.drafts[key]

    def _named_draft(self, name: str, kind: str) -> Draft:
        """One draft per name in an article: a later, more specific kind refines it."""
        for draft in self.drafts.values():
            if draft.named and draft.name == name:
                if draft.kind == "Organization" and kind in {"ArmedGroup", "GovernmentBody"}:
                    draft.kind = kind
                return draft
        key = f"{kind.lower()}/{slugify(name)}"
        return self.drafts.setdefault(key, Draft(key, name, kind))

    def _person_draft(self, surface: str) -> Draft:
        """A person; a bare surname joins the article's one full name ending with it.

        The key comes from the full name wherever it stands, so the same person gets the
        same IRI in every article that names them in full.
        """
        name = self._full_names.get(surface, surface) if " " not in surface else surface
        return self._named_draft(name, "Person")

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
        keys.sort(key=lambda k: self.drafts[k].kind == "GeopoliticalEntity")
        if keys:
            draft.affiliation = keys[0]

    # ------------------------------------------------------------------ looking up

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
            if key and self.drafts[key].kind == "GeopoliticalEntity":
                return key
        return None

    def place_at(self, i: int) -> str | None:
        """The key of the place whose name the token ``i`` is part of, or None."""
        return self._token_place.get(i)

    def is_within(self, place: str, region: str) -> bool:
        """True when the gazetteer puts ``place`` in ``region`` (Istanbul in Turkey)."""
        draft = self.drafts.get(place)
        return draft is not None and draft.affiliation == region

    def is_city(self, key: str) -> bool:
        """True for a city or town: a geopolitical entity that is no state."""
        draft = self.drafts.get(key)
        return draft is not None and draft.kind == "GeopoliticalEntity" and not self.is_state(key)

    def is_state(self, key: str) -> bool:
        """True for a state (a gazetteer entry with demonyms), False for a city or anything else."""
        draft = self.drafts.get(key)
        if draft is None or draft.kind != "GeopoliticalEntity":
            return False
        entry = self.gazetteer.by_qid.get(draft.wikidata or "") or self.gazetteer.lookup(draft.name)
        return entry is not None and bool(entry.demonyms)

    def actor_at(self, i: int) -> str | None:
        """The key of the actor whose name the token ``i`` is part of, or None."""
        return self._token_actor.get(i)
