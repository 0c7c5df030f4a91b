"""An article's text as HTML with marks: every character once, escaped, marks nested and linked."""

from __future__ import annotations

import re
from html import unescape

from kg.web.marks import Span, mark_up

TEXT = 'Hezbollah said "Israel <hit> us" in Beirut.'


def _plain(html: str) -> str:
    """What a reader sees: the tags gone, the statements' numbers too."""
    return unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="st-link"[^>]*>[^<]*</a>', "", html)))


def test_no_marks_is_the_escaped_text() -> None:
    assert str(mark_up(TEXT, [], [])) == TEXT.replace('"', "&#34;").replace("<", "&lt;").replace(">", "&gt;")


def test_marks_link_and_keep_every_character() -> None:
    statement = Span(15, 32, "statement", "/id/statement/s1", "S1: Hezbollah", "S1")
    mentions = [
        Span(0, 9, "actor", "/id/actor/hezbollah", "Hezbollah (armed group)"),
        Span(16, 22, "actor", "/id/actor/israel", "Israel"),
        Span(36, 42, "place", "/id/place/beirut", "Beirut"),
    ]
    html = str(mark_up(TEXT, [statement], mentions))
    assert _plain(html) == TEXT
    assert '<a class="mark actor" id="char=0,9" href="/id/actor/hezbollah"' in html
    assert re.search(
        r'<span class="mark statement" id="char=15,32"[^>]*><a class="st-link" href="/id/statement/s1"', html
    )
    inside = html.split('class="mark statement"')[1].split("</span>")[0]
    assert 'href="/id/actor/israel"' in inside and "&lt;hit&gt;" in inside  # the mention inside the statement


def test_overlaps_and_strays_are_dropped_not_garbled() -> None:
    mentions = [
        Span(0, 9, "actor", "/a", "a"),
        Span(4, 14, "actor", "/b", "b"),  # overlaps the first: dropped
        Span(40, 99, "place", "/c", "c"),  # past the end: dropped
        Span(5, 5, "place", "/d", "d"),  # empty: dropped
    ]
    html = str(mark_up(TEXT, [], mentions))
    assert _plain(html) == TEXT
    assert html.count('class="mark') == 1


def test_a_mention_across_a_statements_edge_is_cut_there() -> None:
    statement = Span(10, 20, "statement", "/s", "S1", "S1")
    html = str(mark_up(TEXT, [statement], [Span(5, 15, "actor", "/a", "a")]))
    assert _plain(html) == TEXT
    assert html.count('href="/a"') == 2  # before the statement, and inside it
    assert html.count("<span") == html.count("</span>") == 1
