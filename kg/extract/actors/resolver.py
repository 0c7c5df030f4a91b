"""Resolve words to actors: names, pronouns and descriptions, with the changes that brings.

The :class:`ActorResolver` takes over an article's :class:`~kg.extract.actors.index.ActorIndex`
once the extractors have read it, and is the only code that changes its actors: a pronoun
("he") takes the last subject or speaker of its kind, a definite description ("the official")
the actor described before, an indefinite one ("a US official") becomes a new unnamed actor,
and a bare surname the article's one person of that name. A speaker becomes the likeliest
antecedent of a later "he" or "they". At the end it writes the actor and place records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract.actors.antecedents import (
    last_mentioned,
    last_speaker,
    last_subject,
    next_mentioned,
    sentences_back,
)
from kg.extract.actors.drafts import UNNAMED_CONFIDENCE, Draft, actor_record, place_record
from kg.extract.actors.index import ActorIndex
from kg.extract.actors.phrases import conjuncts, named_as
from kg.extract.actors.roles import description_label, has_role, unnamed_kind
from kg.records import ActorRecord, PlaceRecord
from kg.vocab import slugify

_DEFINITE = {"the", "this", "that", "these", "those"}
_ORGANISATIONS = {"Organization", "ArmedGroup"}  # what "the group", "the company" take up
_BACK = 3  # sentences a description looks back for the organisation it takes up
_TITLE_CHARS = 6  # characters before a name where a courtesy title stands ("Mrs. ")


def _holds(draft: Draft, words: Iterable[str]) -> bool:
    """True when ``draft``'s name or one of its aliases holds every one of ``words`` (lower case)."""
    names = " ".join([draft.name, *draft.aliases]).lower()
    return all(word in names for word in words)


def _set_off(span: Span, root: Token) -> list[Span]:
    """The words set off after the head of a phrase: in brackets first ("(CSP)"), then
    between commas ("a coalition of rebel groups, the CSP,")."""
    doc, after = span.doc, [t for t in span if t.i > root.i]
    groups = []
    opens = [t.i for t in after if t.text == "("]
    if opens:
        close = next((t.i for t in after if t.text == ")" and t.i > opens[0]), span.end)
        groups.append(doc[opens[0] + 1 : close])
    commas = [t.i for t in after if t.text == ","]
    if commas:
        groups.append(doc[commas[0] + 1 : commas[1] if len(commas) > 1 else span.end])
    return groups


