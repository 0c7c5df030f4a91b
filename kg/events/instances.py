"""One event across many reports: what the reports agree on, the figures each source gives,
and where they disagree. Pure functions over :class:`~kg.events.reports.Report` groups.

An instance states only what no report of it disputes: an agent one report names and
another denies is not the instance's agent but a side of a dispute. Disputes are of four
points: ``killed`` and ``wounded`` (sources give different tolls), ``agent`` (reports
name different agents, or the named agent denies it), ``occurred`` (one report says the
event did not happen, or someone denies it, without denying an agent's part).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from kg.events.matching import Link
from kg.events.reports import Report, Voice
from kg.vocab import short_hash

POINTS = ("killed", "wounded", "agent", "occurred")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Position:
    """What one report, or one source inside it, says on a disputed point.

    ``source`` is the speaker's IRI when a statement makes the claim; otherwise the report is
    the article's own word and ``source_name`` its publisher (or None when unknown).
    """

    report: str
    statement: str | None
    source: str | None
    source_name: str | None
    affirms: bool
    value: int | None = None  # a toll
    text: str = ""  # the toll as written, or the agents as the report names them
    agents: frozenset[str] = frozenset()
    document: str = ""
    victims: str | None = None  # whom a toll counts, when the text says


@dataclass(frozen=True, slots=True)
class Dispute:
    """Reports of one event that disagree on ``point``, and what each side says."""

    point: str
    sides: tuple[Position, ...]

    @property
    def contradictions(self) -> list[tuple[str, str]]:
        """Pairs of statements on opposite sides, each pair once (sorted)."""
        pairs: set[tuple[str, str]] = set()
        for a in self.sides:
            for b in self.sides:
                if a.statement and b.statement and a.statement < b.statement and _opposed(self.point, a, b):
                    pairs.add((a.statement, b.statement))
        return sorted(pairs)


def _opposed(point: str, a: Position, b: Position) -> bool:
    if point in ("killed", "wounded"):
        return _tolls_differ(a, b)
    if point == "agent" and a.affirms and b.affirms:
        return not (a.agents & b.agents)
    return a.affirms != b.affirms


@dataclass(frozen=True, slots=True)
class EventInstance:
    """One real-world event, as the reports of one group tell it."""

    iri: str
    reports: tuple[Report, ...]
    links: tuple[Link, ...]
    kind: str  # an action type's local name, or "Negotiation"
    day: date | None
    place: str | None
    agents: frozenset[str]  # undisputed agents (for talks, participants)
    targets: frozenset[str]  # named targets of the reports that say it happened
    mediators: frozenset[str]
    figures: tuple[Position, ...]
    disputes: tuple[Dispute, ...]

    @property
    def documents(self) -> list[str]:
        """The articles that report it, sorted."""
        return sorted({r.document for r in self.reports})

    @property
    def sources(self) -> int:
        """How many outlets report it: publishers where known, else articles."""
        return len({r.publisher or r.document for r in self.reports})

    @property
    def first_published(self) -> date | None:
        """When the first article that reports it was published."""
        days = [r.published for r in self.reports if r.published]
        return min(days) if days else None


def instance_iri(reports: list[Report], base: str) -> str:
    """The instance's IRI, from its first report's: stable as long as that report is in it."""
    return f"{base}id/event/instance/{short_hash(reports[0].iri)}"


def build_instance(
    reports: list[Report], links: Iterable[Link], base: str, affiliated: frozenset[frozenset[str]]
) -> EventInstance:
    """The instance a group of reports (of at least two) tells of.

    ``affiliated`` holds the pairs of actors that stand for each other (a force and its
    state, a spokesman and his government): naming either is not a disagreement.
    """
    happened = [r for r in reports if not r.denied]
    kinds = Counter(r.kind for r in happened or reports)
    specific = [k for k, _ in kinds.most_common() if k not in ("Attack", "Killing")]
    disputes = _disputes(reports, affiliated)
    disputed = {a for d in disputes if d.point == "agent" for s in d.sides for a in s.agents}
    return EventInstance(
        iri=instance_iri(reports, base),
        reports=tuple(reports),
        links=tuple(links),
        kind=specific[0] if specific else kinds.most_common(1)[0][0],
        day=_most_common(r.day for r in happened or reports),
        place=_most_common(r.place for r in reports),
        agents=frozenset(a for r in happened for a in r.agents) - disputed,
        mediators=frozenset(m for r in happened for m in r.mediators),
        targets=frozenset(t for r in happened for t in r.targets),
        figures=tuple(_figures(reports)),
        disputes=tuple(disputes),
    )


def _most_common(values: Iterable[T | None]) -> T | None:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    return min(v for v, n in counts.items() if n == top)  # type: ignore[type-var]


def _voices(report: Report) -> list[Voice | None]:
    """Who says what the report says: its statements' speakers, or the article itself (None)."""
    return list(report.voices) or [None]


