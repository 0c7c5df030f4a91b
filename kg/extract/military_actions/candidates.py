"""What the military-action finder hands over: an action whose agents and targets are words yet."""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.references import Choice, Reference
from kg.records import Mention, Quantity, TimeRef


@dataclass(frozen=True, slots=True)
class TargetCandidate:
    """What an action was aimed at: the actors or place its words denote, else the words."""

    reference: Reference | Choice
    text: str  # "an Israeli military intelligence site"
    count: Quantity | None  # "270 targets"


@dataclass(frozen=True, slots=True)
class ActionCandidate:
    """A military action found in the text, its agents and targets not yet resolved."""

    action_type: str
    trigger: Mention
    sentence: Mention
    verb: bool  # found as a verb (a surer sign than a noun)
    agents: tuple[Reference | Choice, ...]
    targets: tuple[TargetCandidate, ...]
    location: str | None
    weapon: str | None
    quantity: Quantity | None
    # its targets counted: what an interception brought down ("19 drones"), or targets named one
    # by one ("an oil depot and a government building": 2)
    target_total: Quantity | None
    killed: Quantity | None
    wounded: Quantity | None
    time: TimeRef | None
    claimed: bool
    modality: str | None  # None: reported as having taken place; else "Negated", "Future" ...
