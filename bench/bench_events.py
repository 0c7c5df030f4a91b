"""Score event linking across articles against the hand-annotated events of tests/data/news/events/.

usage: python bench/bench_events.py [--final] [--explain] [--results bench/RESULTS.md]

The 46 articles report 11 real events (EVENTS.toml), each by three to five outlets, with
similar-but-distinct events kept on purpose (two Israeli operations in Nuseirat two days
apart; two rounds of Russia-Ukraine talks in Istanbul). Every article is built as ``kg build``
builds it, with its publication date and publisher, into one in-memory store, then linked.

- **pairs**: a report (a military action, a negated or denied one, or talks) is mapped to an
  annotated event when its trigger lies in an annotated action or talks of that event
  (anchor or mentions). Over every pair of mapped reports from two different articles, the
  pair is linked when both are in one instance, and should be when both map to one event:
  precision and recall of those pairs. Pairs between two tuning articles are the tuning
  part; pairs with a held-out article (numbered by a multiple of 3) are reported apart.
  Links from a mapped report to an unmapped one are counted too (they may be right: the
  annotation maps the main event's mentions only).
- **disputes**: an annotated dispute (event, point) is found when an instance whose reports
  map to that event carries a dispute on that point; ``occurred`` (one report says it did
  not happen) is counted right when the event has an annotated dispute on the agent, the
  target or what was hit. A found dispute is right when its event has it.
- **article pairs**: two articles of one annotated event are joined when one instance holds
  reports of that event from both: what a user browsing the event sees.
- **incremental**: the same articles linked one at a time (in reverse order) must give the
  same instances as all at once.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
import warnings
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from news_gold import NEWS_DIR, GoldArticle, load_set  # bench/ is the script's own directory
from results_file import replace_section

from kg.config import get_settings
from kg.events import events_graph, load_linking_rules, relink
from kg.pipeline import Built, Pipeline
from kg.records import Article
from kg.store import LocalStore
from kg.vocab import mint_iri

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Events across articles"
BASE = "https://w3id.org/newskg/"
POINTS_AS = {"occurred": {"agent", "target", "hit"}}


def _inside(start: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start < b for a, b in spans)


def _spans(gold: GoldArticle, item: dict[str, object]) -> list[tuple[int, int]]:
    found = [gold.span(str(item["anchor"])), *(gold.span(str(m)) for m in item.get("mentions", []))]  # type: ignore[attr-defined]
    return [s for s in found if s is not None]


def map_reports(gold: GoldArticle, built: Built) -> dict[str, str]:
    """Report IRI -> annotated event id, for the reports inside an annotated event's words."""
    mapped = {}
    x = built.extraction
    for action in x.military_actions:
        for item in gold.actions:
            if item.get("event") and _inside(action.trigger.start_char, _spans(gold, item)):
                mapped[str(mint_iri("event", action.key, BASE))] = str(item["event"])
                break
    for talks in x.negotiations:
        for item in gold.negotiations:
            starts = [m.start_char for m in (talks.trigger, *talks.mentions)]
            if item.get("event") and any(_inside(s, _spans(gold, item)) for s in starts):
                mapped[str(mint_iri("event", talks.key, BASE))] = str(item["event"])
                break
    return mapped


def instances_of(store: LocalStore) -> dict[str, str]:
    """Report IRI -> instance IRI."""
    rows = store.query(f"SELECT ?r ?i WHERE {{ GRAPH <{events_graph(BASE)}> {{ ?r kg:reportOf ?i }} }}")
    return {row["r"].value: row["i"].value for row in rows}  # type: ignore[union-attr]


def disputes_of(store: LocalStore) -> dict[str, set[str]]:
    """Instance IRI -> the points disputed."""
    q = f"SELECT ?i ?p WHERE {{ GRAPH <{events_graph(BASE)}> {{ ?i kg:dispute ?d . ?d kg:point ?p }} }}"
    found: dict[str, set[str]] = defaultdict(set)
    for row in store.query(q):  # type: ignore[union-attr]
        found[row["i"].value].add(row["p"].value)
    return found


