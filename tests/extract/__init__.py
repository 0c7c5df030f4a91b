"""Tests of the extractors, one module per extractor; shared helpers below."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import overload

from spacy.language import Language

from kg.extract import Rules, extract
from kg.records import Article, Extraction

# Two sentences that make a text an article about armed conflict, where an ambiguous word of
# war ("the attack") is taken in its military sense (kg/extract/military_actions/senses.py).
WAR = "Troops and rebels hold the north. A ceasefire collapsed in May.\n"
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_9d3f9a3be7baeea0.txt"
PUBLISHED = date(2024, 8, 25)  # the seed's day, a Sunday: "on Thursday" is 22 August


@overload
def key_tails(keys: None) -> None: ...
@overload
def key_tails(keys: str) -> str: ...
@overload
def key_tails(keys: tuple[str, ...]) -> tuple[str, ...]: ...
def key_tails(keys: str | tuple[str, ...] | None) -> str | tuple[str, ...] | None:
    """Actor and place keys without their kind prefix ("geopoliticalentity/israel" -> "israel"):
    the actor index owns the key scheme, these tests check which actor was found."""
    if keys is None or isinstance(keys, str):
        return None if keys is None else keys.rsplit("/", 1)[-1]
    return tuple(k.rsplit("/", 1)[-1] for k in keys)


def extract_text(
    nlp: Language, rules: Rules, text: str, doc_id: str = "d", published: date | None = PUBLISHED
) -> Extraction:
    """Everything NewsKG reads from ``text``: an extractor is tested through the step that
    resolves its speakers and agents, as a user meets it."""
    return extract(nlp(text), rules, Article(doc_id, text, published=published))
