"""Events across articles, on the store: five short articles written for this test
(tests/data/events/, with what a reader finds in them in EXPECTED.md, written before running
NewsKG). Three outlets report one strike on a Kharkiv hospital with tolls of 7, 9 and 7; two
of them carry Moscow's denials; a strike in Rafah the same day and one in Kharkiv a month
earlier are other events.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.config import get_settings
from kg.store import LocalStore

DATA = Path(__file__).parent / "data" / "events"
ARTICLES = DATA / "articles.jsonl"
DOC = "https://w3id.org/newskg/id/document/"
EVENTS = "https://w3id.org/newskg/graph/events"
PREFIX = (
    "PREFIX kg: <https://w3id.org/newskg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)


def rows(store: Path, query: str) -> list[dict[str, str]]:
    """The solutions of ``query`` on the store at ``store``, as plain strings."""
    db = LocalStore(store, read_only=True)
    result = db.query(PREFIX + query)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


def events_graph(store: Path) -> set[str]:
    """Every triple of the events graph, as N-Triples lines (its IRIs are stable: no blank nodes)."""
    db = LocalStore(store, read_only=True)
    return {
        f"{q.subject} {q.predicate} {q.object}"
        for q in db.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(EVENTS))
    }


def build(store: Path, *paths: Path) -> None:
    assert main(["build", *map(str, paths), "--store", str(store)]) == 0


def split(tmp: Path) -> list[Path]:
    """The five articles, each in a JSONL file of its own."""
    files = []
    for line in ARTICLES.read_text(encoding="utf-8").splitlines():
        path = tmp / f"{json.loads(line)['id']}.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("events") / "store"
    build(path, ARTICLES)
    return path


def kharkiv(store: Path) -> str:
    """The instance that the first article's reports belong to."""
    (row,) = rows(
        store,
        f"SELECT DISTINCT ?i WHERE {{ GRAPH <{EVENTS}> {{ ?i kg:reportedBy ?r . ?r kg:linkKey ?k }} "
        f"GRAPH ?d {{ ?r <http://www.w3.org/ns/prov#wasDerivedFrom> <{DOC}a-kharkiv> ; kg:modality ?m }} }}",
    )
    return row["i"]


def test_three_outlets_reporting_one_strike_give_one_event_with_three_publishers(store: Path) -> None:
    i = kharkiv(store)
    docs = rows(
        store,
        f"SELECT DISTINCT ?doc WHERE {{ GRAPH <{EVENTS}> {{ <{i}> kg:reportedBy ?r . ?r <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc }} }}",
    )
    assert {d["doc"] for d in docs} == {f"{DOC}a-kharkiv", f"{DOC}b-kharkiv", f"{DOC}c-kharkiv"}
    (counts,) = rows(
        store,
        f"SELECT ?docs ?pubs ?place WHERE {{ GRAPH <{EVENTS}> {{ <{i}> kg:documentCount ?docs ; kg:publisherCount ?pubs ; kg:location ?place }} }}",
    )
    assert (counts["docs"], counts["pubs"]) == ("3", "3")
    assert counts["place"].endswith("/kharkiv")


def test_every_link_says_its_score_and_the_criteria_that_matched(store: Path) -> None:
    links = rows(
        store,
        f"SELECT ?score ?c WHERE {{ GRAPH <{EVENTS}> {{ <{kharkiv(store)}> kg:link ?l . ?l kg:score ?score ; kg:criterion ?c }} }}",
    )
    assert links and all(float(link["score"]) > 0 for link in links)
    assert {"place", "date"} <= {link["c"] for link in links}


def test_the_same_day_elsewhere_and_the_same_place_a_month_earlier_are_other_events(store: Path) -> None:
    others = rows(
        store,
        f"SELECT DISTINCT ?r WHERE {{ GRAPH <{EVENTS}> {{ <{kharkiv(store)}> kg:reportedBy ?r }} "
        f"FILTER(CONTAINS(STR(?r), '/d-rafah/') || CONTAINS(STR(?r), '/e-kharkiv-earlier/')) }}",
    )
    assert others == []


def test_figures_stay_with_their_sources_and_different_tolls_are_a_dispute(store: Path) -> None:
    sides = rows(
        store,
        f"SELECT ?name ?value WHERE {{ GRAPH <{EVENTS}> {{ <{kharkiv(store)}> kg:dispute ?d . "
        f"?d kg:point 'killed' ; kg:side ?s . ?s kg:sourceName ?name ; kg:value ?value }} }}",
    )
    by_source = {(s["name"], s["value"]) for s in sides}
    assert {("Oleh Syniehubov", "7"), ("Ihor Terekhov", "9"), ("Ukrainian officials", "7")} <= by_source


def test_denials_are_positions_in_a_dispute_on_the_agent_never_facts(store: Path) -> None:
    denials = rows(
        store,
        f"SELECT ?src WHERE {{ GRAPH <{EVENTS}> {{ <{kharkiv(store)}> kg:dispute ?d . ?d kg:point 'agent' ; kg:side ?s . "
        f"?s kg:stance kg:Negative ; kg:source ?src }} }}",
    )
    assert {d["src"].rsplit("/", 1)[-1] for d in denials} == {"russian-defence-ministry", "moscow"}
    # the denied reports are kg:Denied: a query for what happened does not return them
    happened = rows(
        store,
        f"SELECT ?r WHERE {{ GRAPH <{EVENTS}> {{ <{kharkiv(store)}> kg:reportedBy ?r }} "
        "GRAPH ?g { ?r a kg:MilitaryAction FILTER NOT EXISTS { ?r kg:modality ?m } } }",
    )
    assert happened and not any("8a62712b0101" in r["r"] for r in happened)
    (n,) = rows(store, f"SELECT ?n WHERE {{ GRAPH <{EVENTS}> {{ <{kharkiv(store)}> kg:denialCount ?n }} }}")
    assert n["n"] == "2"


