"""Tolls: the dead and wounded of an action, wherever the sentence (or the next) states them.

News gives an action's toll in a clause of its own: "five doctors were killed in an air strike",
"a drone strike killed 26 and injured 70", "the jets struck the town, killing 12", "seven people
died when a convoy was ambushed", or in the sentence after it: "Haftar's forces hit a field
hospital. Five doctors were killed and seven wounded, the ministry said." That killing is no
action of its own: its numbers are the strike's (``kg:killed``, ``kg:wounded`` on the strike),
and its record is folded into the strike's. A killing with its own agent ("troops killed five
insurgents") stays an action.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from kg.extract.military_actions.candidates import ActionCandidate
from kg.extract.military_actions.casualties import count_of, count_victims
from kg.extract.military_actions.triggers import Lexicon, Trigger, objects_of, shares_its_subject, subject_of
from kg.extract.references import Choice, Reference
from kg.extract.spans import prep_objects
from kg.records import Quantity

_CAUSE_PREPS = {"in", "during", "by", "from", "after", "amid"}
_DEFINITE = {"the", "this", "that"}  # "the attack": a later mention of an action
_TOLL_WINDOW = 1
_SAME_TOLL_AT_LEAST = 3  # dead that make two reports of one kind one action ("five doctors")  # sentences before a toll sentence that may hold its action


def fold_tolls(
    candidates: list[ActionCandidate], triggers: list[Trigger], lex: Lexicon
) -> list[ActionCandidate]:
    """The candidates, each killing that is another action's toll folded into that action."""
    found = list(candidates)
    by_head = {t.head.i: n for n, t in enumerate(triggers)}
    folded: set[int] = set()
    for n, (candidate, trigger) in enumerate(zip(candidates, triggers, strict=True)):
        if trigger.verb and candidate.action_type in lex.rules.victim_types and candidate.modality is None:
            cause = _cause(trigger.head, by_head, found, lex)
            if cause is None:
                cause = _toll_of(n, candidate, triggers, found, lex)
            if cause is not None:
                found[cause] = _with_toll(found[cause], candidate.killed, candidate.wounded)
                if candidate.agents:  # "killed in a strike by Haftar's forces"
                    found[cause] = replace(
                        found[cause], agents=_agents(found[cause].agents, candidate.agents)
                    )
                folded.add(n)
    for verb in _casualty_verbs(triggers, lex):
        cause = _cause(verb, by_head, found, lex)
        if cause is None and not any(t.head.sent == verb.sent for t in triggers):
            cause = _last_before(verb, triggers, found, lex)  # "Rebels shelled it. Ten died."
        if cause is not None:
            count = _victim_count(verb, lex)
            dead = verb.lemma_.lower() in lex.rules.death_verbs
            found[cause] = _with_toll(found[cause], count if dead else None, None if dead else count)
    _left_behind(found, triggers, by_head, lex)
    _stated_tolls(found, triggers, by_head, folded, lex)
    _counted_deaths(found, triggers, folded, lex)
    _share_with_antecedents(found, triggers, folded, lex)
    _share_the_headline(found, triggers, folded, lex)
    _share_between_reports(found, folded, lex)
    return [c for n, c in enumerate(found) if n not in folded]


def _left_behind(
    found: list[ActionCandidate], triggers: list[Trigger], by_head: dict[int, int], lex: Lexicon
) -> None:
    """ "attacked the village, leaving at least 100 people dead", "the attack left 12 soldiers
    dead and 30 wounded": the dead and wounded an action left behind are its toll."""
    sentences = {t.head.sent.start: t.head.sent for t in triggers}
    for sent in sentences.values():
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.rules.leave_verbs:
                continue
            subject = subject_of(verb)
            owners = [verb.head] if verb.dep_ in {"advcl", "xcomp", "conj"} else []
            owners += [subject] if subject is not None else []
            n = next((by_head[o.i] for o in owners if o.i in by_head), None)
            if n is None or found[n].modality is not None:
                continue
            dead = _count_beside(verb, lex.rules.dead_words, lex)
            hurt = _count_beside(verb, lex.rules.hurt_words, lex)
            found[n] = _with_toll(found[n], dead, hurt)


