"""Checks of the bundled gazetteer data file itself (kg/rules/gazetteer.csv).

Plain csv + re on purpose: a user editing the file can run these without the package.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

GAZETTEER = Path(__file__).resolve().parent.parent / "kg" / "rules" / "gazetteer.csv"
HEADER = ["qid", "label", "kind", "aliases", "demonyms", "affiliation"]
KINDS = {"Person", "Organization", "ArmedGroup", "GovernmentBody", "GeopoliticalEntity", "Place"}
QID = re.compile(r"^Q[1-9][0-9]*$")


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with GAZETTEER.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def by_qid(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["qid"]: r for r in rows}


def test_header_is_exact() -> None:
    with GAZETTEER.open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == HEADER


def test_every_row_has_six_fields_and_a_label(rows: list[dict[str, str]]) -> None:
    for n, row in enumerate(rows, 2):
        assert None not in row and all(v is not None for v in row.values()), f"line {n}: wrong field count"
        assert row["label"].strip(), f"line {n}: empty label"
        assert row["label"] == row["label"].strip(), f"line {n}: label has surrounding spaces"


def test_qids_are_wikidata_ids(rows: list[dict[str, str]]) -> None:
    # An empty qid is an entry whose Wikidata id was not verified: recognised, never linked.
    bad = [r["qid"] for r in rows if r["qid"] and not QID.match(r["qid"])]
    assert not bad


def test_no_duplicate_qid(rows: list[dict[str, str]]) -> None:
    dupes = [q for q, n in Counter(r["qid"] for r in rows if r["qid"]).items() if n > 1]
    assert not dupes


def test_kinds_are_allowed(rows: list[dict[str, str]]) -> None:
    bad = {((r["qid"] or r["label"]), r["kind"]) for r in rows if r["kind"] not in KINDS}
    assert not bad


def test_no_surface_form_names_two_entries(rows: list[dict[str, str]]) -> None:
    """Labels and aliases (case-sensitive) must each point at one entry only."""
    owner: dict[str, str] = {}
    clashes = []
    for r in rows:
        for form in {r["label"], *_split(r["aliases"])}:
            if owner.setdefault(form, (r["qid"] or r["label"])) != (r["qid"] or r["label"]):
                clashes.append((form, owner[form], (r["qid"] or r["label"])))
    assert not clashes


def test_no_alias_shared_by_two_entries(rows: list[dict[str, str]]) -> None:
    seen: dict[str, str] = {}
    shared = []
    for r in rows:
        for alias in set(_split(r["aliases"])):
            if seen.setdefault(alias, (r["qid"] or r["label"])) != (r["qid"] or r["label"]):
                shared.append((alias, seen[alias], (r["qid"] or r["label"])))
    assert not shared


def test_no_demonym_shared_by_two_entries(rows: list[dict[str, str]]) -> None:
    seen: dict[str, str] = {}
    shared = []
    for r in rows:
        for demonym in set(_split(r["demonyms"])):
            if seen.setdefault(demonym, (r["qid"] or r["label"])) != (r["qid"] or r["label"]):
                shared.append((demonym, seen[demonym], (r["qid"] or r["label"])))
    assert not shared


def test_demonyms_only_on_geopolitical_entities(rows: list[dict[str, str]]) -> None:
    bad = [
        (r["qid"] or r["label"]) for r in rows if r["demonyms"].strip() and r["kind"] != "GeopoliticalEntity"
    ]
    assert not bad


def test_list_fields_have_no_empty_or_padded_items(rows: list[dict[str, str]]) -> None:
    for r in rows:
        for column in ("aliases", "demonyms"):
            if r[column]:
                items = r[column].split("|")
                assert all(i and i == i.strip() for i in items), ((r["qid"] or r["label"]), column, r[column])


def test_affiliations_exist_in_the_file(
    rows: list[dict[str, str]], by_qid: dict[str, dict[str, str]]
) -> None:
    for r in rows:
        aff = r["affiliation"]
        if aff:
            assert QID.match(aff), ((r["qid"] or r["label"]), aff)
            assert aff in by_qid, ((r["qid"] or r["label"]), aff)
            assert aff != (r["qid"] or r["label"]), r["qid"] or r["label"]


def test_covers_the_sovereign_states(rows: list[dict[str, str]]) -> None:
    states = [r for r in rows if r["kind"] == "GeopoliticalEntity" and r["demonyms"].strip()]
    assert len(states) >= 190


def test_covers_many_non_state_entries(rows: list[dict[str, str]]) -> None:
    non_states = [r for r in rows if not (r["kind"] == "GeopoliticalEntity" and r["demonyms"].strip())]
    assert len(non_states) >= 200
    actors = [r for r in rows if r["kind"] in {"Person", "Organization", "ArmedGroup", "GovernmentBody"}]
    assert len(actors) >= 100


def test_sorted_by_kind_then_label(rows: list[dict[str, str]]) -> None:
    keys = [(r["kind"], r["label"].casefold()) for r in rows]
    assert keys == sorted(keys)


# QIDs checked against public Wikidata-derived files (see kg/rules/GAZETTEER.md).
SPOT_CHECKS = [
    ("Q30", "United States", "GeopoliticalEntity"),
    ("Q801", "Israel", "GeopoliticalEntity"),
    ("Q79", "Egypt", "GeopoliticalEntity"),
    ("Q794", "Iran", "GeopoliticalEntity"),
    ("Q822", "Lebanon", "GeopoliticalEntity"),
    ("Q846", "Qatar", "GeopoliticalEntity"),
    ("Q159", "Russia", "GeopoliticalEntity"),
    ("Q212", "Ukraine", "GeopoliticalEntity"),
    ("Q219060", "Palestine", "GeopoliticalEntity"),
    ("Q1246", "Kosovo", "GeopoliticalEntity"),
    ("Q865", "Taiwan", "GeopoliticalEntity"),
    ("Q85", "Cairo", "GeopoliticalEntity"),
    ("Q3820", "Beirut", "GeopoliticalEntity"),
    ("Q3616", "Tehran", "GeopoliticalEntity"),
    ("Q33935", "Tel Aviv", "GeopoliticalEntity"),
    ("Q1218", "Jerusalem", "GeopoliticalEntity"),
    ("Q39760", "Gaza Strip", "Place"),
    ("Q36678", "West Bank", "Place"),
    ("Q38799", "Hamas", "ArmedGroup"),
    ("Q2429253", "Islamic State", "ArmedGroup"),
    ("Q37230", "Central Intelligence Agency", "GovernmentBody"),
    ("Q8333", "Federal Bureau of Investigation", "GovernmentBody"),
    ("Q11209", "United States Department of Defense", "GovernmentBody"),
    ("Q1065", "United Nations", "Organization"),
    ("Q37470", "United Nations Security Council", "Organization"),
    ("Q7184", "NATO", "Organization"),
    ("Q458", "European Union", "Organization"),
    ("Q22686", "Donald Trump", "Person"),
    ("Q6294", "Hillary Clinton", "Person"),
    ("Q76", "Barack Obama", "Person"),
    ("Q43723", "Benjamin Netanyahu", "Person"),
    ("Q7747", "Vladimir Putin", "Person"),
]


@pytest.mark.parametrize(("qid", "label", "kind"), SPOT_CHECKS)
def test_well_known_qids(by_qid: dict[str, dict[str, str]], qid: str, label: str, kind: str) -> None:
    assert qid in by_qid
    assert by_qid[qid]["label"] == label
    assert by_qid[qid]["kind"] == kind


def test_us_surface_forms_and_demonym(by_qid: dict[str, dict[str, str]]) -> None:
    us = by_qid["Q30"]
    assert {"US", "U.S.", "USA", "United States of America", "America"} <= set(_split(us["aliases"]))
    assert "American" in _split(us["demonyms"])


def test_office_holders_point_at_their_state(by_qid: dict[str, dict[str, str]]) -> None:
    assert by_qid["Q43723"]["affiliation"] == "Q801"
    assert by_qid["Q22686"]["affiliation"] == "Q30"
    assert by_qid["Q11209"]["affiliation"] == "Q30"