def snapshot(store: LocalStore) -> set[str]:
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{events_graph(BASE)}> {{ ?s ?p ?o }} }}"
    return {str(t) for t in store.query(q)}  # type: ignore[union-attr]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--final", action="store_true", help="write the results to RESULTS")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--explain", action="store_true", help="the wrong and missed links of tuning pairs")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore", message=r"\[W036\]")
    settings = get_settings()
    pipeline, rules = Pipeline(settings), load_linking_rules(settings.rules_dir, settings.gazetteer)
    golds = load_set("events")
    store = LocalStore()
    mapped: dict[str, str] = {}
    article_of: dict[str, GoldArticle] = {}
    labels: dict[str, str] = {}
    built_all = []
    for gold in golds:
        article = Article(gold.stem, gold.text, title=gold.meta.get("title"), published=gold.published,
                          publisher=gold.meta.get("publisher"))  # fmt: skip
        built = pipeline.build_article(article)
        if not isinstance(built, Built):
            print(f"bench: {gold.stem}: refused", file=sys.stderr)
            continue
        built_all.append(built)
        for iri, event in map_reports(gold, built).items():
            mapped[iri] = event
        x = built.extraction
        for rec in (*x.military_actions, *x.negotiations):
            iri = str(mint_iri("event", rec.key, BASE))
            article_of[iri] = gold
            labels[iri] = (
                f"{gold.stem[:2]} {rec.trigger.text!r} ({getattr(rec, 'action_type', 'talks')}, {getattr(rec, 'modality', None)})"
            )
    store.put_documents([b.graph for b in built_all])
    started = time.perf_counter()
    relink(store, [b.iri for b in built_all], rules, BASE)
    batch_s = time.perf_counter() - started
    at_once = snapshot(store)
    instance = instances_of(store)
    disputes = disputes_of(store)

    incremental = LocalStore()
    started = time.perf_counter()
    for built in reversed(built_all):
        incremental.put_documents([built.graph])
        relink(incremental, [built.iri], rules, BASE)
    one_by_one_s = time.perf_counter() - started
    same = snapshot(incremental) == at_once

    out = []
    tallies: dict[str, Counter[str]] = {"tune": Counter(), "heldout": Counter()}
    explain: list[str] = []
    for a, b in combinations(sorted(mapped), 2):
        ga, gb = article_of[a], article_of[b]
        if ga.stem == gb.stem:
            continue
        part = "heldout" if ga.heldout or gb.heldout else "tune"
        should = mapped[a] == mapped[b]
        linked = a in instance and instance.get(a) == instance.get(b)
        tallies[part].update(gold=should, pred=linked, right=should and linked)
        if args.explain and part == "tune" and should != linked:
            explain.append(
                f"{'MISSED' if should else 'WRONG '} {labels[a]} <-> {labels[b]} [{mapped[a]}/{mapped[b]}]"
            )
    for r, i in instance.items():
        if r in mapped:
            others = [
                o
                for o, j in instance.items()
                if j == i and o not in mapped and article_of[o].stem != article_of[r].stem
            ]
            part = "heldout" if article_of[r].heldout else "tune"
            tallies[part].update(to_unmapped=len(others))
    # articles: is each pair of one event's articles joined by some instance?
    articles_in: dict[str, set[tuple[str, str]]] = defaultdict(set)  # instance -> (event, article)
    for r, i in instance.items():
        if r in mapped:
            articles_in[i].add((mapped[r], article_of[r].stem))
    by_event: dict[str, set[str]] = defaultdict(set)
    for r, event in mapped.items():
        by_event[event].add(article_of[r].stem)
    heldout_stems = {g.stem for g in golds if g.heldout}
    for event, stems in by_event.items():
        for a, b in combinations(sorted(stems), 2):
            part = "heldout" if a in heldout_stems or b in heldout_stems else "tune"
            joined = any({(event, a), (event, b)} <= members for members in articles_in.values())
            tallies[part].update(article_pairs=1, articles_joined=joined)
    # disputes
    gold_disputes = {
        (d["event"], d["point"])
        for d in tomllib.loads((NEWS_DIR / "events" / "EVENTS.toml").read_text())["dispute"]
    }
    event_of_instance: dict[str, str] = {}
    for i in set(instance.values()):
        events = Counter(mapped[r] for r, j in instance.items() if j == i and r in mapped)
        if events:
            event_of_instance[i] = events.most_common(1)[0][0]
    found_points = {
        (event_of_instance[i], p) for i, ps in disputes.items() if i in event_of_instance for p in ps
    }

    def known(event: str, point: str) -> bool:
        return (event, point) in gold_disputes or any(
            (event, q) in gold_disputes for q in POINTS_AS.get(point, ())
        )

    d_right = sum(known(e, p) for e, p in found_points)
    d_found = sum(
        (e, p) in found_points or (p in POINTS_AS["occurred"] and (e, "occurred") in found_points)
        for e, p in gold_disputes
    )
    unmapped_disputes = sum(len(ps) for i, ps in disputes.items() if i not in event_of_instance)

    def ratio(n: int, d: int) -> str:
        return f"{n / d:.3f}" if d else "—"

    out += ["| part | gold pairs | linked pairs | right | precision | recall | links to unmapped reports | article pairs joined |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for part, t in tallies.items():
        out.append(f"| {part} | {t['gold']} | {t['pred']} | {t['right']} | {ratio(t['right'], t['pred'])} | "
                   f"{ratio(t['right'], t['gold'])} | {t['to_unmapped']} | "
                   f"{t['articles_joined']}/{t['article_pairs']} ({ratio(t['articles_joined'], t['article_pairs'])}) |")  # fmt: skip
    out += [
        "",
        f"Instances: {len(set(instance.values()))} over {len(instance)} reports; mapped reports: {len(mapped)}.",
        f"Disputes: {len(gold_disputes)} annotated (event, point); found {d_found}; "
        f"{len(found_points)} found on mapped instances, {d_right} of them annotated "
        f"(precision {ratio(d_right, len(found_points))}); {unmapped_disputes} on instances of no annotated event.",
        f"Found disputes: {', '.join(sorted(f'{e} {p}' for e, p in found_points))}.",
        f"Linking all {len(built_all)} articles at once: {batch_s:.2f} s; one at a time: {one_by_one_s:.2f} s; "
        f"same instances either way: {'yes' if same else 'NO'}.",
    ]
    text = "\n".join(out)
    if args.explain:
        by_event: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for r, event in mapped.items():
            if not article_of[r].heldout:
                by_event[event][article_of[r].stem[:2]].append(instance.get(r, "-")[-5:])
        for event, arts in sorted(by_event.items()):
            print(event, "  ".join(f"{a}:{','.join(sorted(v))}" for a, v in sorted(arts.items())))
    print(text)
    if args.final:
        replace_section(
            args.results, SECTION, "`make bench-events`\n\n" + __doc__.split("\n\n", 2)[2] + "\n" + text
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
