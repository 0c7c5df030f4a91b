"""read_quantity: number phrases to Quantity, and what is not a count."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from kg.config import get_settings
from kg.extract.quantities import read_quantity
from kg.records import Quantity


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(get_settings().spacy_model)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 100 planes", Quantity(100, "about 100", "about")),
        ("more than 320 Katyusha rockets", Quantity(320, "more than 320", "more than")),
        ("270 targets", Quantity(270, "270")),
        ("two others", Quantity(2, "two")),
        ("Two fighters", Quantity(2, "Two")),
        ("one soldier", Quantity(1, "one")),
        ("at least 12 people", Quantity(12, "at least 12", "at least")),
        ("1,200 people", Quantity(1200, "1,200")),
        ("two hundred and fifty troops", Quantity(250, "two hundred and fifty")),
        ("1.5 million people", Quantity(1_500_000, "1.5 million")),
        ("a dozen soldiers", Quantity(12, "a dozen")),
        ("dozens of strikes", Quantity(None, "dozens", "dozens")),
        ("hundreds of rockets", Quantity(None, "hundreds", "hundreds")),
        ("thousands of rockets", Quantity(None, "thousands", "thousands")),
        ("tens of thousands of people", Quantity(None, "tens of thousands", "tens of thousands")),
    ],
)
def test_read_quantity(nlp: Language, text: str, expected: Quantity) -> None:
    assert read_quantity(nlp(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["90% of them", "in 2024", "Sunday's attack", "$5 million", "the strikes", "the 10-month war"],
)
def test_not_a_count(nlp: Language, text: str) -> None:
    assert read_quantity(nlp(text)) is None


def test_reads_tokens_as_well_as_spans(nlp: Language) -> None:
    doc = nlp("Israel said about 100 planes took part.")
    assert read_quantity(list(doc[2:5])) == Quantity(100, "about 100", "about")