class ActorResolver:
    """The actors of one article while the references of every extractor are resolved."""

    def __init__(self, index: ActorIndex) -> None:
        self.index = index
        self.rules = index.rules
        self._drafts = index.drafts

    # ------------------------------------------------------------------ resolution

    def resolve(self, span: Span) -> tuple[str, ...]:
        """The actors that ``span`` (a subject, an agent) denotes; () when none fits."""
        root = span.root
        pronoun = root.lower_ in self.rules.person_pronouns | self.rules.group_pronouns
        if root.pos_ == "PRON" or (pronoun and not root.ent_type_):  # "the US" is no "us"
            return self._resolve_pronoun(root)
        named = self._named_in(span) or (self._by_surname(span) if root.pos_ == "PROPN" else ())
        if named:
            return named
        parts = conjuncts(span)
        if len(parts) > 1:  # "the army and the rebels": an actor per conjunct, never one joined one
            keys = [self.resolve(part) or self._side(part) for part in parts]
            return tuple(dict.fromkeys(k for ks in keys for k in ks)) if all(keys) else ()
        if (
            root.pos_ in {"NOUN", "PROPN"}
            and root.lemma_.lower()
            in self.rules.speaker_nouns | self.rules.roles | self.rules.title_synonyms.keys()
        ):
            return self._resolve_description(span)
        return ()

    def _side(self, span: Span) -> tuple[str, ...]:
        """A conjunct that describes an armed or state body ("the rebels" in "the army and the
        rebels"): an unnamed actor of its own, as its neighbour is."""
        lemma = span.root.lemma_.lower()
        rules = self.rules
        heads = rules.unnamed_armed_heads | rules.unnamed_government_heads | rules.unnamed_force_heads
        return (self.describe(span),) if span.root.pos_ == "NOUN" and lemma in heads else ()

    def resolve_speaker(self, span: Span) -> tuple[str, ...]:
        """Like :meth:`resolve`, for the subject of a speech verb: any noun phrase that says
        something is a speaker ("the businessman says"), so a description nobody listed
        still becomes an unnamed actor, and each conjunct of a coordination is a speaker of
        its own ("he and other officials say"). The speakers found become the likeliest
        antecedents of a later "he" or "they"; a pronoun that denotes one actor is a mention of it."""
        keys = [key for part in conjuncts(span) for key in self._speaker(part)]
        return tuple(dict.fromkeys(keys))

    def _speaker(self, span: Span) -> tuple[str, ...]:
        """The actors one conjunct of a speaker's phrase denotes, described when none is named."""
        keys = (
            self._apposed_name(span)
            or self._spoken_for(span)
            or self._named_by_head(span)
            or self._organisation_taken_up(span)
            or self.resolve(span)
        )
        if not keys and span.root.pos_ in {"NOUN", "PROPN"} and not self.names_a_thing(span):
            keys = (self.describe(span),)
        for key in keys:
            self._drafts[key].subject_at.append(span.start_char)
            self._drafts[key].spoke_at.append(span.start_char)
        if span.root.pos_ == "PRON" and len(keys) == 1:
            self.add_mention(keys[0], span)
        return keys

    def names_a_thing(self, span: Span) -> bool:
        """True when the head of ``span`` is a weapon or an act of war ("the strike killed ten",
        "a blast"): the description of no actor."""
        root = span.root
        return bool({root.lower_, root.lemma_.lower()} & (self.rules.weapons | self.rules.events))

    def resolve_addressee(self, span: Span) -> str:
        """Who was told: an actor, named or described ("reporters" is an unnamed actor)."""
        keys = self.resolve(span)
        return keys[0] if keys else self.describe(span)

    def describe(self, span: Span) -> str:
        """The unnamed actor a description denotes ("reporters", "a US official"), made on first use."""
        return self._unnamed(span).key

    def _apposed_name(self, span: Span) -> tuple[str, ...]:
        """A name set off after a description or an unknown name beats it: "a coalition of
        Tuareg rebel groups, the Permanent Strategic Framework (CSP), said" is the CSP (however
        the parse hangs it), and so is "The Permanent Strategic Framework for Peace, Security
        and Development (CSP-PSD)" when only the acronym is known. A state or city there only
        says where ("officials in Kyiv, Ukraine's capital")."""
        root = span.root
        if root.pos_ not in {"NOUN", "PROPN"} or self._named_in(span):
            return ()
        for group in _set_off(span, root):
            keys = [k for k in self.index.actors_in(group) if self._drafts[k].kind != "GeopoliticalEntity"]
            if keys:
                return (keys[0],)
        return ()

    def _spoken_for(self, span: Span) -> tuple[str, ...]:
        """ "a Yahoo spokesman", "a spokeswoman for the army", "China's Foreign Ministry
        spokesperson": the organisation the phrase names, for whom a spokesperson speaks. A
        person named there is left to the other readings: the spokesperson's own name
        ("spokesman John Kirby") or the one spoken for ("a spokeswoman for Hillary Clinton",
        who is not the speaker); a state only says whose ("an Israeli spokesman")."""
        root = span.root
        if not {root.lemma_.lower(), root.lower_} & self.rules.spokesperson_nouns:
            return ()
        keys = self.index.actors_in(span)
        if any(self._drafts[k].kind == "Person" for k in keys):
            return ()
        bodies = [k for k in keys if self._drafts[k].kind in {*_ORGANISATIONS, "GovernmentBody"}]
        return tuple(bodies[:1])

    def _named_by_head(self, span: Span) -> tuple[str, ...]:
        """ "the ministry", "the court", "the embassy", "police": the organisation whose name
        has that head word ("Ministry of Defence", "the Kenyan High Court", "Omaha Police
        Department"), named before, else after, before any person who holds a title with it
        ("ministry spokesman")."""
        root = span.root
        bare = len(span) == 1 and root.lemma_.lower() in self.rules.unnamed_government_heads  # "police said"
        if (span[0].lower_ not in _DEFINITE and not bare) or root.i != span.end - 1:
            return ()
        if root.lemma_.lower() in self.rules.roles:
            return ()  # "the envoy", "the minister": a person with that title (resolve)
        named, before, others = self._modifiers(span)
        if named or others:
            return ()
        words = {root.lower_.capitalize(), root.lemma_.capitalize()}

        def names_it(draft: Draft) -> bool:  # a proper name holds the word; never a person's
            if draft.named and draft.kind == "Person":
                return False
            return bool(words & set(draft.name.split())) and _holds(draft, before)

        drafts = self._drafts.values()
        return last_mentioned(drafts, span.start_char, names_it) or next_mentioned(
            drafts, span.end_char, names_it
        )

    def _organisation_taken_up(self, span: Span) -> tuple[str, ...]:
        """ "the group said" after Hamas, "the besieged company" after Sony Pictures, "the
        UK-based war monitor" after the Syrian Observatory: the organisation or armed group
        last a speaker (else last named) in the sentences before. A name among the words
        before the head is that organisation ("the outlawed Tehreek-e-Taliban Pakistan
        group"); a place or another name there must be in the one taken up ("the Lebanese
        group"), and "Iran-backed" names someone else. None when no organisation fits."""
        root = span.root
        if (
            root.pos_ != "NOUN"
            or root.tag_ != "NN"
            or root.lemma_.lower() not in self.rules.back_reference_heads
            or span[0].lower_ not in _DEFINITE
            or root.i != span.end - 1
        ):
            return ()
        named, words, others = self._modifiers(span)
        if named is not None:
            return (named,)  # "the Wagner group"

        def fits(draft: Draft) -> bool:
            return (
                draft.named
                and draft.kind in _ORGANISATIONS
                and draft.key not in others
                and _holds(draft, words)
            )

        window, drafts = sentences_back(root, _BACK), self._drafts.values()
        spoke = last_subject(drafts, window, span.start_char, fits)
        return spoke or last_mentioned(
            drafts, span.start_char, lambda d: fits(d) and any(s >= window for s, _ in d.mentions)
        )

    def _modifiers(self, span: Span) -> tuple[str | None, tuple[str, ...], frozenset[str]]:
        """What the words between a description's determiner and its head say: the organisation
        they name ("the Wagner group"), the words of a place or name the one described must have
        in its name ("the Lebanese health ministry"), and the actors they name as someone else
        ("the Iran-backed group")."""
        words: list[str] = []
        others: set[str] = set()
        for token in span[1 : span.root.i - span.start]:
            key = self.index.actor_at(token.i)
            if self._names_another(token):
                others |= {key} if key is not None else set()
            elif key is not None and self._drafts[key].kind in _ORGANISATIONS:
                return key, (), frozenset()
            elif key is not None or token.pos_ == "PROPN":
                words.append(token.text.lower())
        return None, tuple(words), frozenset(others)

    def _names_another(self, token: Token) -> bool:
        """True for the name in "Iran-backed", "UK-based": someone other than the one described."""
        doc = token.doc
        nxt = token.i + 1
        if nxt + 1 >= len(doc) or doc[nxt].text != "-":
            return False
        return doc[nxt + 1].lower_ in self.rules.other_party_suffixes

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
        """Names at the head of the phrase: the root, an apposition, conjoined names, or the
        name it is "known as". A place in apposition to a person only says where the person
        is from ("Rep. John Mica (R-Fla.)", "Sen. Tim Kaine, D-Va."): it names no one more."""
        root = span.root
        heads = [root, *[t for t in root.children if t.dep_ == "conj" or self._apposed_not_place(root, t)]]
        heads += [t for h in heads[1:] for t in h.children if t.dep_ == "conj"]
        heads += [t for t in span if t != root and not span.start <= t.head.i < span.end]  # a conjunct's
        heads = [t for t in heads if span.start <= t.i < span.end] + named_as(root)  # "known as the CSP"
        keys = [key for t in heads if (key := self.index.actor_at(t.i)) is not None]
        if self.index.actor_at(root.i) is not None and root.ent_type_ == "NORP":
            keys = keys[1:]  # "Israeli" alone names no one
        return tuple(dict.fromkeys(keys))

    def _apposed_not_place(self, root: Token, token: Token) -> bool:
        """True for an apposition to ``root`` that is not a place apposed to a person."""
        if token.dep_ != "appos":
            return False
        person, place = self.index.actor_at(root.i), self.index.actor_at(token.i)
        return not (
            person is not None
            and place is not None
            and self._drafts[person].kind == "Person"
            and self._drafts[place].kind == "GeopoliticalEntity"
        )

    def _resolve_pronoun(self, token: Token) -> tuple[str, ...]:
        """The last subject or speaker of the right kind in the three sentences before,
        else the last such actor mentioned at all."""
        person = token.lower_ in self.rules.person_pronouns
        said = self._gender_of_word(token.lower_)
        one = token.lower_ in self.rules.singular_pronouns

        def accept(draft: Draft) -> bool:
            if (draft.kind == "Person") != person or (one and self._only_plural(draft)):
                return False
            known = self._gender(draft)
            return said is None or known is None or known == said

        drafts, window = self._drafts.values(), sentences_back(token, 3)
        own = self._subject_of_what_it_said(token)
        if own is not None and accept(self._drafts[own]):  # unless it goes on for a speaker before
            return last_speaker(drafts, window, token.sent.start_char, accept) or (own,)
        found = last_subject(drafts, window, token.idx, accept)
        return found or last_mentioned(drafts, token.idx, accept)

    def _subject_of_what_it_said(self, pronoun: Token) -> str | None:
        """ "Ukraine's air defence shot down 15 drones that Russia launched, it said": a pronoun
        that speaks after what it said is the subject of that clause (or its owner), not the
        last actor named in it, unless a speaker of the sentences before goes on ("The army said
        … Hamas fired rockets, it said": the army)."""
        cue = pronoun.head
        if pronoun.dep_ != "nsubj" or cue.pos_ != "VERB":
            return None
        said = [c for c in cue.children if c.dep_ in {"ccomp", "parataxis"} and c.i < pronoun.i]
        subjects = [c for s in said[:1] for c in s.children if c.dep_ in {"nsubj", "nsubjpass"}]
        for subject in subjects[:1]:
            owners = [c for c in subject.children if c.dep_ == "poss"]
            for token in (subject, *owners):
                key = self.index.actor_at(token.i)
                if key is not None and key in self._drafts:
                    return key
        return None

    def _only_plural(self, draft: Draft) -> bool:
        """Every mention of the actor ends in a plural common noun ("Russian forces", "troops")."""
        doc = self.index.doc
        ends = [doc.char_span(start, end, alignment_mode="expand") for start, end in draft.mentions]
        return bool(ends) and all(span is not None and len(span) and span[-1].tag_ == "NNS" for span in ends)

    def _gender_of_word(self, word: str) -> str | None:
        if word in self.rules.male_words:
            return "male"
        return "female" if word in self.rules.female_words else None

    def _gender(self, draft: Draft) -> str | None:
        """What the text says of a person's gender: a courtesy title before one of their names
        ("Mrs. Clinton"), a word of a role or of their description ("spokeswoman"); None when it
        says nothing, or both. Not the pronouns resolved to them: one wrong resolution would
        then block every right one after it."""
        before = [
            self.index.text[max(0, start - _TITLE_CHARS) : start].split() for start, _ in draft.mentions
        ]
        words = [w.lower() for role in draft.roles for w in role.split()] + draft.name.lower().split()
        words += [b[-1].lower() for b in before if b]  # "Mrs." of "Mrs. Clinton"
        pronouns = self.rules.person_pronouns
        found = {g for w in words if w not in pronouns and (g := self._gender_of_word(w)) is not None}
        return found.pop() if len(found) == 1 else None

    def _resolve_description(self, span: Span) -> tuple[str, ...]:
        """ "the official" is the official described before; "a US official" is new."""
        head = span.root.lemma_.lower()
        first = span[0].lower_
        titled_person = self._titled_person(span)
        if titled_person:
            return titled_person
        if first in _DEFINITE and not self.index.actors_in(span):
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

    def _titled_person(self, span: Span) -> tuple[str, ...]:
        """ "the Pakistani premier", "the Ukrainian president": the one person named before with
        that title, or a title the word stands for (``[title_synonyms]``), of the nation the
        description names when it names one. Any other word ("the former president") or a
        second such person makes no antecedent: a wrong speaker is worse than none."""
        if span[0].lower_ not in _DEFINITE:
            return ()
        nations = [t for t in span[1:] if t.ent_type_ in {"NORP", "GPE"} and t != span.root]
        title = " ".join(t.lower_ for t in span[1:] if t not in nations)
        if not title or not span.root.lower_.isalpha():
            return ()
        titles = {title, *self.rules.title_synonyms.get(title, ())}
        wanted = {n for t in nations for n in self._nation_of_token(t)}
        found = [
            d.key
            for d in self._drafts.values()
            if d.named
            and d.kind == "Person"
            and any(s < span.start_char for s, _ in d.mentions)
            and any(" ".join(r.lower().split()) in titles for r in d.roles)
            and (not wanted or wanted & self._nation_of(d))
        ]
        return (found[0],) if len(found) == 1 else ()

    def _nation_of(self, draft: Draft) -> set[str]:
        """The nations a person's titles name ("Pakistani Prime Minister Shehbaz Sharif", "Sudan's
        army chief ..."), and the state they are affiliated with."""
        doc = self.index.doc
        found = {draft.affiliation} if draft.affiliation else set()
        for start, _ in draft.mentions:
            name = doc.char_span(start, start + 1, alignment_mode="expand")
            if name is None:
                continue
            i = name.start - 1
            while i >= name.sent.start and (
                doc[i].ent_type_ in {"NORP", "GPE"}
                or doc[i].tag_ == "POS"
                or doc[i].lower_ in self.rules.title_words
            ):
                if doc[i].ent_type_ in {"NORP", "GPE"}:
                    found |= self._nation_of_token(doc[i])
                i -= 1
        return found

    def _nation_of_token(self, token: Token) -> set[str]:
        """A demonym or state name as the state's key when the article resolves it, and as
        the lower-case word ("pakistani") either way."""
        key = self.index.actor_at(token.i)
        if key is not None and self._drafts[key].kind == "GeopoliticalEntity":
            return {token.lower_, key}
        return {token.lower_}

    def _recent_groups(self, span: Span) -> tuple[str, ...]:
        """ "the groups said": the organisations named in this or the previous sentence."""
        doc, sent = span.doc, span.sent
        start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        window = doc[start : span.start]
        keys = [
            k for k in self.index.actors_in(window) if self._drafts[k].kind in {"ArmedGroup", "Organization"}
        ]
        return tuple(keys) or (self._unnamed(span).key,)

    def _without_whereabouts(self, span: Span) -> Span:
        """``span`` up to a place phrase after its head: "fighters in Khartoum" are where they are,
        not Khartoum's ("officials in Kyiv" likewise); "a US official" keeps "US"."""
        root = span.root
        after = [
            c.i
            for c in root.children
            if c.dep_ == "prep" and c.i > root.i and c.lower_ in self.rules.place_preps
        ]
        return span.doc[span.start : min(after)] if after else span

    def _unnamed(self, span: Span) -> Draft:
        label = description_label(span)
        key = f"unnamed/{self.index.doc_id}/{slugify(label)}"
        draft = self._drafts.get(key)
        if draft is None:
            root = span.root
            draft = Draft(key, label, unnamed_kind(root, self.rules), named=False, head=root.lemma_.lower())
            draft.confidence = UNNAMED_CONFIDENCE
            draft.roles.append(root.lemma_.lower())
            affiliations = [k for k in self.index.actors_in(self._without_whereabouts(span)) if k != key]
            draft.affiliation = affiliations[0] if affiliations else None
            self._drafts[key] = draft
        draft.add_mention(span, label)
        return draft

    def add_mention(self, key: str, span: Span) -> None:
        """Record that ``span`` refers to actor ``key`` (a resolved pronoun or surname)."""
        draft = self._drafts[key]
        if (span.start_char, span.end_char) not in draft.mentions:
            draft.mentions.append((span.start_char, span.end_char))
            draft.mentions.sort()
        if draft.sentence is None:
            draft.sentence = (span.sent.start_char, span.sent.end_char)

    # --------------------------------------------------------------- output

    def records(self, referenced: Iterable[str] = ()) -> tuple[ActorRecord, ...]:
        """The actors, as records, in order of first mention.

        A state known only through a demonym ("Egyptian and Qatari mediators") is an actor
        when a record refers to it (``referenced``); the demonyms are then its mentions.
        """
        drafts = [d for d in self._drafts.values() if d.mentions]
        for key in dict.fromkeys(referenced):
            draft = self._drafts.get(key)
            if draft is not None and not draft.mentions and key in self.index.demonyms:
                spans = self.index.demonyms[key]
                sentence = (spans[0].sent.start_char, spans[0].sent.end_char)
                drafts.append(
                    replace(draft, mentions=[(s.start_char, s.end_char) for s in spans], sentence=sentence)
                )
        ordered = sorted(drafts, key=lambda d: d.mentions[0])
        return tuple(actor_record(d, self.index.text, self._affiliation(d)) for d in ordered)

    def places(self) -> tuple[PlaceRecord, ...]:
        """The places that are not also actors, in order of first mention."""
        drafts = sorted((d for d in self.index.places.values() if d.mentions), key=lambda d: d.mentions[0])
        return tuple(place_record(d, self.index.text) for d in drafts)

    def named_keys(self) -> frozenset[str]:
        """The actors with a name, a state known only by its demonym too ("Ukrainian")."""
        return frozenset(key for key, d in self._drafts.items() if d.named)

    def names(self) -> dict[str, str]:
        """Key -> display name of every actor and place, a state known by its demonym too
        ("the Ukrainian and Russian delegations met": a meeting between Ukraine and Russia)."""
        names = {p.key: p.name for p in self.places()}
        names.update({key: d.name for key, d in self._drafts.items()})
        return names

    def _affiliation(self, d: Draft) -> str | None:
        """The draft's affiliation when that actor is in the article, else None."""
        affiliation = self._drafts.get(d.affiliation) if d.affiliation else None
        return d.affiliation if affiliation is not None and affiliation.mentions else None
