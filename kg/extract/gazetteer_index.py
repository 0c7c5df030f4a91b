"""Exact look-up in the gazetteer: an entry by its Wikidata id, a surface form or a demonym.

A surface form matches with or without a leading "the" ("the United States" and "United
States" find the same entry); a demonym ("Israeli") matches as written. When two entries
share a name or a demonym, the first in the gazetteer wins.
"""

from __future__ import annotations

from kg.extract.rules import GazetteerEntry


class Gazetteer:
    """Surface forms and demonyms of the gazetteer's entries, for exact look-up."""

    def __init__(self, entries: tuple[GazetteerEntry, ...]) -> None:
        self.by_qid = {e.ident: e for e in entries}
        self.by_name: dict[str, GazetteerEntry] = {}
        self.by_demonym: dict[str, GazetteerEntry] = {}
        for entry in entries:
            for name in (entry.label, *entry.aliases):
                self.by_name.setdefault(_strip_article(name), entry)
            for demonym in entry.demonyms:
                self.by_demonym.setdefault(demonym, entry)

    def lookup(self, surface: str) -> GazetteerEntry | None:
        return self.by_name.get(_strip_article(surface))


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
