"""Attribution: which events a statement claims or denies, and how firmly the article reports them."""

from __future__ import annotations

from . import WAR, extract_text


def _read(nlp, rules, text):
    found = extract_text(nlp, rules, WAR + text)
    actions = {a.key: a for a in found.military_actions if a.trigger.start_char >= len(WAR)}
    return found, actions


def test_an_event_inside_a_denial_is_denied_never_a_fact(nlp, rules):
    found, actions = _read(nlp, rules, "Russia denied that its forces attacked the railway station.")
    (action,) = actions.values()
    (st,) = found.statements
    assert (action.trigger.text, action.modality) == ("attacked", "Denied")
    assert (st.cue, st.negative, st.denies, st.claims) == ("deny", True, (action.key,), ())


def test_a_denial_verb_denies_the_event_it_governs_even_without_a_statement(nlp, rules):
    _, actions = _read(nlp, rules, "Russia denied attacking the railway station.")
    (action,) = actions.values()
    assert (action.trigger.text, action.modality) == ("attacking", "Denied")


def test_saying_something_did_not_happen_denies_it(nlp, rules):
    found, actions = _read(nlp, rules, "Israel said no military target was hit.")
    (action,) = actions.values()
    (st,) = found.statements
    assert action.modality == "Negated"
    assert (st.negative, st.denies, st.claims) == (True, (action.key,), ())


def test_a_statement_that_denies_one_event_and_claims_another_says_which(nlp, rules):
    found, actions = _read(
        nlp, rules, "Israel said no target was hit but that one soldier was killed by shrapnel."
    )
    hit = next(a for a in actions.values() if a.trigger.text == "hit")
    killed = next(a for a in actions.values() if a.trigger.text == "killed")
    (st,) = found.statements
    assert (st.denies, st.claims, st.negative) == ((hit.key,), (killed.key,), False)


def test_a_claim_is_affirmative(nlp, rules):
    found, actions = _read(nlp, rules, "Hezbollah said it hit an Israeli base.")
    (st,) = found.statements
    (action,) = actions.values()
    assert (st.claims, st.denies, st.negative, action.claimed) == ((action.key,), (), False, True)


def test_a_hedge_weakens_its_sentence(nlp, rules):
    plain = _read(nlp, rules, "Rebels attacked a convoy near the border.")[1]
    hedged = _read(nlp, rules, "Rebels reportedly attacked a convoy near the border.")[1]
    (a,), (b,) = plain.values(), hedged.values()
    assert (a.hedged, b.hedged) == (False, True)
    assert b.evidence.confidence < a.evidence.confidence


def test_could_not_be_verified_weakens_the_sentence_before(nlp, rules):
    found, actions = _read(
        nlp, rules, "The rebels said they shelled the airport. The claim could not be independently verified."
    )
    (action,) = actions.values()
    (st,) = [s for s in found.statements if s.cue == "say"]
    assert action.hedged and st.hedged
