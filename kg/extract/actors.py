"""Find the actors of an article and answer "which actor do these words denote?".

``extract_actors`` reads the named entities once, drops NER junk, merges the surface forms of
one actor ("Hassan Nasrallah", "Mr Nasrallah"; "US", "the United States"), links gazetteer
entries to Wikidata and reads titles into roles and affiliations. The returned
:class:`ActorIndex` is then asked by the other extractors to resolve a speaker or an agent:
a name, a pronoun ("he"), a definite description ("the official") or an indefinite one
("a US official", which becomes an unnamed actor).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from kg.extract.rules import GazetteerEntry, Rules
from kg.extract.spans import doc_text, strip_offsets
from kg.records import ActorRecord, Evidence, Mention, PlaceRecord
from kg.vocab import slugify

_ENTITY_LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "GeopoliticalEntity"}
_PLACE_LABELS = {"LOC", "FAC"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_STRIP_PUNCT = " \t\n.,;:!?\"'“”‘’()[]-–—"
NAMED_CONFIDENCE = 0.9
GAZETTEER_CONFIDENCE = 0.95
UNNAMED_CONFIDENCE = 0.6
_LABEL_TAIL = 8  # words after a description's head noun kept in its label ("for the campaign")


@dataclass
class _Draft:
    """An actor or place while the article is being read."""

    key: str
    name: str
    kind: str
    named: bool = True
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    sentence: tuple[int, int] | None = None
    confidence: float = NAMED_CONFIDENCE
    head: str = ""  # head noun of a description ("official"), to resolve "the official"
    subject_at: list[int] = field(default_factory=list)  # offsets where it is a subject or speaker

    def add_mention(self, span: Span, surface: str) -> None:
        self.mentions.append((span.start_char, span.end_char))
        if surface != self.name and surface not in self.aliases:
            self.aliases.append(surface)
        if self.sentence is None:
            self.sentence = (span.sent.start_char, span.sent.end_char)


class Gazetteer:
    """Surface forms and demonyms of the gazetteer's entries, for exact look-up."""

    def __init__(self, entries: tuple[GazetteerEntry, ...]) -> None:
        self.by_qid = {e.ident: e for e in entries}
        self.by_name: dict[str, GazetteerEntry] = {}
        self.by_demonym: dict[str, GazetteerEntry] = {}
        for entry in entries:
            for name in (entry.label, *entry.aliases):
                self.by_name.setdefault(_strip_article(name), entry)
            for demonym in entry.demonyms:
                self.by_demonym.setdefault(demonym, entry)

    def lookup(self, surface: str) -> GazetteerEntry | None:
        return self.by_name.get(_strip_article(surface))


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


