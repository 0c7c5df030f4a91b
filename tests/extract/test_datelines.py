"""Datelines: the place, date and agency that open wire copy are no part of its first sentence."""

from __future__ import annotations

import pytest

from kg.extract.datelines import datelines

from . import extract_text


@pytest.mark.parametrize(
    ("text", "place", "rest"),
    [
        ("BAMAKO (Reuters) – Mali has carried out strikes.", "BAMAKO", "Mali"),
        ("BAMAKO, July 31 (Reuters) - Mali struck.", "BAMAKO", "Mali"),
        ("WASHINGTON (AP) — The Pentagon said.", "WASHINGTON", "The"),
        ("GENEVA: Talks resumed.", "GENEVA", "Talks"),
        ("KABUL, 22 May 2004 — Three civilians died.", "KABUL", "Three"),
        ("MAIDUGURI, Nigeria (AP) — Gunmen attacked.", "MAIDUGURI", "Gunmen"),
        ("NEW DELHI (Reuters) - India said.", "NEW DELHI", "India"),
    ],
)
def test_a_dateline_is_found(text, place, rest):
    (dateline,) = datelines(text)
    assert text[dateline.place_start : dateline.place_end] == place
    assert text[dateline.end :].startswith(rest)


@pytest.mark.parametrize(
    "text",
    [
        "US officials said on Monday.",
        "NATO, the alliance, said.",
        "ISIS — the group said so.",
        'He said: "We will."',
    ],
)
def test_no_dateline(text):
    assert list(datelines(text)) == []


def test_the_dateline_city_is_a_place_and_never_the_subject(nlp, rules):
    found = extract_text(
        nlp, rules, "BAMAKO (Reuters) – Mali has carried out air strikes on rebel positions."
    )
    (action,) = found.military_actions
    names = {a.key: a.name for a in found.actors}
    assert [names[k] for k in action.agents] == ["Mali"]
    bamako = next(a for a in found.actors if a.name == "Bamako")
    assert bamako.kind == "GeopoliticalEntity" and bamako.wikidata


def test_a_dateline_is_never_a_speaker(nlp, rules):
    found = extract_text(nlp, rules, "MAIDUGURI, Nigeria (AP) — Gunmen killed 12 villagers, police said.")
    names = {a.key: a.name for a in found.actors}
    assert [names[s.speaker] for s in found.statements] == ["police"]
    assert "MAIDUGURI" not in names.values()