def _stated_tolls(
    found: list[ActionCandidate],
    triggers: list[Trigger],
    by_head: dict[int, int],
    folded: set[int],
    lex: Lexicon,
) -> None:
    """ "The death toll from the bombing rose to 45", "officials put the toll at 45": a toll stated of
    an action ("from", "in" it) is its dead; a toll that names no action is the dead of the
    article's only action, and of none when the article reports more than one."""
    if not triggers:
        return

    def took_place(n: int) -> bool:
        return (
            n not in folded
            and found[n].modality is None
            and found[n].action_type not in lex.rules.victim_types
        )

    actions = [n for n in range(len(found)) if took_place(n)]
    rules = lex.rules
    for toll in triggers[0].head.doc:
        verb = toll.head.lemma_.lower()
        stated = toll.dep_ == "nsubj" and verb in rules.toll_verbs  # "the toll rose to 45"
        estimated = toll.dep_ == "dobj" and verb in rules.toll_estimate_verbs  # "put the toll at 20"
        if toll.lemma_.lower() not in rules.toll_nouns or not (stated or estimated):
            continue
        before = [c for c in toll.children if c.dep_ in {"compound", "amod"}]
        if any(c.lemma_.lower() not in rules.toll_dead_words for c in before):
            continue  # "the injury toll", "the casualty toll": not the dead alone
        if any(t.lower_ in rules.cumulative_words for t in toll.head.subtree):
            continue  # "has risen to 40,000 since the war began": a running total
        count = _toll_number(toll.head, lex)
        if count is None:
            continue
        owners = [toll, toll.head] if estimated else [toll]  # "put the toll from the shelling at 20"
        causes = prep_objects(owners, _CAUSE_PREPS)
        if causes:
            n = by_head.get(causes[0].i)
            if n is not None and took_place(n):
                found[n] = _with_toll(found[n], count, None)
        elif len(actions) == 1:
            found[actions[0]] = _with_toll(found[actions[0]], count, None)


def _counted_deaths(
    found: list[ActionCandidate], triggers: list[Trigger], folded: set[int], lex: Lexicon
) -> None:
    """ "The strike caused 12 deaths and 30 injuries", "struck the ship, and the crew reports
    three fatalities, at least four injuries": counted nouns of the dead and wounded in what the
    action's clause says it did (its objects, a verb joined to it, the verb a noun action is
    subject of), never in another action's phrase."""
    heads = {t.head.i for t in triggers}
    rules = lex.rules
    for n, trigger in enumerate(triggers):
        action = found[n]
        if n in folded or action.modality is not None or action.action_type in rules.victim_types:
            continue
        head = trigger.head
        verbs = (
            [head]
            if trigger.verb
            else [head.head]
            if head.dep_ == "nsubj" and head.head.pos_ == "VERB"
            else []
        )
        verbs += [c for v in verbs for c in v.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        dead: Quantity | None = None
        hurt: Quantity | None = None
        for word in (w for v in verbs for w in _said_of(v, heads)):
            if any(t.lower_ in rules.cumulative_words for t in word.head.subtree):
                continue  # "has caused 40,000 deaths since the war began"
            lemma = word.lemma_.lower()
            if lemma in rules.death_nouns:
                dead = dead or count_of(word, lex)
            elif lemma in rules.injury_nouns:
                hurt = hurt or count_of(word, lex)
        found[n] = _with_toll(action, dead, hurt)


def _said_of(verb: Token, heads: set[int]) -> list[Token]:
    """The words under a verb's objects and clauses, no further than another action or a
    relative or adverbial clause: what it says the action did."""
    found: list[Token] = []
    stack = [c for c in verb.children if c.dep_ not in {"nsubj", "nsubjpass", "conj", "advcl", "relcl"}]
    while stack:
        token = stack.pop()
        if token.i in heads:
            continue
        found.append(token)
        stack += [c for c in token.children if c.dep_ not in {"relcl", "acl", "advcl"}]
    return found


def _toll_number(verb: Token, lex: Lexicon) -> Quantity | None:
    """The number a toll verb gives: "rose to 45", "stands at 45", "reached 45", "is 45"."""
    numbers = [c for c in verb.children if c.dep_ in {"dobj", "attr"}]
    numbers += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"to", "at"} for p in c.children]
    return next((q for t in numbers for q in [count_of(t, lex)] if q is not None), None)


