"""The linking knowledge, read from ``kg/rules/event_linking.toml``: windows, weights, type families.

The file says in its own comments what each number means; this module only reads it into a
typed value and names the file and the entry of any error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import RulesError
from kg.extract.actors.gazetteer import merged_gazetteer
from kg.extract.rule_files import BUNDLED_DIR, read_toml
from kg.vocab import PREFIXES

KG = PREFIXES["kg"]
FILE = "event_linking.toml"
_BUNDLED = BUNDLED_DIR / FILE
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
    interceptable: frozenset[str]  # strikes an interception may be the other side's word for
    place_suffixes: tuple[str, ...]
    vague_targets: frozenset[str]
    victim_class: dict[str, str]  # a word near a toll -> whom it counts (military, fighters, civilians)
    broad_places: frozenset[str] = frozenset()  # lower-case names of states: no evidence of one event
    affiliation_of: dict[str, str] = field(
        default_factory=dict
    )  # gazetteer: "russian armed forces" -> "russia"
    state_of_demonym: dict[str, str] = field(default_factory=dict)  # "russian" -> "russia"
    cameo_of: dict[str, str] = field(default_factory=dict)  # action type -> CAMEO code (GDELT)

    def intercepted(self, a: str, b: str) -> bool:
        """Whether action types ``a`` and ``b`` are an interception and a strike it may stop."""
        return "Interception" in (a, b) and (a if b == "Interception" else b) in self.interceptable

    def reach_days(self, family: str) -> int:
        """How far apart two linkable reports' anchor days can be, whichever dates they give."""
        w = self.windows[family]
        return max(w.own_days, w.published_lag_days, w.published_days)


def load_linking_rules(
    user_dir: Path | None = None, gazetteer: Path | None = None, ontology: Path | None = None
) -> LinkingRules:
    """The bundled linking rules, with the tables of a user's file of the same name replacing theirs.

    The states are the gazetteer's entries with demonyms (the bundled one and ``gazetteer``);
    the CAMEO code of each action type is the ontology's (its ``*.ttl`` files in ``ontology``).
    """
    data = read_toml(FILE, user_dir)
    user = user_dir / FILE if user_dir is not None else None
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
            interceptable=frozenset(data["interceptable"]["types"]),
            place_suffixes=tuple(sorted(data["places"]["suffixes"], key=len, reverse=True)),
            vague_targets=frozenset(data["targets"]["vague"]),
            victim_class={w: kind for kind, words in data["victims"].items() for w in words},
            broad_places=frozenset(
                name.lower()
                for entry in entries
                if entry.demonyms
                for name in (entry.label, *entry.aliases, *entry.demonyms)
            ),
            cameo_of=cameo_codes(ontology) if ontology is not None else {},
            state_of_demonym={
                demonym.lower(): entry.label.lower() for entry in entries for demonym in entry.demonyms
            },
            affiliation_of={
                e.label.lower(): by_qid[e.affiliation].label.lower()
                for e in entries
                if e.affiliation in by_qid
            },
        )
    except (KeyError, TypeError, ValueError) as err:
        raise RulesError(where, str(err).strip("'"), "missing or of the wrong type") from err


def cameo_codes(ontology: Path) -> dict[str, str]:
    """Each action type's CAMEO code, as the ontology maps it: the exact match, else a close one."""
    store = ox.Store()
    for path in sorted(ontology.glob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    found: dict[str, str] = {}
    for row in store.query(_CAMEO):  # type: ignore[union-attr]
        found.setdefault(row["type"].value.removeprefix(KG), row["code"].value)
    return found


_CAMEO = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX kg: <https://w3id.org/newskg/ontology#>
SELECT ?type ?code WHERE {
  ?type skos:inScheme kg:ActionTypeScheme .
  { ?type skos:exactMatch ?c BIND(0 AS ?rank) } UNION { ?type skos:closeMatch ?c BIND(1 AS ?rank) }
  ?c skos:inScheme kg:CAMEOScheme ; skos:notation ?code .
} ORDER BY ?type ?rank ?code"""
