"""Score NewsKG's extraction against the hand-annotated articles of tests/data/news/.

usage: python bench/bench_extraction.py [--split tune|heldout|all] [--articles] [--final] [--no-results]

Every article is built as ``kg build`` builds it (the whole pipeline, SHACL included) and its
records are compared with its annotation (docs/ANNOTATION.md):

- **statements**: a predicted statement matches an annotated one when their contents overlap by
  at least half of the shorter; it is right when its speaker is the annotated speaker (a shared
  name, or for an unnamed source a shared word of its description). Recall counts annotated
  statements found with the right speaker; precision, predicted ones that are right; the quote
  type is scored on the matches.
- **actors**: an annotated actor is found when a predicted actor or place has one of its names;
  its class is right when it is the same (a state or city may be a place, and a place a state);
  a named predicted actor with none of the annotated names is junk.
- **military actions**: an action reported as having taken place matches an annotated one whose
  anchor (or a later mention) holds its trigger. Recall over the annotated actions that took
  place; precision over the predicted ones (matching an annotated action the text does not
  report as done, or a decoy, is wrong). Agents are right when they are the annotated ones
  exactly; each stated number (killed, wounded, quantity, targets) is right when the matched
  action carries it.
- **negotiations**: matched by trigger or mention inside the anchor or a mention; participants,
  mediators, the parties kept apart and the location are right when they are the annotated ones
  (every annotated party is found and every found one annotated; two found actors may stand for
  one annotated party, as a leader and his state, or an army and its state, do).

The held-out third (articles numbered by a multiple of 3) is scored apart and, unless
``--final``, shown only in total: it is never looked at article by article while tuning. The
hand-labelled PolNeAR sample of military actions (bench/data/) is scored too.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from news_gold import SETS, GoldArticle, load_set, norm, same_actor  # bench/ is the script's own directory
from results_file import replace_section

from kg.config import get_settings
from kg.pipeline import Pipeline, Refused
from kg.reader import read_inputs
from kg.records import Article, Extraction, MilitaryActionRecord, NegotiationRecord, StatementRecord

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Extraction on hand-annotated news"
POLNEAR = ROOT / "bench" / "data" / "polnear-dev.jsonl"
POLNEAR_LABELS = ROOT / "bench" / "data" / "polnear_actions_labels.toml"
NUMBERS = ("killed", "wounded", "quantity", "target_count")
LOCATION_KINDS = {"GeopoliticalEntity", "Place"}


@dataclass
class Tally:
    """Counts of one measure: numerators and denominators by name."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, **values: int) -> None:
        self.counts.update(values)

    def ratio(self, num: str, den: str) -> float | None:
        return self.counts[num] / self.counts[den] if self.counts[den] else None


# ------------------------------------------------------------------ predictions


def _names(x: Extraction) -> dict[str, set[str]]:
    """Actor and place key -> every name it goes by in the extraction."""
    names = {a.key: {a.name, *a.aliases} for a in x.actors}
    names.update({p.key: {p.name, *p.aliases} for p in x.places})
    return names


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


# ------------------------------------------------------------------ statements


def score_statements(gold: GoldArticle, x: Extraction, tally: Tally) -> None:
    names = _names(x)
    spans = [gold.span(st["content"]) for st in gold.statements]

    def right(pred: StatementRecord, st: dict[str, object], span: tuple[int, int] | None) -> bool:
        content = (pred.content.start_char, pred.content.end_char)
        return (
            span is not None
            and _overlaps(content, span)
            and same_actor(names.get(pred.speaker, set()), gold, str(st["speaker"]))
        )

    for st, span in zip(gold.statements, spans, strict=True):
        matches = [
            p for p in x.statements if span and _overlaps((p.content.start_char, p.content.end_char), span)
        ]
        found = any(right(p, st, span) for p in matches)
        tally.add(gold=1, found_content=bool(matches), found=found)
        if matches:
            tally.add(typed=1, type_right=matches[0].direct == (st["type"] == "direct"))
    for pred in x.statements:
        content = (pred.content.start_char, pred.content.end_char)
        tally.add(
            pred=1,
            pred_content=any(s and _overlaps(content, s) for s in spans),
            pred_right=any(right(pred, st, s) for st, s in zip(gold.statements, spans, strict=True)),
        )


# ------------------------------------------------------------------ actors


