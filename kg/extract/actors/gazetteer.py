"""The gazetteer: Wikidata-linked entities and the surface forms that name them (``gazetteer.csv``).

``load_gazetteer`` reads one CSV file, checking every row; ``Gazetteer`` indexes the entries for
exact look-up by Wikidata id, surface form or demonym. A surface form matches with or without a
leading "the" ("the United States" and "United States" find the same entry); a demonym
("Israeli") matches as written. When two entries share a name or a demonym, the first wins.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import RulesError
from kg.extract.rule_files import BUNDLED_DIR
from kg.records import ACTOR_KINDS

GAZETTEER_KINDS = (*ACTOR_KINDS, "Place")
GAZETTEER_HEADER = ["qid", "label", "kind", "aliases", "demonyms", "affiliation"]
_QID = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One Wikidata-linked entity and the surface forms that name it."""

    qid: str | None  # None: a known name whose Wikidata id is not verified; never linked
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    affiliation: str | None = None

    @property
    def ident(self) -> str:
        """The QID, or the label for an unlinked entry: unique within a gazetteer."""
        return self.qid or self.label


def load_gazetteer(path: Path) -> list[GazetteerEntry]:
    """Read a gazetteer CSV (header ``qid,label,kind,aliases,demonyms,affiliation``)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames != GAZETTEER_HEADER:
                raise RulesError(str(path), "header", f"expected {','.join(GAZETTEER_HEADER)}")
            return [_gazetteer_row(row, f"line {n}", str(path)) for n, row in enumerate(reader, 2)]
    except OSError as err:
        raise RulesError(str(path), "file", f"cannot read: {err.strerror}") from err
    except UnicodeDecodeError as err:
        raise RulesError(str(path), "file", "not UTF-8") from err


def _gazetteer_row(row: dict[str, str], where: str, path: str) -> GazetteerEntry:
    qid, kind = (row.get("qid") or "").strip(), (row.get("kind") or "").strip()
    if qid and not _QID.match(qid):
        raise RulesError(path, where, f"qid {qid!r} is not a Wikidata id like Q801 (or empty)")
    if kind not in GAZETTEER_KINDS:
        raise RulesError(path, where, f"kind {kind!r} is not one of {', '.join(GAZETTEER_KINDS)}")

    def split(value: str | None) -> tuple[str, ...]:
        return tuple(v.strip() for v in (value or "").split("|") if v.strip())

    label = (row.get("label") or "").strip()
    if not label:
        raise RulesError(path, where, "empty label")
    return GazetteerEntry(
        qid=qid or None,
        label=label,
        kind=kind,
        aliases=split(row.get("aliases")),
        demonyms=split(row.get("demonyms")),
        affiliation=(row.get("affiliation") or "").strip() or None,
    )


def merged_gazetteer(user_file: Path | None) -> tuple[GazetteerEntry, ...]:
    """The bundled gazetteer, a user's rows added (a row with a bundled QID replaces it)."""
    bundled = BUNDLED_DIR / "gazetteer.csv"
    entries = {e.ident: e for e in load_gazetteer(bundled)} if bundled.is_file() else {}
    if user_file is not None:
        entries.update({e.ident: e for e in load_gazetteer(user_file)})
    return tuple(entries.values())


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