def test_contradicting_statements_are_linked_both_ways(store: Path) -> None:
    pairs = rows(store, f"SELECT ?a ?b WHERE {{ GRAPH <{EVENTS}> {{ ?a kg:contradicts ?b }} }}")
    found = {(p["a"], p["b"]) for p in pairs}
    assert found and all((b, a) in found for a, b in found)
    speakers = rows(
        store,
        f"SELECT ?x ?y WHERE {{ GRAPH <{EVENTS}> {{ ?a kg:contradicts ?b }} "
        "GRAPH ?g1 { ?a kg:speaker/rdfs:label ?x } GRAPH ?g2 { ?b kg:speaker/rdfs:label ?y } }",
    )
    assert {"Ihor Terekhov", "Oleh Syniehubov"} <= {
        s["x"] for s in speakers if s["y"] in {"Ihor Terekhov", "Oleh Syniehubov"}
    }


def test_one_article_at_a_time_gives_the_same_events_as_all_at_once(store: Path, tmp_path: Path) -> None:
    incremental = tmp_path / "incremental"
    for path in reversed(split(tmp_path)):
        build(incremental, path)
    assert events_graph(incremental) == events_graph(store)


def test_reingesting_changes_nothing(tmp_path: Path, store: Path) -> None:
    again = tmp_path / "again"
    build(again, ARTICLES)
    before = events_graph(again)
    build(again, ARTICLES)
    assert events_graph(again) == before == events_graph(store)


def test_a_build_stopped_before_linking_is_linked_by_the_next(
    tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documents are stored, then linked, in two writes: a build killed between them leaves
    stored documents unlinked, and the next build, finding them unchanged, links them."""
    path = tmp_path / "store"
    monkeypatch.setenv("KG_LINK_EVENTS", "false")  # what a kill right after the store write leaves
    get_settings.cache_clear()
    build(path, ARTICLES)
    assert events_graph(path) == set()
    monkeypatch.delenv("KG_LINK_EVENTS")
    get_settings.cache_clear()
    build(path, ARTICLES)
    assert events_graph(path) == events_graph(store)


def test_removing_articles_takes_their_reports_out_and_drops_empty_events(tmp_path: Path) -> None:
    path = tmp_path / "store"
    build(path, ARTICLES)
    assert main(["remove", "b-kharkiv", "--store", str(path)]) == 0
    left = rows(
        path,
        f"SELECT ?r WHERE {{ GRAPH <{EVENTS}> {{ ?i kg:reportedBy ?r }} FILTER(CONTAINS(STR(?r), '/b-kharkiv/')) }}",
    )
    assert left == []
    (n,) = rows(path, f"SELECT ?n WHERE {{ GRAPH <{EVENTS}> {{ <{kharkiv(path)}> kg:documentCount ?n }} }}")
    assert n["n"] == "2"
    for doc in ("a-kharkiv", "c-kharkiv", "d-rafah", "e-kharkiv-earlier", "f-nevatim"):
        assert main(["remove", doc, "--store", str(path)]) == 0
    assert events_graph(path) == set()


def test_an_event_carries_the_cameo_code_gdelt_uses_and_every_side_is_named(store: Path) -> None:
    (row,) = rows(
        store, f"SELECT ?code WHERE {{ GRAPH <{EVENTS}> {{ <{kharkiv(store)}> kg:cameoCode ?code }} }}"
    )
    assert row["code"] == "190"  # a missile attack: CAMEO 190, "use conventional military force"
    unnamed = rows(
        store,
        f"SELECT ?s WHERE {{ GRAPH <{EVENTS}> {{ ?d kg:side ?s FILTER NOT EXISTS {{ ?s kg:sourceName ?n }} }} }}",
    )
    assert unnamed == []


def test_hit_against_intercepted_is_a_dispute_and_the_defender_is_no_agent(store: Path) -> None:
    (i,) = {
        r["i"]
        for r in rows(
            store,
            f"SELECT ?i WHERE {{ GRAPH <{EVENTS}> {{ ?i kg:reportedBy ?r FILTER(CONTAINS(STR(?r), '/f-nevatim/')) }} }}",
        )
    }
    agents = rows(store, f"SELECT ?a WHERE {{ GRAPH <{EVENTS}> {{ <{i}> kg:agent ?a }} }}")
    assert [a["a"].rsplit("/", 1)[-1] for a in agents] == ["iran"]
    sides = rows(
        store,
        f"SELECT ?name ?stance WHERE {{ GRAPH <{EVENTS}> {{ <{i}> kg:dispute ?d . ?d kg:point 'hit' ; kg:side ?s . "
        "?s kg:sourceName ?name ; kg:stance ?stance } }",
    )
    said = {(s["name"], s["stance"].rsplit("#", 1)[-1]) for s in sides}
    assert {("Iranian state media", "Affirmative"), ("Israel Defense Forces", "Negative")} <= said