def score_actors(gold: GoldArticle, x: Extraction, tally: Tally) -> list[str]:
    """Actors found, their classes, and the junk; returns the junk names (for the article view)."""
    predicted = [
        ({a.name, *a.aliases, *(m.text for m in a.mentions)}, a.kind, a.is_place) for a in x.actors if a.named
    ]
    predicted += [({p.name, *p.aliases, *(m.text for m in p.mentions)}, "Place", True) for p in x.places]
    for actor in gold.actors:
        wanted = {norm(n) for n in (actor["label"], *actor.get("names", []))}
        holders = [(kind, place) for names, kind, place in predicted if {norm(n) for n in names} & wanted]
        tally.add(gold=1, found=bool(holders))
        if holders:
            kind, place = holders[0]
            right = kind == actor["class"] or (
                actor["class"] in LOCATION_KINDS and (place or kind in LOCATION_KINDS)
            )
            tally.add(class_right=right)
    known = {norm(n) for a in gold.actors for n in (a["label"], *a.get("names", []))}
    junk = [sorted(names)[0] for names, _, _ in predicted if not {norm(n) for n in names} & known]
    tally.add(pred=len(predicted), junk=len(junk))
    return junk


# ------------------------------------------------------------------ military actions


def _action_spans(gold: GoldArticle, action: dict[str, object]) -> list[tuple[int, int]]:
    spans = [gold.span(str(action["anchor"]))]
    spans += [gold.span(str(m)) for m in action.get("mentions", [])]  # type: ignore[attr-defined]
    return [s for s in spans if s is not None]


def _inside(pred: MilitaryActionRecord | NegotiationRecord, spans: list[tuple[int, int]]) -> bool:
    return any(start <= pred.trigger.start_char < end for start, end in spans)


def _agents_right(
    gold: GoldArticle, wanted: list[str], found: tuple[str, ...], names: dict[str, set[str]]
) -> bool:
    """The same parties: each annotated one is among the found, each found one is annotated (a
    leader and his state may both stand for "Azerbaijan|Ilham Aliyev")."""
    matches = [[same_actor(names.get(k, {k}), gold, ref) for ref in wanted] for k in found]
    every_wanted = all(any(row[j] for row in matches) for j in range(len(wanted)))
    return every_wanted and all(any(row) for row in matches)


def score_actions(gold: GoldArticle, x: Extraction, tally: Tally) -> None:
    names = _names(x)
    happened = [a for a in x.military_actions if a.modality is None]
    asserted = [a for a in gold.actions if a.get("modality", "asserted") == "asserted"]
    for action in asserted:
        spans = _action_spans(gold, action)
        inside_anchor = [p for p in happened if _inside(p, spans[:1])]
        matches = inside_anchor or [p for p in happened if _inside(p, spans)]
        tally.add(gold=1, found=bool(matches))
        stated = [n for n in NUMBERS if n in action]
        tally.add(numbers=len(stated))
        if not matches:
            continue
        best = matches[0]
        tally.add(agent_right=_agents_right(gold, list(action.get("agents", [])), best.agents, names))
        tally.add(type_right=best.action_type == action["type"])
        for number in stated:
            quantity = getattr(best, number)
            tally.add(numbers_right=quantity is not None and quantity.value == action[number])
    others = [a for a in gold.actions if a.get("modality", "asserted") != "asserted"]
    decoys = [[s] for d in gold.decoys if (s := gold.span(str(d["anchor"]))) is not None]
    for pred in happened:
        right = any(_inside(pred, _action_spans(gold, a)) for a in asserted)
        tally.add(pred=1, pred_right=right)
        tally.add(on_unrealized=any(_inside(pred, _action_spans(gold, a)) for a in others))
        tally.add(on_decoy=any(_inside(pred, spans) for spans in decoys))
    for action in others:
        spans = _action_spans(gold, action)
        tally.add(unrealized=1, unrealized_reported=any(_inside(p, spans) for p in happened))


# ------------------------------------------------------------------ negotiations


def _same_set(
    gold: GoldArticle, wanted: list[str], found: tuple[str, ...], names: dict[str, set[str]]
) -> bool:
    return _agents_right(gold, wanted, found, names)


