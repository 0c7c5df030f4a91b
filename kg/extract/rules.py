"""Extraction knowledge as data: every rule file and the gazetteer, loaded once and checked.

The bundled files live in ``kg/rules/``; a user's directory (setting ``rules_dir``) may hold
files of the same names whose lists are added to the bundled ones, and a user's gazetteer
CSV (setting ``gazetteer``) adds or overrides entries by QID. Each extractor reads its own
file into its own typed rules (:mod:`kg.extract.actors.rules` and so on); :class:`Rules`
holds them together with the version that goes into every graph's provenance.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.extract.actors.gazetteer import GazetteerEntry
from kg.extract.actors.rules import ActorRules, load_actor_rules
from kg.extract.attribution import AttributionRules, load_attribution_rules
from kg.extract.military_actions.rules import MilitaryRules, load_military_rules
from kg.extract.negotiations.rules import NegotiationRules, load_negotiation_rules
from kg.extract.statements.rules import StatementRules, load_statement_rules

__all__ = ["GazetteerEntry", "Rules", "load_rules"]


@dataclass(frozen=True)
class Rules:
    """All extraction knowledge, read from files: one typed part per extractor."""

    version: str
    actors: ActorRules
    statements: StatementRules
    military: MilitaryRules
    negotiations: NegotiationRules
    attribution: AttributionRules

    @property
    def gazetteer(self) -> tuple[GazetteerEntry, ...]:
        """The gazetteer's entries (the parser's entity ruler tags their names)."""
        return self.actors.gazetteer


def load_rules(user_dir: Path | None = None, gazetteer: Path | None = None) -> Rules:
    """Read the bundled rule files (plus a user's directory and gazetteer) into ``Rules``."""
    statements = load_statement_rules(user_dir)
    military = load_military_rules(user_dir)
    negotiations = load_negotiation_rules(user_dir)
    events = frozenset(noun for action in military.actions for noun in action.nouns if " " not in noun)
    actors = load_actor_rules(user_dir, gazetteer, weapons=military.weapons, events=events)
    attribution = load_attribution_rules(user_dir)
    versions = {
        statements.version,
        military.version,
        negotiations.version,
        attribution.version,
        *actors.versions,
    }
    return Rules(
        version="+".join(sorted(versions)),
        actors=actors,
        statements=statements,
        military=military,
        negotiations=negotiations,
        attribution=attribution,
    )