def _count_beside(verb: Token, words: frozenset[str], lex: Lexicon) -> Quantity | None:
    """The number of "100 dead", "100 people dead", "12 soldiers dead" under ``verb``."""
    for word in verb.subtree:
        if word.lower_ in words:
            # "20 dead", "100 people dead" (its subject), "12 soldiers dead" (the noun it qualifies,
            # or the object beside it)
            near = [word, *(c for c in word.children if c.dep_ in {"nsubj", "nsubjpass"})]
            near += [word.head] if word.dep_ in {"amod", "acl"} else []  # "leaving 12 wounded"
            if word.dep_ in {"oprd", "acomp", "xcomp", "ccomp"}:  # "left 12 soldiers dead"
                near += [c for c in word.head.children if c.dep_ == "dobj"]
            for token in near:
                count = count_of(token, lex)
                if count is not None:
                    return count
    return None


def _share_between_reports(found: list[ActionCandidate], folded: set[int], lex: Lexicon) -> None:
    """ "Five doctors were killed in an air strike ..." and, further on, a source's "was hit by an
    air raid. Five doctors were killed and seven wounded": actions of one kind with the same
    dead (at least _SAME_TOLL_AT_LEAST) are reports of one action; the wounded one of them gives
    are the others' too."""
    groups: dict[int, list[int]] = {}
    for n, action in enumerate(found):
        dead = action.killed.value if action.killed is not None else None
        took_place = n not in folded and action.modality is None
        victims = action.action_type in lex.rules.victim_types
        if took_place and not victims and dead is not None and dead >= _SAME_TOLL_AT_LEAST:
            groups.setdefault(dead, []).append(n)
    for members in groups.values():
        kinds = {found[n].action_type for n in members} - {"Attack"}
        wounded = [w for n in members if (w := found[n].wounded) is not None]
        if len(members) < 2 or len(kinds) > 1 or len({w.value for w in wounded}) != 1:
            continue
        for n in members:
            found[n] = _with_toll(found[n], None, wounded[0])


def _share_the_headline(
    found: list[ActionCandidate], triggers: list[Trigger], folded: set[int], lex: Lexicon
) -> None:
    """ "Israeli strike on school kills 40" over "Jets conducted a strike on a school ...": the
    headline's one action with a toll tells the toll of the first action of the same kind in
    the lead paragraph (the line after it), when that one has none of its own."""
    if not triggers:
        return
    text = triggers[0].head.doc.text
    end = text.find("\n")
    if end < 0:
        return
    lead_end = text.find("\n", end + 1)
    lead_end = len(text) if lead_end < 0 else lead_end

    def took_place(n: int) -> bool:
        return (
            n not in folded
            and found[n].modality is None
            and found[n].action_type not in lex.rules.victim_types
        )

    heads = [n for n, t in enumerate(triggers) if t.span.end_char <= end and took_place(n)]
    tolled = [n for n in heads if found[n].killed is not None or found[n].wounded is not None]
    if len(heads) != 1 or len(tolled) != 1:
        return
    top = found[tolled[0]]
    for n, trigger in enumerate(triggers):
        if end < trigger.span.start_char < lead_end and took_place(n):
            if _same_kind(found[n].action_type, top.action_type):
                found[n] = _with_toll(found[n], top.killed, top.wounded)
            return


def _same_kind(a: str, b: str) -> bool:
    """Two action types that may name one action: the same, or one of them a bare attack."""
    return a == b or "Attack" in (a, b)