def score_negotiations(gold: GoldArticle, x: Extraction, tally: Tally) -> None:
    names = _names(x)

    def spans_of(talks: dict[str, object]) -> list[tuple[int, int]]:
        found = [gold.span(str(talks["anchor"])), *(gold.span(str(m)) for m in talks.get("mentions", []))]  # type: ignore[attr-defined]
        return [s for s in found if s is not None]

    def matches(pred: NegotiationRecord, spans: list[tuple[int, int]]) -> bool:
        return any(
            start <= m.start_char < end for m in (pred.trigger, *pred.mentions) for start, end in spans
        )

    for talks in gold.negotiations:
        spans = spans_of(talks)
        found = [p for p in x.negotiations if matches(p, spans)]
        tally.add(gold=1, found=bool(found))
        if not found:
            continue
        best = found[0]
        location = talks.get("location")
        tally.add(
            participants_right=_same_set(gold, list(talks.get("participants", [])), best.participants, names),
            mediators_right=_same_set(gold, list(talks.get("mediators", [])), best.mediators, names),
            apart_right=_same_set(gold, list(talks.get("apart", [])), best.briefed, names),
            location_right=(best.location is None and not location)
            or (
                best.location is not None
                and bool(location)
                and same_actor(names.get(best.location, set()), gold, str(location))
            ),
        )
    for pred in x.negotiations:
        tally.add(pred=1, pred_right=any(matches(pred, spans_of(t)) for t in gold.negotiations))


# ------------------------------------------------------------------ running


MEASURES = ("statements", "actors", "actions", "negotiations")


@dataclass
class Scores:
    """The tallies of a group of articles, one per measure."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {m: Tally() for m in MEASURES})

    def merge(self, other: Scores) -> None:
        for measure, tally in other.tallies.items():
            self.tallies[measure].counts.update(tally.counts)


def score_article(gold: GoldArticle, x: Extraction) -> tuple[Scores, list[str]]:
    scores = Scores()
    score_statements(gold, x, scores.tallies["statements"])
    junk = score_actors(gold, x, scores.tallies["actors"])
    score_actions(gold, x, scores.tallies["actions"])
    score_negotiations(gold, x, scores.tallies["negotiations"])
    return scores, junk


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _f1(p: float | None, r: float | None) -> float | None:
    return None if not p or not r else 2 * p * r / (p + r)


def summary_rows(scores: Scores) -> list[str]:
    """The measures of the issue's targets, as Markdown table rows."""
    s, a, m, n = (scores.tallies[k] for k in MEASURES)
    sp, sr = s.ratio("pred_right", "pred"), s.ratio("found", "gold")
    mp, mr = m.ratio("pred_right", "pred"), m.ratio("found", "gold")
    c = s.counts
    return [
        f"| statements, content + speaker | {c['gold']} | {c['pred']} | {_f(sp)} | {_f(sr)} | {_f(_f1(sp, sr))} | "
        f"content only P {_f(s.ratio('pred_content', 'pred'))} R {_f(s.ratio('found_content', 'gold'))}; "
        f"quote type right {_f(s.ratio('type_right', 'typed'))} |",
        f"| actors | {a.counts['gold']} | {a.counts['pred']} | – | {_f(a.ratio('found', 'gold'))} | – | "
        f"class right {_f(a.ratio('class_right', 'found'))}; junk {a.counts['junk']} "
        f"({_f(a.ratio('junk', 'pred'))} of named predictions) |",
        f"| military actions (took place) | {m.counts['gold']} | {m.counts['pred']} | {_f(mp)} | {_f(mr)} | "
        f"{_f(_f1(mp, mr))} | agent right {_f(m.ratio('agent_right', 'found'))}; numbers kept "
        f"{_f(m.ratio('numbers_right', 'numbers'))} ({m.counts['numbers']}); type right "
        f"{_f(m.ratio('type_right', 'found'))}; reported as done though not {m.counts['unrealized_reported']} "
        f"of {m.counts['unrealized']}; on decoys {m.counts['on_decoy']} |",
        f"| negotiations | {n.counts['gold']} | {n.counts['pred']} | {_f(n.ratio('pred_right', 'pred'))} | "
        f"{_f(n.ratio('found', 'gold'))} | – | participants {_f(n.ratio('participants_right', 'found'))}; "
        f"mediators {_f(n.ratio('mediators_right', 'found'))}; kept apart {_f(n.ratio('apart_right', 'found'))}; "
        f"location {_f(n.ratio('location_right', 'found'))} |",
    ]


def article_row(gold: GoldArticle, scores: Scores, junk: list[str]) -> str:
    s, a, m, n = (scores.tallies[k] for k in MEASURES)
    return (
        f"| {gold.set}/{gold.stem} | {_f(s.ratio('found', 'gold'))} | {_f(s.ratio('pred_right', 'pred'))} | "
        f"{_f(a.ratio('found', 'gold'))} | {_f(a.ratio('class_right', 'found'))} | {len(junk)} | "
        f"{_f(m.ratio('found', 'gold'))} | {_f(m.ratio('pred_right', 'pred'))} | {_f(m.ratio('agent_right', 'found'))} | "
        f"{_f(n.ratio('found', 'gold'))} |"
    )


