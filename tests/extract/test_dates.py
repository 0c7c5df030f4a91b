"""resolve_time: time expressions against the publication date (2024-08-25 was a Sunday)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.dates import resolve_time

from . import PUBLISHED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sunday", date(2024, 8, 25)),
        ("on Thursday", date(2024, 8, 22)),
        ("early on Sunday", date(2024, 8, 25)),
        ("Thursday night", date(2024, 8, 22)),
        ("late on Saturday", date(2024, 8, 24)),
        ("Sunday's", date(2024, 8, 25)),
        ("last Sunday", date(2024, 8, 18)),
        ("next Friday", date(2024, 8, 30)),
        ("yesterday", date(2024, 8, 24)),
        ("overnight", date(2024, 8, 24)),  # the night before Sunday's paper began on Saturday
        ("overnight into Sunday", date(2024, 8, 25)),  # the day it names
        ("Thursday overnight", date(2024, 8, 22)),
        ("today", date(2024, 8, 25)),
        ("Aug. 25", date(2024, 8, 25)),
        ("August 20", date(2024, 8, 20)),
        ("25 August 2024", date(2024, 8, 25)),
        ("Aug 25, 2023", date(2023, 8, 25)),
        ("2024-08-25", date(2024, 8, 25)),
        ("last month", None),
        ("recent weeks", None),
        ("10-month", None),
        ("the coming days", None),
        ("August 2024", None),
        ("2024", None),
    ],
)
def test_resolve_time(text: str, expected: date | None) -> None:
    ref = resolve_time(text, PUBLISHED)
    assert (ref.text, ref.resolved) == (text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Sunday", None), ("yesterday", None), ("Aug. 25", None), ("25 August 2024", date(2024, 8, 25))],
)
def test_without_publication_date_only_full_dates_resolve(text: str, expected: date | None) -> None:
    assert resolve_time(text, None).resolved == expected


def test_december_in_january_is_last_year() -> None:
    assert resolve_time("Dec. 28", date(2025, 1, 3)).resolved == date(2024, 12, 28)


def test_a_day_months_ahead_is_last_year() -> None:
    """A June article's "October 7" is last October's; its "July 13" is next month's."""
    published = date(2024, 6, 8)
    assert resolve_time("October 7", published).resolved == date(2023, 10, 7)
    assert resolve_time("July 13", published).resolved == date(2024, 7, 13)


def test_text_is_kept_with_normalised_spaces() -> None:
    assert resolve_time("  early  on\nSunday ", None).text == "early on Sunday"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Friday", date(2024, 8, 30)),  # published Sunday 25 August: the coming Friday
        ("on Sunday", date(2024, 8, 25)),  # the day itself: "will meet on Sunday" in Sunday's paper
        ("next Friday", date(2024, 8, 30)),
        ("last Friday", date(2024, 8, 23)),  # said of the past whatever the verb
        ("next week", None),  # a week is not a day
        ("tomorrow", date(2024, 8, 26)),
        ("overnight", date(2024, 8, 25)),  # "talks will go on overnight": tonight
    ],
)
def test_a_weekday_of_something_to_come_counts_forward(text: str, expected: date | None) -> None:
    assert resolve_time(text, PUBLISHED, future=True).resolved == expected


def test_a_weekday_of_the_past_counts_back() -> None:
    assert resolve_time("on Friday", PUBLISHED).resolved == date(2024, 8, 23)