def _share_with_antecedents(
    found: list[ActionCandidate], triggers: list[Trigger], folded: set[int], lex: Lexicon
) -> None:
    """ "Rebels shelled the market. The attack killed 30.": the toll of a later definite mention
    with no agent of its own is the toll of the action before it too, in its sentence or the one
    before (the mention keeps its record)."""
    for n, (mention, trigger) in enumerate(zip(found, triggers, strict=True)):
        head = trigger.head
        definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children)
        # a bare mention: no owner, no "by", no name before it ("the deadly attack" is bare)
        owned = any(
            c.dep_ in {"poss", "compound", "nmod"}
            or (c.dep_ == "amod" and c.ent_type_)
            or (c.dep_ == "prep" and c.lower_ == "by")
            for c in head.children
        )
        if trigger.verb or not definite or owned or mention.modality is not None or n in folded:
            continue
        if mention.killed is None and mention.wounded is None:
            continue
        earliest = head.doc[head.sent.start - 1].sent.start if head.sent.start > 0 else head.sent.start
        for m in range(n - 1, -1, -1):
            if triggers[m].head.i < earliest:
                break
            if (
                m not in folded
                and found[m].modality is None
                and found[m].action_type not in lex.rules.victim_types
            ):
                # "the fighting" after a shelling: its toll is the fighting's, not the shelling's
                aggregate = mention.action_type in lex.rules.aggregate_types
                if not aggregate or found[m].action_type == mention.action_type:
                    found[m] = _with_toll(found[m], mention.killed, mention.wounded)
                break


def _cause(verb: Token, by_head: dict[int, int], found: list[ActionCandidate], lex: Lexicon) -> int | None:
    """The action a casualty verb reports the toll of: "killed in a strike", "the strike killed",
    "killed by shelling", "struck the town, killing 12", "died when the convoy was ambushed"."""
    linked = [c for c in verb.children if c.dep_ in {"nsubj", "advcl"}]
    # "were killed and dozens injured in a strike": the cause the casualties share may hang on
    # the last of them
    toll_words = lex.rules.death_verbs | lex.rules.wound_verbs
    casualties = [verb] + [
        c for c in verb.children if c.dep_ in {"conj", "advcl"} and c.lemma_.lower() in toll_words
    ]
    for word in casualties[1:]:
        linked += [c for c in word.children if c.dep_ == "advcl"]
    for child in (c for word in casualties for c in word.children):
        if (child.dep_ == "prep" and child.lower_ in _CAUSE_PREPS) or child.dep_ == "agent":
            objects = [p for p in child.children if p.dep_ == "pobj"]
            linked += objects + [c for o in objects for c in o.conjuncts]
    # "Rebel shelling kills 12": a headline's noun the parse made a participle on the subject
    linked += [
        c
        for s in verb.children
        if s.dep_ == "nsubj"
        for c in s.children
        if c.dep_ == "acl" and c.tag_ == "VBG"
    ]
    if verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp", "conj"}:
        linked.append(verb.head)  # "struck the town, killing 12"
    if verb.dep_ == "conj" and shares_its_subject(verb):
        linked.append(verb.head)  # "stormed the village and killed 20": one action, its toll
    if verb.dep_ in {"acl", "relcl"}:
        linked.append(
            verb.head
        )  # "a drone strike killed 26, the BBC reported": parsed as a clause of "strike"
    # "conducted a strike on the school, killing 38": the action a light verb carried out
    linked += [o for t in list(linked) if t.pos_ == "VERB" and t.i not in by_head for o in objects_of(t)]
    for token in linked:
        n = by_head.get(token.i)
        if n is not None and found[n].modality is None and found[n].action_type not in lex.rules.victim_types:
            return n
    return None


