"""The resolution step: the one place where the words the extractors found become actors.

Resolving a phrase changes the article's actors: "a US official" becomes a new unnamed actor,
a pronoun or a surname one more mention, and a speaker the likeliest antecedent of a later
"he". So the order matters, and it is this module's alone: first every statement's speaker
(then whom it addressed), in text order; then every military action's agents and targets;
then the parties of the negotiations, as the text gives them. The extractors' candidates
hold :class:`~kg.extract.references.Reference` values; what they denote is returned here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.actors import ActorIndex, ActorResolver
from kg.extract.military_actions import ActionCandidate
from kg.extract.negotiations import FoundTalks
from kg.extract.references import Choice, Reference
from kg.extract.statements import SpeakerResolution, StatementCandidate


@dataclass(frozen=True)
class Resolution:
    """What every reference denotes, and the actors as they stand once all are resolved."""

    speakers: tuple[SpeakerResolution, ...]  # one per statement candidate, in order
    references: dict[Reference | Choice, tuple[str, ...]]
    actors: ActorResolver


def resolve_actors(
    index: ActorIndex,
    statements: Sequence[StatementCandidate],
    actions: Sequence[ActionCandidate],
    talks: FoundTalks,
) -> Resolution:
    """Resolve the references of every candidate, statements first, in the order above."""
    actors = ActorResolver(index)
    speakers = tuple(_speakers(found, actors) for found in statements)
    said = [
        (found.content.start_char, found.content.end_char, s.speakers)
        for found, s in zip(statements, speakers, strict=True)
    ]
    order = [r for a in actions for r in (*a.agents, *(t.reference for t in a.targets))]
    references: dict[Reference | Choice, tuple[str, ...]] = {}
    for reference in [*order, *talks.references]:
        references[reference] = _resolve(reference, actors, said)
    return Resolution(speakers, references, actors)


def _speakers(found: StatementCandidate, actors: ActorResolver) -> SpeakerResolution:
    """The speaker's actors; whom they told only when someone spoke."""
    keys = actors.resolve_speaker(found.speaker)
    told = actors.resolve_addressee(found.addressee) if keys and found.addressee is not None else None
    return SpeakerResolution(keys, told)


Said = list[tuple[int, int, tuple[str, ...]]]
"""Each statement's content (start, end) and its speaker's keys."""


def _resolve(reference: Reference | Choice, actors: ActorResolver, said: Said) -> tuple[str, ...]:
    """A reference's actors, else what stands in; a choice's first option that denotes any;
    "our forces" inside a statement, its speaker (no one outside any statement)."""
    if isinstance(reference, Choice):
        for option in reference.options:
            keys = _resolve(option, actors, said)
            if keys:
                return keys
        return ()
    if reference.said_at is not None:
        at = reference.said_at
        return next((keys for start, end, keys in said if start <= at < end and keys), ())
    keys = actors.resolve(reference.phrase) if reference.phrase is not None else ()
    phrase = reference.phrase
    if not keys and not reference.otherwise and reference.describe and phrase is not None:
        return () if actors.names_a_thing(phrase) else (actors.describe(phrase),)
    return keys or reference.otherwise
