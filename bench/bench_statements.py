"""Score NewsKG's statement extraction against PolNeAR speech-act attributions.

usage: python bench/bench_statements.py [GOLD_DIR] [--out PRED.jsonl] [--results bench/RESULTS.md]

Runs the pipeline up to statements on every ``<article>.txt`` in GOLD_DIR, writes one JSON
line per statement in the scorer's format (``speaker`` is the actor's label exactly as
``ActorIndex.records()`` names it, as the Turtle → ``adapt_kg.py`` route gives it), runs
``polnear_eval.py score`` and puts its table in the "## Statements (PolNeAR dev)" section of
RESULTS.md, leaving the other sections as they are.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

from kg.config import get_settings
from kg.extract.actors import extract_actors
from kg.extract.rules import Rules, load_rules
from kg.extract.statements import extract_statements
from kg.nlp import load_nlp

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = Path("/work/shared/data/polnear-dev")
SCORER = Path("/work/shared/tools/polnear/polnear_eval.py")
SECTION = "## Statements (PolNeAR dev)"


def predict(path: Path, nlp: object, rules: Rules) -> Iterator[dict[str, str]]:
    """The scorer's prediction lines for one article."""
    doc = nlp(path.read_text(encoding="utf-8"))  # type: ignore[operator]
    actors = extract_actors(doc, rules, path.stem)
    statements = extract_statements(doc, rules, actors, path.stem)
    names = {a.key: a.name for a in actors.records()}  # after statements: they may add actors
    for st in statements:
        yield {
            "article": path.stem,
            "speaker": names.get(st.speaker, ""),
            "text": st.content.text,
            "type": "direct" if st.direct else "indirect",
            "cue": st.cue,
        }


def write_predictions(gold_dir: Path, out: Path) -> int:
    rules = load_rules()
    warnings.filterwarnings("ignore", message=r"\[W036\]")  # an empty gazetteer is fine here
    nlp = load_nlp(get_settings().spacy_model, rules)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for path in sorted(gold_dir.glob("*.txt")):
            for line in predict(path, nlp, rules):
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
                n += 1
    return n


def score(gold_dir: Path, predictions: Path) -> str:
    cmd = [sys.executable, str(SCORER), "score", str(gold_dir), str(predictions), "--name", "newskg"]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def update_results(results: Path, table: str, command: str) -> None:
    """Replace (or append) this benchmark's section; other sections stay as they are."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    body = f"{SECTION}\n\n`{command}`\n\n{table.strip()}\n"
    start = text.find(SECTION)
    if start == -1:
        results.write_text(text.rstrip("\n") + "\n\n" + body, encoding="utf-8")
        return
    end = text.find("\n## ", start + len(SECTION))
    rest = text[end + 1 :] if end != -1 else ""
    results.write_text(text[:start] + body + ("\n" + rest if rest else ""), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", nargs="?", type=Path, default=GOLD_DIR)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "statements_dev.jsonl")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--no-results", action="store_true", help="print the table only")
    args = ap.parse_args(argv)
    n = write_predictions(args.gold_dir, args.out)
    table = score(args.gold_dir, args.out)
    print(f"{n} statements -> {args.out}\n\n{table}")
    if not args.no_results:
        update_results(args.results, table, "python bench/bench_statements.py " + str(args.gold_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