def _toll_of(
    n: int, killing: ActionCandidate, triggers: list[Trigger], found: list[ActionCandidate], lex: Lexicon
) -> int | None:
    """A killing with no agent, place or cause of its own tells the toll of the last action before
    it, in its sentence or the one before: "Five doctors were killed, the ministry said"."""
    if killing.agents or killing.location or killing.killed is None:
        return None
    head = triggers[n].head
    if head.dep_ == "conj" and not shares_its_subject(head):
        return None  # "attacked the village and rebels killed 20": a subject the parse lost
    sent = triggers[n].head.sent
    earliest = sent.start
    for _ in range(_TOLL_WINDOW):
        earliest = triggers[n].head.doc[earliest - 1].sent.start if earliest > 0 else earliest
    for m in range(n - 1, -1, -1):
        head = triggers[m].head
        if head.i < earliest:
            return None
        if found[m].modality is None and found[m].action_type not in lex.rules.victim_types:
            return m
    return None


def _last_before(
    verb: Token, triggers: list[Trigger], found: list[ActionCandidate], lex: Lexicon
) -> int | None:
    """The last action that took place in the sentence before the toll's: "Rebels shelled the
    market. At least 30 people died." (a toll with no number tells nothing)."""
    own_cause = any(
        (c.dep_ == "prep" and c.lower_ in _CAUSE_PREPS and not _aside(c, lex)) or c.dep_ == "advcl"
        for c in verb.children
    )
    if verb.sent.start == 0 or own_cause or _victim_count(verb, lex) is None:
        return None  # "ten people died in a flood" has a cause of its own
    before = verb.doc[verb.sent.start - 1].sent
    for m in range(len(triggers) - 1, -1, -1):
        if triggers[m].head.sent == before and found[m].modality is None:
            return m if found[m].action_type not in lex.rules.victim_types else None
    return None


def _aside(prep: Token, lex: Lexicon) -> bool:
    """ "In addition to the three deaths": a phrase of a cause preposition that names none."""
    return any(p.dep_ == "pobj" and p.lemma_.lower() in lex.rules.not_causes for p in prep.children)


def _casualty_verbs(triggers: list[Trigger], lex: Lexicon) -> list[Token]:
    """ "died", "were wounded", "injured" in the sentences of the actions and the sentence after
    each: no triggers themselves."""
    heads = {t.head.i for t in triggers}
    sentences = {t.head.sent.start: t.head.sent for t in triggers}
    doc = triggers[0].head.doc if triggers else None
    for sent in list(sentences.values()):
        if doc is not None and sent.end < len(doc):
            after = doc[sent.end].sent
            sentences.setdefault(after.start, after)
    words = lex.rules.death_verbs | lex.rules.wound_verbs
    return [
        t
        for sent in sentences.values()
        for t in sent
        if t.pos_ == "VERB" and t.lemma_.lower() in words and t.i not in heads
    ]


def _victim_count(verb: Token, lex: Lexicon) -> Quantity | None:
    """ "three doctors and a paramedic were wounded" counts 4; "seven people died" 7."""
    victims = objects_of(verb) or [c for c in verb.children if c.dep_ == "nsubj"]
    return count_victims(victims + [c for v in victims for c in v.conjuncts if c not in victims], lex)


def _agents(
    own: tuple[Reference | Choice, ...], killers: tuple[Reference | Choice, ...]
) -> tuple[Reference | Choice, ...]:
    """The action's agents, or the killing's: "killed by insurgents in their attack" names
    the attack's agents by a pronoun that may resolve to no one; the killers stand in then."""
    if not own:
        return killers
    if len(own) == 1 and _a_pronoun(own[0]) and killers:
        return killers  # "killed by insurgents in their attack": "their" is the insurgents
    if len(own) == 1 and len(killers) == 1:
        return (Choice((own[0], killers[0])),)
    return own


def _a_pronoun(reference: Reference | Choice) -> bool:
    return (
        isinstance(reference, Reference)
        and reference.phrase is not None
        and reference.phrase.root.pos_ == "PRON"
    )


def _with_toll(action: ActionCandidate, killed: Quantity | None, wounded: Quantity | None) -> ActionCandidate:
    """The action with the toll it did not have yet."""
    return replace(action, killed=action.killed or killed, wounded=action.wounded or wounded)
