"""Extraction knowledge as data: load the rule files and the gazetteer once, check them.

The bundled files live in ``kg/rules/``; a user's directory (setting ``rules_dir``) may hold
files of the same names whose lists are added to the bundled ones, and a user's gazetteer
CSV (setting ``gazetteer``) adds or overrides entries by QID.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import RulesError
from kg.records import ACTOR_KINDS

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "rules"
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


@dataclass(frozen=True, slots=True)
class ActionRule:
    """Lemmas (one or more words) that report a military action of one type."""

    action_type: str
    lemmas: tuple[str, ...]
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()  # weapon lemmas that make a refinable action this type
    refine: bool = False  # take the type from a weapon in the phrase
    needs_weapon: bool = False  # a verb counts only with a weapon object or an "at" phrase
    weapon_object: str | None = None  # the type when the object is a weapon


@dataclass(frozen=True)
class Rules:
    """All extraction knowledge, read from files."""

    version: str
    cue_lemmas: frozenset[str]
    quote_only_cues: frozenset[str]
    according_to: tuple[str, ...]
    media: tuple[str, ...]
    actions: tuple[ActionRule, ...]
    weapons: frozenset[str]
    negotiation: dict[str, tuple[str, ...]]
    honorifics: tuple[str, ...]
    roles: frozenset[str]
    courtesy: frozenset[str]
    speaker_nouns: frozenset[str]
    not_actors: frozenset[str]
    government_words: tuple[str, ...]
    armed_words: tuple[str, ...]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    gazetteer: tuple[GazetteerEntry, ...] = field(default=())
    military: dict[str, tuple[str, ...]] = field(default_factory=dict)  # word lists of military_actions.toml
    place_heads: frozenset[str] = frozenset()  # last words that make a name a place ("Strait")


def _read_toml(name: str, user_dir: Path | None) -> dict[str, Any]:
    """The bundled file ``name``, with the lists of a user's file of that name appended."""
    merged = _parse_toml(BUNDLED_DIR / name)
    user = user_dir / name if user_dir else None
    if user is not None and user.is_file():
        for key, value in _parse_toml(user).items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + value
            elif isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def _parse_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as err:
        raise RulesError(str(path), "file", f"cannot read: {err.strerror}") from err
    except tomllib.TOMLDecodeError as err:
        raise RulesError(str(path), "file", f"not valid TOML: {err}") from err


def _strings(data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(path, key, "must be a list of strings")
    return tuple(value)


def _load_actions(data: dict[str, Any], path: str) -> tuple[ActionRule, ...]:
    rules = []
    for n, entry in enumerate(data.get("action", []), 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("type"), str):
            raise RulesError(path, f"action #{n}", "needs a string `type`")
        verbs, nouns = _strings(entry, "verbs", path), _strings(entry, "nouns", path)
        lemmas = _strings(entry, "lemmas", path)
        weapon_object = entry.get("weapon_object")
        if weapon_object is not None and not isinstance(weapon_object, str):
            raise RulesError(path, f"action #{n}", "`weapon_object` must be a type name")
        rules.append(
            ActionRule(
                entry["type"],
                tuple(dict.fromkeys((*lemmas, *verbs, *nouns))),
                verbs=verbs or lemmas,
                nouns=nouns or lemmas,
                weapons=_strings(entry, "weapons", path),
                refine=bool(entry.get("refine", False)),
                needs_weapon=bool(entry.get("needs_weapon", False)),
                weapon_object=weapon_object,
            )
        )
    return tuple(rules)


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


def _merged_gazetteer(user_file: Path | None) -> tuple[GazetteerEntry, ...]:
    bundled = BUNDLED_DIR / "gazetteer.csv"
    entries = {e.ident: e for e in load_gazetteer(bundled)} if bundled.is_file() else {}
    if user_file is not None:
        entries.update({e.ident: e for e in load_gazetteer(user_file)})
    return tuple(entries.values())


def load_rules(user_dir: Path | None = None, gazetteer: Path | None = None) -> Rules:
    """Read the bundled rule files (plus a user's directory and gazetteer) into ``Rules``."""
    speech = _read_toml("reporting_verbs.toml", user_dir)
    actions = _read_toml("military_actions.toml", user_dir)
    talks = _read_toml("negotiation_cues.toml", user_dir)
    titles = _read_toml("titles.toml", user_dir)
    kinds = _read_toml("actor_kinds.toml", user_dir)
    sp, ap, tp, kp = "reporting_verbs.toml", "military_actions.toml", "titles.toml", "actor_kinds.toml"
    np_ = "negotiation_cues.toml"
    versions = sorted({str(d.get("version", "0")) for d in (speech, actions, talks, titles, kinds)})
    negotiation = {k: _strings(talks, k, np_) for k, v in talks.items() if isinstance(v, list)}
    return Rules(
        version="+".join(versions),
        cue_lemmas=frozenset(_strings(speech, "lemmas", sp)),
        quote_only_cues=frozenset(_strings(speech, "quote_only", sp)),
        according_to=_strings(speech, "according_to", sp),
        media=_strings(speech, "media", sp),
        actions=_load_actions(actions, ap),
        weapons=frozenset(_strings(actions.get("weapons", {}), "words", ap)),
        negotiation=negotiation,
        honorifics=_strings(titles, "honorifics", tp),
        roles=frozenset(_strings(titles, "roles", tp)),
        courtesy=frozenset(_strings(titles, "courtesy", tp)),
        speaker_nouns=frozenset(_strings(titles, "speaker_nouns", tp)),
        not_actors=frozenset(_strings(titles, "not_actors", tp)),
        government_words=_strings(kinds, "government_words", kp),
        armed_words=_strings(kinds, "armed_words", kp),
        person_pronouns=frozenset(_strings(kinds, "person_pronouns", kp)),
        group_pronouns=frozenset(_strings(kinds, "group_pronouns", kp)),
        place_heads=frozenset(w.lower() for w in _strings(kinds, "place_heads", kp)),
        gazetteer=_merged_gazetteer(gazetteer),
        military={
            k: _strings(actions, k, ap) for k, v in actions.items() if isinstance(v, list) and k != "action"
        },
    )
