"""One event across many reports: what the reports agree on, the figures each source gives,
and where they disagree. Pure functions over :class:`~kg.events.reports.Report` groups.

An instance states only what no report of it disputes: an agent one report names and
another denies is not the instance's agent but a side of a dispute. Disputes are of five
points: ``killed`` and ``wounded`` (sources give different tolls), ``agent`` (reports
name different agents, or the named agent denies it), ``occurred`` (one report says the
event did not happen, or someone denies it, without denying an agent's part), ``hit``
(one source says the strike hit, another that it was intercepted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from kg.events.matching import Link
from kg.events.reports import Report, Voice
from kg.vocab import short_hash

POINTS = ("killed", "wounded", "agent", "occurred", "hit")
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
    affiliated: frozenset[frozenset[str]] = frozenset()  # actors that stand for each other

    @property
    def contradictions(self) -> list[tuple[str, str]]:
        """Pairs of statements on opposite sides, each pair once (sorted)."""
        pairs: set[tuple[str, str]] = set()
        for a in self.sides:
            for b in self.sides:
                if a.statement and b.statement and a.statement < b.statement and self._opposed(a, b):
                    pairs.add((a.statement, b.statement))
        return sorted(pairs)

    def _opposed(self, a: Position, b: Position) -> bool:
        if self.point in ("killed", "wounded"):
            return _tolls_differ(a, b)
        if self.point == "agent" and a.affirms and b.affirms:
            return not _related(a.agents, b.agents, self.affiliated)
        return a.affirms != b.affirms


def _related(a: frozenset[str], b: frozenset[str], affiliated: frozenset[frozenset[str]]) -> bool:
    """Whether two sets of actors name one side: a shared actor, or two affiliated ones."""
    return bool(a & b) or any(frozenset((x, y)) in affiliated for x in a for y in b)


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
    reports: list[Report],
    links: Iterable[Link],
    base: str,
    affiliated: frozenset[frozenset[str]],
    interceptable: frozenset[str] = frozenset(),
) -> EventInstance:
    """The instance a group of reports (of at least two) tells of.

    ``affiliated`` holds the pairs of actors that stand for each other (a force and its
    state, a spokesman and his government): naming either is not a disagreement. When the
    group holds a strike of a type in ``interceptable`` and interceptions of it, the
    interceptions are the other side's word: their agents are the defenders, not the
    strike's agents, and a source that says it was intercepted disputes one that says it hit.
    """
    strikes = any(r.kind in interceptable for r in reports)
    stopped = [r for r in reports if strikes and r.kind == "Interception"]
    told = [r for r in reports if r not in stopped]
    happened = [r for r in told if not r.denied]
    kinds = Counter(r.kind for r in happened or told)
    specific = [k for k, _ in kinds.most_common() if k not in ("Attack", "Killing")]
    disputes = _disputes(told, affiliated) + _hit_disputes(told, stopped, interceptable, affiliated)
    disputed = {a for d in disputes if d.point == "agent" for s in d.sides for a in s.agents}
    return EventInstance(
        iri=instance_iri(reports, base),
        reports=tuple(reports),
        links=tuple(links),
        kind=specific[0] if specific else kinds.most_common(1)[0][0],
        day=_most_common(r.day for r in happened or told),
        place=_most_common(r.place for r in reports),
        agents=frozenset(a for r in happened for a in r.agents) - disputed,
        mediators=frozenset(m for r in happened for m in r.mediators),
        targets=frozenset(t for r in happened for t in r.targets),
        figures=tuple(_figures(reports)),
        disputes=tuple(disputes),
    )


def _hit_disputes(
    told: list[Report],
    stopped: list[Report],
    interceptable: frozenset[str],
    affiliated: frozenset[frozenset[str]],
) -> list[Dispute]:
    """ "It hit the base" from one source, "it was intercepted" from another: a dispute on "hit"."""
    hits = [
        (r, v)
        for r in told
        if r.kind in interceptable and not r.denied and (r.targets or r.target_texts or r.figures)
        for v in _voices(r)
    ]
    stops = [(r, v) for r in stopped if not r.denied for v in _voices(r)]

    def source(r: Report, v: Voice | None) -> str:
        return v.speaker or v.statement if v is not None else r.document

    if not hits or not stops or {source(*h) for h in hits} & {source(*s) for s in stops}:
        return []  # one source saying both ("most were intercepted, one hit") disputes nothing
    sides = [_position(r, v, agents=r.agents) for r, v in hits]
    sides += [replace(_position(r, v, agents=r.agents), affirms=False) for r, v in stops]
    return [Dispute("hit", tuple(sides), affiliated)]


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
    # a denial in the article's own words ("Moscow denied carrying out the strike") is its agent's
    denier = sorted(report.agents)[0] if voice is None and report.denied and report.agents else None
    return Position(
        report=report.iri,
        document=report.document,
        statement=voice.statement if voice else None,
        source=voice.speaker if voice else denier,
        source_name=(voice.speaker_name if voice else None if denier else report.publisher),
        affirms=not report.denied and not (voice and voice.denies),
        **values,  # type: ignore[arg-type]
    )


def _figures(reports: list[Report]) -> list[Position]:
    found = []
    for report in reports:
        if report.denied:
            continue
        for figure in report.figures:
            values = {
                "value": figure.value,
                "text": f"{figure.point}: {figure.text}",
                "victims": figure.victims,
            }
            voices = _toll_voices(report)
            found += [_position(report, voice, **values) for voice in voices]
            if not voices:  # its source gives the toll in a statement that claims no part of the report
                found.append(
                    replace(_position(report, None, **values), source=report.toll_source, source_name=None)
                )
    return found


def _toll_voices(report: Report) -> list[Voice | None]:
    """Who gives the report's figures: the statement of its toll's source (kg:tollSource) when
    the article names one, never another speaker who claims the report; else whoever says
    what the report says."""
    if report.toll_source is None:
        return _voices(report)
    own: list[Voice | None] = [v for v in report.voices if v.speaker == report.toll_source]
    return own[:1]


def _disputes(reports: list[Report], affiliated: frozenset[frozenset[str]]) -> list[Dispute]:
    disputes = []
    figures = _figures(reports)
    for point in ("killed", "wounded"):
        counts = [f for f in figures if f.text.startswith(f"{point}:")]
        sides = [f for f in counts if any(_tolls_differ(f, g) for g in counts)]
        if sides:
            disputes.append(Dispute(point, tuple(sides)))

    def related(a: frozenset[str], b: frozenset[str]) -> bool:
        return _related(a, b, affiliated)

    named = [(r, v) for r in reports if r.agents and not r.denied for v in _voices(r)]
    denials = [(r, v) for r in reports for v in _voices(r) if r.denied or (v is not None and v.denies)]
    told = [(r, v) for r in reports if not r.denied for v in _voices(r) if not (v and v.denies)]
    rival = any(not related(a.agents, b.agents) for (a, _), (b, _) in _pairs(named))
    # "X denies X did it": a denial by (a side of) the agent that other reports name; with no
    # statement ("Moscow denied carrying out the strike") the denier is the denied deed's agent
    agent_denials = [
        (r, v)
        for r, v in denials
        if (r.agents if v is None else v.speaker is not None and related(frozenset([v.speaker]), r.agents))
        and any(related(r.agents, a.agents) for a, _ in named)
    ]
    if rival or agent_denials:
        sides = [_position(r, v, agents=r.agents) for r, v in [*named, *agent_denials]]
        disputes.append(Dispute("agent", tuple(sides), affiliated))
    other_denials = [d for d in denials if d not in agent_denials]
    if other_denials and told:
        sides = [_position(r, v, agents=r.agents) for r, v in [*told, *other_denials]]
        disputes.append(Dispute("occurred", tuple(sides), affiliated))
    return disputes


def _pairs(items: list[T]) -> list[tuple[T, T]]:
    return [(a, b) for n, a in enumerate(items) for b in items[n + 1 :]]