TABLE_HEAD = "| measure | gold | predicted | P | R | F1 | more |\n|---|---:|---:|---:|---:|---:|---|"
ARTICLE_HEAD = (
    "| article | statements R | statements P | actors R | class right | junk | actions R | actions P | "
    "agent right | talks R |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def polnear_sample(pipeline: Pipeline) -> str:
    """Precision of the military actions still reported on the hand-labelled PolNeAR sample."""
    labels = tomllib.loads(POLNEAR_LABELS.read_text(encoding="utf-8"))["action"]
    found: set[tuple[str, int]] = set()
    for article in read_inputs([str(POLNEAR)], max_chars=pipeline.settings.max_document_chars):
        if isinstance(article, Exception):
            raise SystemExit(f"bench: {article}")
        built = pipeline.build_article(article)
        if isinstance(built, Refused):
            raise SystemExit(f"bench: {article.doc_id}: refused: {built.reason}")
        x = built.extraction
        found |= {(article.doc_id, a.trigger.start_char) for a in x.military_actions if a.modality is None}
    kept = [label for label in labels if (label["doc"], label["start"]) in found]
    real = sum(label["real"] for label in labels)
    right = sum(label["real"] for label in kept)
    precision = right / len(kept) if kept else 0.0
    return (
        f"PolNeAR dev, hand-labelled sample of 100 actions found before issue 14 ({real} real): "
        f"{len(kept)} still reported as having taken place, {right} of them real: **precision "
        f"{precision:.3f}**, {right} of the {real} real ones kept."
    )


def explain(gold: GoldArticle, x: Extraction) -> list[str]:
    """Each miss and each wrong prediction of one tuning article, with what NewsKG said instead."""
    names = _names(x)
    label = {a.key: a.name for a in x.actors} | {p.key: p.name for p in x.places}
    lines = [f"== {gold.set}/{gold.stem}"]
    for st in gold.statements:
        span = gold.span(st["content"])
        preds = [
            p for p in x.statements if span and _overlaps((p.content.start_char, p.content.end_char), span)
        ]
        if not preds:
            lines.append(f"  statement MISSED [{st['speaker']} {st['cue']}] {st['content'][:90]!r}")
        elif not any(same_actor(names.get(p.speaker, set()), gold, st["speaker"]) for p in preds):
            lines.append(
                f"  statement SPEAKER {label.get(preds[0].speaker)!r} for {st['speaker']!r}: {st['content'][:70]!r}"
            )
    spans = [gold.span(st["content"]) for st in gold.statements]
    for pred in x.statements:
        content = (pred.content.start_char, pred.content.end_char)
        if not any(s and _overlaps(content, s) for s in spans):
            lines.append(
                f"  statement EXTRA [{label.get(pred.speaker)} {pred.cue}] {pred.content.text[:90]!r}"
            )
    happened = [a for a in x.military_actions if a.modality is None]
    for action in gold.actions:
        spans_a = _action_spans(gold, action)
        preds = [p for p in x.military_actions if _inside(p, spans_a)]
        modality = action.get("modality", "asserted")
        if modality != "asserted":
            if any(p.modality is None for p in preds):
                lines.append(f"  action REPORTED though {modality}: {action['anchor'][:80]!r}")
            continue
        if not any(p.modality is None for p in preds):
            got = f" (kept as {preds[0].modality})" if preds else ""
            lines.append(
                f"  action MISSED{got} {action['type']} {action['trigger']!r} in {action['anchor'][:80]!r}"
            )
            continue
        happened_here = [p for p in preds if p.modality is None]
        best = next((p for p in happened_here if _inside(p, spans_a[:1])), happened_here[0])
        if not _agents_right(gold, list(action.get("agents", [])), best.agents, names):
            lines.append(
                f"  action AGENT {[label.get(k) for k in best.agents]} for {action.get('agents')} in {action['anchor'][:60]!r}"
            )
        for number in NUMBERS:
            if number in action and (
                getattr(best, number) is None or getattr(best, number).value != action[number]
            ):
                lines.append(
                    f"  action NUMBER {number}={action[number]} got {getattr(best, number)} in {action['anchor'][:60]!r}"
                )
    for pred in happened:
        if not any(_inside(pred, _action_spans(gold, a)) for a in gold.actions):
            lines.append(
                f"  action EXTRA {pred.action_type} {pred.trigger.text!r}: {pred.evidence.sentence.text[:90]!r}"
            )
    for actor in gold.actors:
        wanted = {norm(n) for n in (actor["label"], *actor.get("names", []))}
        found = [a for a in [*x.actors, *x.places] if {norm(n) for n in (a.name, *a.aliases)} & wanted]
        if not found:
            lines.append(f"  actor MISSED {actor['label']} ({actor['class']}) {actor.get('names')}")
        else:
            kind = getattr(found[0], "kind", "Place")
            if kind != actor["class"] and not (actor["class"] in LOCATION_KINDS and kind in LOCATION_KINDS):
                lines.append(f"  actor CLASS {actor['label']}: {kind} for {actor['class']}")
    for talks in gold.negotiations:
        lines.append(
            f"  talks gold: {talks.get('participants')} / {talks.get('mediators')} / {talks.get('location')} in {talks['anchor'][:50]!r}"
        )
    for n in x.negotiations:
        lines.append(
            f"  talks pred: {[label.get(k) for k in n.participants]} / {[label.get(k) for k in n.mediators]} / {n.location and label.get(n.location)} {n.trigger.text!r}"
        )
    return lines


def build(pipeline: Pipeline, gold: GoldArticle) -> Extraction:
    article = Article(gold.stem, gold.text, title=gold.meta.get("title"), published=gold.published,
                      publisher=gold.meta.get("publisher"))  # fmt: skip
    built = pipeline.build_article(article)
    if isinstance(built, Refused):  # scored as if nothing was read: a refused article gives no graph
        print(f"bench: {gold.stem}: refused: {built.reason}", file=sys.stderr)
        return Extraction(article)
    return built.extraction


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("tune", "heldout", "all"), default="all")
    ap.add_argument("--articles", action="store_true", help="a row per tuning article")
    ap.add_argument("--final", action="store_true", help="rows for held-out articles too, and write RESULTS")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--dump", type=Path, help="write each tuning article's predictions as JSON here")
    ap.add_argument("--explain", action="store_true", help="the misses and errors of each tuning article")
    ap.add_argument("--only", help="only the articles whose name holds this")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore", message=r"\[W036\]")
    pipeline = Pipeline(get_settings())
    out: list[str] = []
    for set_name in SETS:
        golds = load_set(set_name)
        if not golds:
            continue
        groups = {"tune": Scores(), "heldout": Scores()}
        rows = []
        for gold in golds:
            part = "heldout" if gold.heldout else "tune"
            if args.split not in (part, "all") or (args.only and args.only not in gold.stem):
                continue
            x = build(pipeline, gold)
            if args.explain and part == "tune":
                print("\n".join(explain(gold, x)))
            scores, junk = score_article(gold, x)
            groups[part].merge(scores)
            if part == "tune" or args.final:
                rows.append(article_row(gold, scores, junk))
            if args.dump and part == "tune":
                args.dump.mkdir(parents=True, exist_ok=True)
                (args.dump / f"{gold.stem}.json").write_text(_dump(x, junk), encoding="utf-8")
        for part, scores in groups.items():
            if scores.tallies["statements"].counts or scores.tallies["actors"].counts:
                count = sum(1 for g in golds if (g.heldout == (part == "heldout")))
                out += [
                    f"### {set_name}, {part} ({count} articles)",
                    "",
                    TABLE_HEAD,
                    *summary_rows(scores),
                    "",
                ]
        if args.articles or args.final:
            out += [f"#### {set_name}, per article", "", ARTICLE_HEAD, *rows, ""]
    out.append(polnear_sample(pipeline))
    text = "\n".join(out)
    print(text)
    if args.final:
        replace_section(
            args.results, SECTION, "`make bench-extraction`\n\n" + __doc__.split("\n\n", 2)[2] + "\n" + text
        )
    return 0


def _dump(x: Extraction, junk: list[str]) -> str:
    """What NewsKG read from one tuning article, to compare with its annotation by eye."""
    label = {a.key: a.name for a in x.actors} | {p.key: p.name for p in x.places}

    def named(keys: tuple[str, ...]) -> list[str]:
        return [label.get(k, k) for k in keys]

    found = {
        "junk": junk,
        "actors": [(a.name, a.kind, a.named) for a in x.actors] + [(p.name, "Place", True) for p in x.places],
        "statements": [(label.get(s.speaker), s.cue, s.direct, s.content.text) for s in x.statements],
        "actions": [
            (a.trigger.text, a.action_type, a.modality, named(a.agents), named(a.targets) or a.target_text,
             {n: getattr(a, n).value for n in NUMBERS if getattr(a, n) is not None})
            for a in x.military_actions
        ],
        "negotiations": [
            (n.label, named(n.participants), named(n.mediators), n.location and label.get(n.location))
            for n in x.negotiations
        ],
    }  # fmt: skip
    return json.dumps(found, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    sys.exit(main())
