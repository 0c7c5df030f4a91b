"""The hand-annotated news articles (tests/data/news/) follow docs/ANNOTATION.md.

A benchmark is only as good as its gold: every annotation's words must be the article's, every
class and type one the format allows, and the held-out split fixed by the article's number.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from news_gold import SETS, check, load_set

ARTICLES = [article for name in SETS for article in load_set(name)]


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a.set}/{a.stem}")
def test_annotation_follows_the_format(article) -> None:
    assert check(article) == []


def test_the_conflict_set_holds_out_a_third() -> None:
    conflict = [a for a in ARTICLES if a.set == "conflict"]
    assert conflict, "tests/data/news/conflict/ is empty"
    heldout = sum(a.heldout for a in conflict)
    assert heldout == len(conflict) // 3