class ActorIndex:
    """The actors and places of one article, and the resolution of words to actors."""

    def __init__(self, doc: Doc, rules: Rules, doc_id: str) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.rules = rules
        self.doc_id = doc_id
        self.gazetteer = Gazetteer(rules.gazetteer)
        self._drafts: dict[str, _Draft] = {}
        self._places: dict[str, _Draft] = {}
        self._token_actor: dict[int, str] = {}  # token index -> actor key
        self._demonyms: dict[str, list[Span]] = {}  # state key -> its demonyms ("Egyptian")
        self._token_place: dict[int, str] = {}
        self._people: list[tuple[Span, _Draft]] = []
        self._full_names: dict[str, str] = {}
        self._honorifics = sorted(rules.honorifics, key=len, reverse=True)

    # ------------------------------------------------------------------ reading

    def read_entities(self) -> None:
        """Register every named entity of the document that is an actor or a place."""
        self._full_names = self._full_person_names()
        for ent in self.doc.ents:
            if ent.label_ in _ENTITY_LABELS:
                self._read_actor(ent)
            elif ent.label_ in _PLACE_LABELS:
                self._read_place(ent)
            elif ent.label_ == "NORP":
                self._read_demonym(ent)
        for span, draft in self._people:  # titles once every name is known
            self._read_titles(span, draft)

    def _read_actor(self, ent: Span) -> None:
        span = self._trim(ent)
        if span is None:
            return
        surface = _clean(span.text)
        entry = self._entry_for(span, surface)
        if entry is not None and entry.kind == "Place":
            self._add_place_from_entry(entry, span, surface)
            return
        if entry is not None:
            draft = self._draft_for_entry(entry)
        elif ent.label_ == "PERSON":
            draft = self._person_draft(surface)
        else:
            draft = self._named_draft(surface, self._kind_of(span, ent.label_))
        draft.add_mention(span, surface)
        for token in span:
            self._token_actor[token.i] = draft.key
        if draft.kind == "Person":
            self._people.append((span, draft))
        if span.root.dep_ in {"nsubj", "nsubjpass"}:
            draft.subject_at.append(span.start_char)

    def _read_place(self, ent: Span) -> None:
        span = self._trim(ent)
        if span is None:
            return
        surface = _clean(span.text)
        entry = self._entry_for(span, surface)
        if entry is not None and entry.kind != "Place":
            self._read_actor(ent)
            return
        if entry is not None:
            self._add_place_from_entry(entry, span, surface)
            return
        draft = self._places.setdefault(slugify(surface), _Draft(slugify(surface), surface, "Place"))
        draft.add_mention(span, surface)
        for token in span:
            self._token_place[token.i] = draft.key

    def _add_place_from_entry(self, entry: GazetteerEntry, span: Span, surface: str) -> None:
        key = slugify(entry.label)
        draft = self._places.setdefault(
            key, _Draft(key, entry.label, "Place", wikidata=entry.qid, confidence=GAZETTEER_CONFIDENCE)
        )
        draft.add_mention(span, surface)
        for token in span:
            self._token_place[token.i] = key

    def _read_demonym(self, ent: Span) -> None:
        """ "Israeli" names no actor by itself, but lets "Israeli planes" resolve to Israel."""
        entry = self.gazetteer.by_demonym.get(_clean(ent.text))
        if entry is not None and entry.kind == "GeopoliticalEntity":
            draft = self._draft_for_entry(entry)
            self._demonyms.setdefault(draft.key, []).append(ent)
            for token in ent:
                self._token_actor.setdefault(token.i, draft.key)

    def _trim(self, ent: Span) -> Span | None:
        """Drop honorifics, a possessive and punctuation at the edges; None for junk."""
        start, end = ent.start, ent.end
        while end > start and (self.doc[end - 1].tag_ == "POS" or self.doc[end - 1].is_punct):
            end -= 1
        text_from = ent.start_char
        for honorific in self._honorifics:
            if self.text.startswith(honorific + " ", text_from) and start < end:
                while start < end and self.doc[start].idx < text_from + len(honorific):
                    start += 1
                break
        while start < end and (self.doc[start].lower_ in _DETERMINERS or self.doc[start].is_punct):
            start += 1
        if start >= end:
            return None
        span = self.doc[start:end]
        surface = _clean(span.text)
        if (
            not surface
            or not any(ch.isupper() for ch in surface)
            or surface in self.rules.not_actors
            or surface in self.rules.weapons
            or surface in self.rules.honorifics
            or surface.lower() in self.rules.roles
            or not surface[0].isalnum()
        ):
            return None
        return span

    def _entry_for(self, span: Span, surface: str) -> GazetteerEntry | None:
        qid = span[0].ent_id_ if span[0].ent_id_ else ""
        entry = self.gazetteer.by_qid.get(qid) if qid else None
        return entry or self.gazetteer.lookup(surface)

    def _draft_for_entry(self, entry: GazetteerEntry) -> _Draft:
        key = f"{entry.kind.lower()}/{slugify(entry.label)}"  # as for names not in the gazetteer
        if key not in self._drafts:
            draft = _Draft(key, entry.label, entry.kind, wikidata=entry.qid)
            draft.confidence = GAZETTEER_CONFIDENCE
            if entry.affiliation and entry.affiliation in self.gazetteer.by_qid:
                draft.affiliation = self._draft_for_entry(self.gazetteer.by_qid[entry.affiliation]).key
            self._drafts[key] = draft
        return self._drafts[key]

    def _named_draft(self, name: str, kind: str) -> _Draft:
        """One draft per name in an article: a later, more specific kind refines it."""
        for draft in self._drafts.values():
            if draft.named and draft.name == name:
                if draft.kind == "Organization" and kind in {"ArmedGroup", "GovernmentBody"}:
                    draft.kind = kind
                return draft
        key = f"{kind.lower()}/{slugify(name)}"
        return self._drafts.setdefault(key, _Draft(key, name, kind))

    def _full_person_names(self) -> dict[str, str]:
        """Surname -> the one full name in the article that ends with it ("Nasrallah")."""
        full: dict[str, set[str]] = {}
        for ent in self.doc.ents:
            span = self._trim(ent) if ent.label_ == "PERSON" else None
            words = _clean(span.text).split() if span is not None else []
            if len(words) > 1:
                full.setdefault(words[-1], set()).add(" ".join(words))
        return {surname: names.pop() for surname, names in full.items() if len(names) == 1}

    def _person_draft(self, surface: str) -> _Draft:
        """A person; a bare surname joins the article's one full name ending with it.

        The key comes from the full name wherever it stands, so the same person gets the
        same IRI in every article that names them in full.
        """
        name = self._full_names.get(surface, surface) if " " not in surface else surface
        return self._named_draft(name, "Person")

    def _kind_of(self, span: Span, label: str) -> str:
        """Organisation kinds from the name and the two words before it."""
        kind = _ENTITY_LABELS[label]
        if kind != "Organization":
            return kind
        before = self.doc[max(span.start - 2, span.sent.start) : span.start].text.lower()
        name = span.text.lower()
        if any(_has_word(f"{before} {name}", w) for w in self.rules.armed_words):
            return "ArmedGroup"
        if any(_has_word(name, w) for w in self.rules.government_words):
            return "GovernmentBody"
        return kind

    # ------------------------------------------------------------- titles

    def _read_titles(self, span: Span, draft: _Draft) -> None:
        """Read "CIA director X", "X, the head of Y" and "Y's spokesperson, X" into data."""
        left = self._title_tokens(span)
        self._add_role(draft, [t for t in left if t.i not in self._token_actor])
        affiliations = [t for t in left if t.i in self._token_actor]
        for noun in self._appositive_roles(span):
            words = [t for t in noun.children if t.dep_ in {"amod", "compound"} and t.i < noun.i]
            self._add_role(draft, [t for t in words if t.i not in self._token_actor] + [noun])
            affiliations += [t for t in noun.subtree if t.i in self._token_actor and t not in span]
        # What the article says ("CIA director") wins over the gazetteer's default affiliation.
        keys = [self._token_actor[t.i] for t in affiliations if self._token_actor[t.i] != draft.key]
        # "the head of Israel's Mossad": the organisation is more telling than its state.
        keys.sort(key=lambda k: self._drafts[k].kind == "GeopoliticalEntity")
        if keys:
            draft.affiliation = keys[0]

    def _appositive_roles(self, span: Span) -> list[Token]:
        """Role nouns in apposition to a name: "X, the head of Y" and "Y's spokesperson, X"."""
        nouns = [t for t in span.root.children if t.dep_ == "appos" and t.i >= span.end]
        if span.root.dep_ == "appos" and span.root.head.i < span.start:
            nouns.append(span.root.head)
        return [t for t in nouns if t.pos_ == "NOUN" and t.lemma_.lower() in self.rules.roles]

    def _add_role(self, draft: _Draft, tokens: list[Token]) -> None:
        words = [t.text for t in sorted(tokens) if _is_role_word(t) and t.text not in self.rules.courtesy]
        role = " ".join(words)
        if role and role.lower() not in {r.lower() for r in draft.roles}:
            draft.roles.append(role)

    def _title_tokens(self, span: Span) -> list[Token]:
        """The words just before a name that qualify it, up to a determiner or a comma."""
        tokens: list[Token] = []
        i = span.start - 1
        while i >= span.sent.start:
            token = self.doc[i]
            if (token.is_punct and token.text not in {".", "’s", "'s"}) or token.lower_ in _DETERMINERS:
                break
            if token.pos_ in {"VERB", "AUX", "ADP", "CCONJ", "PRON", "NUM"}:
                break
            tokens.insert(0, token)
            i -= 1
        return tokens

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

        def accept(draft: _Draft) -> bool:
            return (draft.kind == "Person") == person

        window = self._sentences_back(token, 3)
        best: tuple[int, str] | None = None
        for draft in self._drafts.values():
            starts = [s for s in draft.subject_at if window <= s < token.idx]
            if accept(draft) and starts and (best is None or max(starts) > best[0]):
                best = (max(starts), draft.key)
        return (best[1],) if best else self._last_before(token.idx, accept)

    def _sentences_back(self, token: Token, n: int) -> int:
        """The offset where the sentence ``n`` sentences before ``token``'s starts."""
        sent = token.sent
        for _ in range(n):
            if sent.start == 0:
                break
            sent = self.doc[sent.start - 1].sent
        return sent.start_char

    def _last_before(self, offset: int, accept: Callable[[_Draft], bool]) -> tuple[str, ...]:
        """The actor mentioned last before ``offset`` that ``accept`` (a predicate) takes."""
        best: tuple[int, str] | None = None
        for draft in self._drafts.values():
            if not accept(draft):
                continue
            starts = [s for s, _ in draft.mentions if s < offset]
            if starts and (best is None or max(starts) > best[0]):
                best = (max(starts), draft.key)
        return (best[1],) if best else ()

    def _resolve_description(self, span: Span) -> tuple[str, ...]:
        """ "the official" is the official described before; "a US official" is new."""
        head = span.root.lemma_.lower()
        first = span[0].lower_
        if first in {"the", "this", "that", "these", "those"} and not self.actors_in(span):
            earlier = self._last_before(span.start_char, lambda d: not d.named and d.head == head)
            titled = self._last_before(span.start_char, lambda d: d.named and _has_role(d, head))
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

    def _unnamed(self, span: Span) -> _Draft:
        label = _description_label(span)
        key = f"unnamed/{self.doc_id}/{slugify(label)}"
        draft = self._drafts.get(key)
        if draft is None:
            draft = _Draft(key, label, _unnamed_kind(span.root), named=False, head=span.root.lemma_.lower())
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
        return tuple(self._record(d) for d in sorted(drafts, key=lambda d: d.mentions[0]))

    def places(self) -> tuple[PlaceRecord, ...]:
        """The places that are not also actors, in order of first mention."""
        drafts = sorted((d for d in self._places.values() if d.mentions), key=lambda d: d.mentions[0])
        return tuple(
            PlaceRecord(
                key=d.key,
                name=d.name,
                wikidata=d.wikidata,
                aliases=tuple(d.aliases),
                mentions=self._mentions(d),
                evidence=self._evidence(d),
            )
            for d in drafts
        )

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

    def _record(self, d: _Draft) -> ActorRecord:
        affiliation = d.affiliation if d.affiliation and self.known(d.affiliation) else None
        return ActorRecord(
            key=d.key,
            name=d.name,
            kind=d.kind,
            named=d.named,
            aliases=tuple(a for a in d.aliases if a != d.name),
            wikidata=d.wikidata,
            roles=tuple(d.roles),
            affiliation=affiliation,
            is_place=d.kind == "GeopoliticalEntity",
            mentions=self._mentions(d),
            evidence=self._evidence(d),
        )

    def _mentions(self, d: _Draft) -> tuple[Mention, ...]:
        return tuple(Mention(self.text[s:e], s, e) for s, e in sorted(set(d.mentions)))

    def _evidence(self, d: _Draft) -> Evidence:
        start, end = d.sentence or (d.mentions[0][0], d.mentions[0][1])
        start, end = strip_offsets(self.text, start, end)
        return Evidence(Mention(self.text[start:end], start, end), d.confidence)


