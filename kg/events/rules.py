"""The linking knowledge, read from ``kg/rules/event_linking.toml``: windows, weights, type families.

The file says in its own comments what each number means; this module only reads it into a
typed value and names the file and the entry of any error.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import RulesError
from kg.extract.actors.gazetteer import merged_gazetteer

FILE = "event_linking.toml"
_BUNDLED = Path(__file__).resolve().parent.parent / "rules" / FILE
_WEIGHTS = (
    "place",
    "agent",
    "target",
    "named_target",
    "participants",
    "mediator",
    "same_type",
    "same_date",
    "killed",
    "denial",
)


@dataclass(frozen=True, slots=True)
class Window:
    """How far apart, in days, two reports of one event may be dated (see the rule file)."""

    own_days: int
    published_lag_days: int
    published_days: int


@dataclass(frozen=True, slots=True)
class LinkingRules:
    """When two reports are of one event (see the rule file for what each value means)."""

    version: str
    windows: dict[str, Window]  # by family
    weights: dict[str, float]
    threshold: float
    family_of: dict[str, str]  # action type (local name) -> its family
    generic: frozenset[str]
    conflicts: frozenset[frozenset[str]]
    same_deed: frozenset[frozenset[str]]
    place_suffixes: tuple[str, ...]
    vague_targets: frozenset[str]
    victim_class: dict[str, str]  # a word near a toll -> whom it counts (military, fighters, civilians)
    broad_places: frozenset[str] = frozenset()  # lower-case names of states: no evidence of one event
    affiliation_of: dict[str, str] = field(
        default_factory=dict
    )  # gazetteer: "russian armed forces" -> "russia"

    def reach_days(self, family: str) -> int:
        """How far apart two linkable reports' anchor days can be, whichever dates they give."""
        w = self.windows[family]
        return max(w.own_days, w.published_lag_days, w.published_days)


def load_linking_rules(user_dir: Path | None = None, gazetteer: Path | None = None) -> LinkingRules:
    """The bundled linking rules, with the tables of a user's file of the same name replacing theirs.

    The states are the gazetteer's entries with demonyms (the bundled one and ``gazetteer``).
    """
    data = _parse(_BUNDLED)
    user = user_dir / FILE if user_dir is not None else None
    if user is not None and user.is_file():
        for key, value in _parse(user).items():
            data[key] = {**data[key], **value} if isinstance(value, dict) and key in data else value
    where = str(user if user is not None and user.is_file() else _BUNDLED)
    try:
        weights = data["weights"]
        family_of = {t: family for family, types in data["families"].items() for t in types}
        windows = {
            family: Window(int(w["own_days"]), int(w["published_lag_days"]), int(w["published_days"]))
            for family, w in data["windows"].items()
        }
        missing = set(data["families"]) - set(windows)
        if missing:
            raise RulesError(str(_BUNDLED), "windows", f"no window for the families {sorted(missing)}")
        entries = merged_gazetteer(gazetteer)
        by_qid = {e.qid: e for e in entries if e.qid}
        return LinkingRules(
            version=str(data.get("version", "0")),
            windows=windows,
            weights={name: float(weights[name]) for name in _WEIGHTS},
            threshold=float(weights["threshold"]),
            family_of=family_of,
            generic=frozenset(data["generic"]["types"]),
            conflicts=frozenset(frozenset(pair) for pair in data["conflicts"]["pairs"]),
            same_deed=frozenset(frozenset(pair) for pair in data["same_deed"]["pairs"]),
            place_suffixes=tuple(sorted(data["places"]["suffixes"], key=len, reverse=True)),
            vague_targets=frozenset(data["targets"]["vague"]),
            victim_class={w: kind for kind, words in data["victims"].items() for w in words},
            broad_places=frozenset(
                name.lower()
                for entry in entries
                if entry.demonyms
                for name in (entry.label, *entry.aliases, *entry.demonyms)
            ),
            affiliation_of={
                e.label.lower(): by_qid[e.affiliation].label.lower()
                for e in entries
                if e.affiliation in by_qid
            },
        )
    except (KeyError, TypeError, ValueError) as err:
        raise RulesError(where, str(err).strip("'"), "missing or of the wrong type") from err


def _parse(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as err:
        raise RulesError(str(path), "file", f"cannot read: {err.strerror}") from err
    except tomllib.TOMLDecodeError as err:
        raise RulesError(str(path), "file", f"not valid TOML: {err}") from err
