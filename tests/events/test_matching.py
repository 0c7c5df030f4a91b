"""Which reports are of one event, on small hand-made reports (no spaCy, no store).

Each test states what a reader of two or three news items would decide, and why.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kg.events.instances import build_instance
from kg.events.matching import Profile, apart, group, match
from kg.events.reports import Figure, Report, Voice
from kg.events.rules import LinkingRules, load_linking_rules

ID = "https://w3id.org/newskg/id/"
KHARKIV, RAFAH = f"{ID}actor/geopoliticalentity/kharkiv", f"{ID}actor/geopoliticalentity/rafah"
RUSSIA, ISRAEL = f"{ID}actor/geopoliticalentity/russia", f"{ID}actor/geopoliticalentity/israel"
MOSCOW = f"{ID}actor/geopoliticalentity/moscow"
FRIDAY = date(2024, 5, 10)


@pytest.fixture(scope="module")
def rules() -> LinkingRules:
    return load_linking_rules()


def strike(doc: str, n: int = 1, **values: object) -> Report:
    """A missile strike on a hospital in Kharkiv by Russia on Friday, reported by ``doc``."""
    base: dict[str, object] = dict(
        iri=f"{ID}event/{doc}/{n}",
        document=f"{ID}document/{doc}",
        label="strike",
        negotiation=False,
        action_type="MissileAttack",
        day=FRIDAY,
        published=FRIDAY,
        publisher=f"Outlet {doc}",
        place=KHARKIV,
        places=frozenset({KHARKIV}),
        agents=frozenset({RUSSIA}),
        target_texts=("a hospital",),
    )
    return Report(**{**base, **values})  # type: ignore[arg-type]


def test_two_outlets_reporting_one_strike_are_one_event_and_the_link_says_why(rules):
    found = match(Profile([strike("a")]), Profile([strike("b")]), rules)
    assert found is not None and found.score >= rules.threshold
    assert {"place", "agent", "target", "type", "date"} <= set(found.criteria)


def test_the_same_place_and_agent_on_another_day_is_another_event(rules):
    later = strike("b", day=date(2024, 4, 6), published=date(2024, 4, 6))
    assert apart(strike("a"), later, rules)
    assert match(Profile([strike("a")]), Profile([later]), rules) is None


def test_a_strike_elsewhere_by_someone_else_on_the_same_day_is_another_event(rules):
    rafah = strike(
        "b", place=RAFAH, places=frozenset({RAFAH}), agents=frozenset({ISRAEL}), target_texts=("a house",)
    )
    assert match(Profile([strike("a")]), Profile([rafah]), rules) is None


def test_sharing_only_the_day_and_the_type_is_not_enough(rules):
    bare = strike("b", place=None, places=frozenset(), agents=frozenset(), target_texts=())
    assert match(Profile([strike("a")]), Profile([bare]), rules) is None


def test_a_talks_report_never_joins_a_strike(rules):
    talks = strike("b", negotiation=True, action_type=None)
    assert apart(strike("a"), talks, rules)


def test_an_undated_report_is_news_of_the_days_just_before_its_article(rules):
    undated = strike("b", day=None, published=date(2024, 5, 11))
    assert not apart(strike("a"), undated, rules)
    stale = strike("b", day=None, published=date(2024, 6, 30))
    assert apart(strike("a"), stale, rules)


def test_grouping_does_not_depend_on_the_order_reports_come_in(rules):
    reports = [
        strike("a"),
        strike("b"),
        strike(
            "c", place=RAFAH, places=frozenset({RAFAH}), agents=frozenset({ISRAEL}), target_texts=("a house",)
        ),
    ]
    forward = [[r.iri for r in p.reports] for p in group(reports, rules)]
    backward = [[r.iri for r in p.reports] for p in group(list(reversed(reports)), rules)]
    assert forward == backward
    assert sorted(len(g) for g in forward) == [1, 2]


def test_different_tolls_from_two_sources_are_a_dispute_with_each_figure_at_its_source(rules):
    governor = Voice(f"{ID}statement/a/1", False, f"{ID}actor/person/governor", "the governor")
    mayor = Voice(f"{ID}statement/b/1", False, f"{ID}actor/person/mayor", "the mayor")
    a = strike("a", figures=(Figure("killed", 7, "seven"),), voices=(governor,))
    b = strike("b", figures=(Figure("killed", 9, "Nine"),), voices=(mayor,))
    (g,) = group([a, b], rules)
    instance = build_instance(g.reports, g.links, "https://w3id.org/newskg/", frozenset())
    (dispute,) = instance.disputes
    assert dispute.point == "killed"
    assert {(s.source_name, s.value) for s in dispute.sides} == {("the governor", 7), ("the mayor", 9)}
    assert dispute.contradictions == [(f"{ID}statement/a/1", f"{ID}statement/b/1")]


def test_the_same_toll_from_two_sources_is_no_dispute(rules):
    a = strike("a", figures=(Figure("killed", 7, "seven"),))
    b = strike("b", figures=(Figure("killed", 7, "7"),))
    (g,) = group([a, b], rules)
    assert build_instance(g.reports, g.links, "https://w3id.org/newskg/", frozenset()).disputes == ()


def test_a_denial_by_the_named_agent_disputes_the_agent_and_is_no_fact(rules):
    denial = strike("b", 2, modality="Denied", agents=frozenset({MOSCOW}))
    reports = [strike("a"), strike("b"), denial]
    moscow_is_russia = frozenset({frozenset({MOSCOW, RUSSIA})})
    (g,) = group(reports, rules, moscow_is_russia)
    instance = build_instance(g.reports, g.links, "https://w3id.org/newskg/", moscow_is_russia)
    (dispute,) = instance.disputes
    assert dispute.point == "agent"
    denier = next(s for s in dispute.sides if not s.affirms)
    assert (denier.report, denier.source) == (denial.iri, MOSCOW)
    assert RUSSIA not in instance.agents  # disputed: a side of the dispute, not the instance's agent


def test_a_denial_by_someone_unrelated_to_the_agent_disputes_that_it_happened(rules):
    army = Voice(f"{ID}statement/b/9", True, f"{ID}actor/governmentbody/army", "the army")
    denial = strike("b", 2, modality="Denied", agents=frozenset(), voices=(army,))
    (g,) = group([strike("a"), strike("b"), denial], rules)
    instance = build_instance(g.reports, g.links, "https://w3id.org/newskg/", frozenset())
    assert [d.point for d in instance.disputes] == ["occurred"]


def test_an_instance_iri_is_stable_whatever_the_order(rules):
    reports = [strike("a"), strike("b")]
    (g1,) = group(reports, rules)
    (g2,) = group(list(reversed(reports)), rules)
    base = "https://w3id.org/newskg/"
    assert (
        build_instance(g1.reports, g1.links, base, frozenset()).iri
        == build_instance(g2.reports, g2.links, base, frozenset()).iri
    )


def test_a_strike_and_an_abduction_in_one_article_stay_apart(rules):
    a = strike("a", 1)
    b = replace(strike("a", 2), action_type="Abduction")
    (ga, gb) = group([a, b], rules)
    assert len(ga.reports) == len(gb.reports) == 1


def test_it_hit_from_one_source_and_it_was_intercepted_from_another_is_a_dispute_on_hit(rules):
    state_media = Voice(f"{ID}statement/f/1", False, f"{ID}actor/organization/state-media", "state media")
    military = Voice(f"{ID}statement/f/2", False, f"{ID}actor/governmentbody/idf", "the Israeli military")
    hit = replace(strike("f", 1), voices=(state_media,))
    stopped = replace(
        strike("f", 2), action_type="Interception", agents=frozenset({ISRAEL}), voices=(military,)
    )
    (g,) = group([hit, stopped], rules)  # one deed told by its two sides, though their agents differ
    instance = build_instance(
        g.reports, g.links, "https://w3id.org/newskg/", frozenset(), rules.interceptable
    )
    assert instance.kind == "MissileAttack" and instance.agents == {RUSSIA}  # not the defender
    (dispute,) = instance.disputes
    assert dispute.point == "hit"
    sides = {(s.source_name, s.affirms) for s in dispute.sides}
    assert sides == {("state media", True), ("the Israeli military", False)}
    assert dispute.contradictions == [(f"{ID}statement/f/1", f"{ID}statement/f/2")]


def test_one_source_saying_most_were_intercepted_and_one_hit_disputes_nothing(rules):
    army = Voice(f"{ID}statement/f/1", False, f"{ID}actor/governmentbody/army", "the army")
    hit = replace(strike("f", 1), voices=(army,))
    stopped = replace(strike("f", 2), action_type="Interception", agents=frozenset({ISRAEL}), voices=(army,))
    (g,) = group([hit, stopped], rules)
    instance = build_instance(
        g.reports, g.links, "https://w3id.org/newskg/", frozenset(), rules.interceptable
    )
    assert instance.disputes == ()


def test_two_spellings_of_one_place_are_one_place(rules):
    spelt = f"{ID}actor/geopoliticalentity/wad-alnoura"
    other = f"{ID}actor/geopoliticalentity/wad-al-noura"
    a = strike("a", place=spelt, places=frozenset({spelt}))
    b = strike("b", place=other, places=frozenset({other}))
    found = match(Profile([a]), Profile([b]), rules)
    assert found is not None and "place" in found.criteria


def test_a_figure_is_given_by_the_source_of_the_toll_not_by_every_voice_of_the_report(rules):
    """ "The army said rebels shelled the market. At least 12 were killed, the health ministry
    said": the army claims the strike, the ministry gives its toll (kg:tollSource)."""
    army = Voice(f"{ID}statement/a/1", False, f"{ID}actor/governmentbody/army", "the army")
    ministry = Voice(f"{ID}statement/a/2", False, f"{ID}actor/governmentbody/ministry", "the ministry")
    sourced = strike(
        "a",
        figures=(Figure("killed", 12, "At least 12"),),
        voices=(army, ministry),
        toll_source=ministry.speaker,
    )
    instance = build_instance([sourced], (), "https://w3id.org/newskg/", frozenset())
    assert [(f.source, f.statement, f.value) for f in instance.figures] == [
        (ministry.speaker, ministry.statement, 12)
    ]
    # a source whose statement claims no part of the report still gives the figure, alone
    unquoted = replace(sourced, voices=(army,))
    instance = build_instance([unquoted], (), "https://w3id.org/newskg/", frozenset())
    assert [(f.source, f.statement, f.value) for f in instance.figures] == [(ministry.speaker, None, 12)]
    # with no source named, every voice of the report gives it, as before
    instance = build_instance(
        [replace(sourced, toll_source=None)], (), "https://w3id.org/newskg/", frozenset()
    )
    assert {f.source for f in instance.figures} == {army.speaker, ministry.speaker}