def _tolls_differ(a: Position, b: Position) -> bool:
    """Two tolls that disagree: different numbers for the same victims (one article may count
    soldiers and civilians apart; across articles, or when the victims are not said, any)."""
    if (a.value, a.text) == (b.value, b.text) or (a.value is not None and a.value == b.value):
        return False
    counted_apart = a.document == b.document and a.victims and b.victims and a.victims != b.victims
    return not counted_apart


def _position(report: Report, voice: Voice | None, **values: object) -> Position:
    return Position(
        report=report.iri,
        document=report.document,
        statement=voice.statement if voice else None,
        source=voice.speaker if voice else None,
        source_name=(voice.speaker_name if voice else report.publisher),
        affirms=not report.denied and not (voice and voice.denies),
        **values,  # type: ignore[arg-type]
    )


def _figures(reports: list[Report]) -> list[Position]:
    found = []
    for report in reports:
        if report.denied:
            continue
        for figure in report.figures:
            for voice in _voices(report):
                text = f"{figure.point}: {figure.text}"
                found.append(_position(report, voice, value=figure.value, text=text, victims=figure.victims))
    return found


def _disputes(reports: list[Report], affiliated: frozenset[frozenset[str]]) -> list[Dispute]:
    disputes = []
    figures = _figures(reports)
    for point in ("killed", "wounded"):
        counts = [f for f in figures if f.text.startswith(f"{point}:")]
        sides = [f for f in counts if any(_tolls_differ(f, g) for g in counts)]
        if sides:
            disputes.append(Dispute(point, tuple(sides)))

    def related(a: frozenset[str], b: frozenset[str]) -> bool:
        return bool(a & b) or any(frozenset((x, y)) in affiliated for x in a for y in b)

    named = [(r, v) for r in reports if r.agents and not r.denied for v in _voices(r)]
    denials = [(r, v) for r in reports for v in _voices(r) if r.denied or (v is not None and v.denies)]
    told = [(r, v) for r in reports if not r.denied for v in _voices(r) if not (v and v.denies)]
    rival = any(not related(a.agents, b.agents) for (a, _), (b, _) in _pairs(named))
    # "X denies X did it": a denial by (a side of) the agent that other reports name
    agent_denials = [
        (r, v)
        for r, v in denials
        if v is not None
        and v.speaker is not None
        and related(frozenset([v.speaker]), r.agents)
        and any(related(r.agents, a.agents) for a, _ in named)
    ]
    if rival or agent_denials:
        sides = [_position(r, v, agents=r.agents) for r, v in [*named, *agent_denials]]
        disputes.append(Dispute("agent", tuple(sides)))
    other_denials = [d for d in denials if d not in agent_denials]
    if other_denials and told:
        sides = [_position(r, v, agents=r.agents) for r, v in [*told, *other_denials]]
        disputes.append(Dispute("occurred", tuple(sides)))
    return disputes


def _pairs(items: list[T]) -> list[tuple[T, T]]:
    return [(a, b) for n, a in enumerate(items) for b in items[n + 1 :]]
