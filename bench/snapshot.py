"""Write the Turtle of the seed and the PolNeAR dev articles, to prove a refactoring changes nothing.

usage: python bench/snapshot.py OUT_DIR [--jsonl FILE ...]

Every article is built as ``kg build`` builds it (one process, the whole pipeline, SHACL
included) with the clock fixed (``SOURCE_DATE_EPOCH=0``) and written to ``OUT_DIR/<id>.ttl``.
Two snapshots taken before and after a change are compared with ``diff -r``: a refactoring that
is behaviour-preserving leaves them byte for byte the same.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = [ROOT / "seeds", ROOT / "bench" / "data" / "polnear-dev.jsonl"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("inputs", nargs="*", type=Path, default=DEFAULT_INPUTS)
    args = ap.parse_args(argv)
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    warnings.filterwarnings("ignore", message=r"\[W036\]")

    from kg.config import get_settings
    from kg.output import write_documents
    from kg.pipeline import Pipeline, Refused
    from kg.reader import read_inputs

    pipeline = Pipeline(get_settings())
    args.out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    limit = pipeline.settings.max_document_chars
    for article in read_inputs([str(p) for p in args.inputs], max_chars=limit):
        if isinstance(article, Exception):
            print(f"snapshot: {article}", file=sys.stderr)
            return 2
        built = pipeline.build_article(article)
        if isinstance(built, Refused):
            print(f"snapshot: {article.doc_id}: refused: {built.reason}", file=sys.stderr)
            return 1
        write_documents(args.out_dir / f"{article.doc_id}.ttl", [built.graph])
        written += 1
    print(f"{written} documents written to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