def _clean(text: str) -> str:
    return " ".join(text.strip(_STRIP_PUNCT).split())


def _has_role(draft: _Draft, word: str) -> bool:
    return any(word in role.lower().split() for role in draft.roles)


def _has_word(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def _is_role_word(token: Token) -> bool:
    """Words of a title: "Rear Adm.", "caretaker Economy Minister"; not "his" or "'s"."""
    word = token.text.rstrip(".")
    return word.isalpha() and token.pos_ not in {"PRON", "DET", "PART"}


def _description_label(span: Span) -> str:
    """ "a spokeswoman for Hillary Clinton, who…" -> "spokeswoman for Hillary Clinton".

    The words that say whose or of what ("for Hillary Clinton", "Iran's") stay: they are what
    tells one unnamed speaker from another. Articles, possessive pronouns, clauses and
    appositions go.
    """
    root = span.root
    clauses = {t.i for c in span if c.dep_ in {"relcl", "acl", "appos"} and c != root for t in c.subtree}
    tokens = [t for t in span if t.i not in clauses and t.i <= root.i + _LABEL_TAIL]
    while tokens and (tokens[0].lower_ in _DETERMINERS or tokens[0].tag_ == "PRP$" or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].pos_ in {"ADP", "CCONJ", "DET"}):
        tokens = tokens[:-1]
    if not tokens:
        return root.text
    return span.doc[tokens[0].i : tokens[-1].i + 1].text.strip()


def _unnamed_kind(root: Token) -> str:
    lemma = root.lemma_.lower()
    if lemma in {"group", "military", "army", "government", "ministry", "police", "authority", "campaign"}:
        return (
            "GovernmentBody"
            if lemma in {"military", "army", "government", "ministry", "police"}
            else "Organization"
        )
    return "Person" if root.tag_ in {"NN", "NNP"} else "Organization"


def extract_actors(doc: Doc, rules: Rules, doc_id: str) -> ActorIndex:
    """Read the actors and places named in ``doc``; resolve other mentions through the index."""
    index = ActorIndex(doc, rules, doc_id)
    index.read_entities()
    return index
