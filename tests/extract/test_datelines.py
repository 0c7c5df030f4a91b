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
        ("ISTANBUL, TURKEY | Xinhua | Delegations of Russia and Ukraine met.", "ISTANBUL", "Delegations"),
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
        "Votes | Results | The count went on.",
    ],
)
def test_no_dateline(text):
    assert list(datelines(text)) == []


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("BAMAKO (Reuters) – Mali has carried out air strikes.", "BAMAKO (Reuters) – "),
        ("NAIROBI, Kenya -- Kenya and Haiti signed agreements.", "NAIROBI, Kenya -- "),
        ("KHARTOUM, May 3 (Reuters) - The army said.", "KHARTOUM, May 3 (Reuters) - "),
        ("Doha: Qatar yesterday hosted a ceremony.", "Doha: "),
        ("Israel Defense Forces – the army said it struck.", None),
        ("The Permanent Strategic Framework (CSP) – a coalition – said.", None),
        ("Hamas leader Hassan Nasrallah said: we will respond.", None),
    ],
)
def test_a_dateline_ends_at_its_dash_or_colon(text: str, dateline: str | None) -> None:
    found = datelines(text)
    assert [text[d.start : d.end] for d in found] == ([dateline] if dateline else [])


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("NAIROBI, Kenya -- Kenya and Haiti signed agreements.", "NAIROBI"),
        ("Doha: Qatar yesterday hosted a ceremony.", ""),  # no place in capitals: only no speaker
        ("Bamako, July 27 (Reuters) – Mali struck.", ""),
        ("EVEN HIS BOSS THINKS HE IS WRONG — The head of the studio said so.", ""),  # a heading
    ],
)
def test_only_a_place_in_capitals_is_read_as_the_datelines_place(text: str, place: str) -> None:
    (dateline,) = datelines(text)
    assert text[dateline.place_start : dateline.place_end] == place


def test_a_mixed_case_dateline_is_never_a_speaker(nlp, rules):
    found = extract_text(nlp, rules, "Bamako, July 27 (Reuters) – Gunmen killed 12 villagers, police said.")
    names = {a.key: a.name for a in found.actors}
    assert [(names[s.speaker], s.content.text) for s in found.statements] == [
        ("police", "Gunmen killed 12 villagers")
    ]
    assert all(a.name and a.mentions for a in (*found.actors, *found.places))  # no place without words


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("BAMAKO (Reuters) – Mali struck.", True),
        ("Bamako, July 27 (Reuters) – Mali struck.", True),
        ("Rush Limbaugh: Clinton Asking Moderator To Fact Check Trump", False),  # maybe a headline's speaker
        ("Doha: Qatar hosted a ceremony.", False),
    ],
)
def test_only_a_word_or_two_before_a_colon_leaves_the_sentence_open(text: str, ends: bool) -> None:
    (dateline,) = datelines(text)
    assert dateline.ends_sentence is ends


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
