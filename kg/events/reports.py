"""Reports: what one article says of one event, read back from the store for linking.

A report is a ``kg:MilitaryAction`` or a ``kg:Negotiation`` of one document, or a military
action the document says did not happen (negated) or that someone denies: a denial is a
report of the event it denies, and what makes a dispute. Future, hypothetical, generic and
asked-about actions report nothing that happened and are left out. Everything is read with
SPARQL, so linking works the same on a local and a remote store.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from kg.events.rules import LinkingRules
from kg.sparql_text import load
from kg.store import QueryResult, Store
from kg.vocab import PREFIXES

_REPORT_IRIS = load("kg.events", "report_iris.rq")
_REPORTS = load("kg.events", "reports.rq")
_VALUES = load("kg.events", "report_values.rq")
_VOICES = load("kg.events", "voices.rq")
_DOCUMENT_PLACES = load("kg.events", "document_places.rq")
_CHUNK = 256  # reports or documents per query: keeps each query's text small
LINKED_MODALITIES = frozenset({"Negated", "Denied"})
"""The modalities of actions that are still reports of an event: they say it did not happen."""


@dataclass(frozen=True, slots=True)
class Voice:
    """A statement that claims or denies a report, and who made it."""

    statement: str
    denies: bool
    speaker: str | None
    speaker_name: str | None


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a report gives: killed or wounded, as written and as a value."""

    point: str  # "killed" | "wounded"
    value: int | None
    text: str
    victims: str | None = None  # whom it counts, when the words around it say: "military", "civilians"


@dataclass(frozen=True, slots=True)
class Report:
    """One document's report of one event, with what it takes to match it with others."""

    iri: str
    document: str
    label: str
    negotiation: bool
    action_type: str | None  # a local name of kg:ActionTypeScheme ("Airstrike"), None for talks
    day: date | None  # the event's own date, as the article resolves it
    published: date | None  # the article's publication date
    publisher: str | None
    place: str | None  # where the article says it happened (kg:location)
    places: frozenset[str] = frozenset()  # the town or site it happened in and those its sentence names
    agents: frozenset[str] = frozenset()  # IRIs; for talks, the participants
    mediators: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()  # IRIs of named targets
    target_texts: tuple[str, ...] = ()  # targets given as text ("a railway station")
    modality: str | None = None  # "Negated" | "Denied" | None (happened)
    claimed: bool = False
    vague_time: str | None = None  # a time the article gives that is no day ("last month"), lower-case
    figures: tuple[Figure, ...] = ()
    voices: tuple[Voice, ...] = field(default=())

    @property
    def kind(self) -> str:
        """The action type, or ``Negotiation``: what the linking rules' families are keyed by."""
        return "Negotiation" if self.negotiation else (self.action_type or "Attack")

    @property
    def denied(self) -> bool:
        """Whether the report says the event did not happen (negated) or is denied."""
        return self.modality is not None

    @property
    def anchor_day(self) -> date | None:
        """The day a report is filed under for finding candidates: its own date, else publication."""
        return self.day or self.published

    @property
    def names(self) -> frozenset[str]:
        """The IRIs a candidate must share with it: agents, targets, places, mediators."""
        return self.agents | self.targets | self.mediators | self.places


def report_iris(store: Store, documents: Iterable[str]) -> list[str]:
    """The IRIs of the reports that the stored ``documents`` hold, sorted."""
    found: set[str] = set()
    for chunk in _chunks(sorted(documents)):
        found.update(_value(row["r"]) for row in _rows(store.query(_REPORT_IRIS.bind(documents=chunk))))
    return sorted(found)


def read_reports(store: Store, iris: Iterable[str], rules: LinkingRules) -> dict[str, Report]:
    """The reports with the IRIs ``iris`` (those still stored), by IRI.

    A state is no evidence that two reports are of one event ("Israel" is the place of many),
    a town or a site is: the rules' ``broad_places`` name the states.
    """
    broad = rules.broad_places
    reports: dict[str, Report] = {}
    for chunk in _chunks(sorted(set(iris))):
        values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for row in _rows(store.query(_VALUES.bind(reports=chunk))):
            term = row["v"]
            kind = _local(row["p"]) if isinstance(term, ox.NamedNode) else "target_text"
            values[_value(row["r"])][kind].add(_value(term))
        voices: dict[str, list[Voice]] = defaultdict(list)
        for row in _rows(store.query(_VOICES.bind(reports=chunk))):
            speaker, name = row["speaker"], row["name"]
            voices[_value(row["r"])].append(
                Voice(
                    statement=_value(row["s"]),
                    denies=_local(row["relation"]) == "denies",
                    speaker=speaker.value if isinstance(speaker, ox.NamedNode) else None,
                    speaker_name=name.value if isinstance(name, ox.Literal) else None,
                )
            )
        rows = list(_rows(store.query(_REPORTS.bind(reports=chunk))))
        named = _document_places(store, {_value(row["doc"]) for row in rows}, broad)
        for row in rows:
            iri = _value(row["r"])
            if iri in reports:
                continue
            modality = _optional(row["modality"])
            modality = _local_name(modality) if modality else None
            if modality is not None and modality not in LINKED_MODALITIES:
                continue
            vals = values[iri]
            place, place_name = _optional(row["place"]), _optional(row["placeLabel"]) or ""
            sentence = _optional(row["evidence"]) or ""
            places = {p for p, pattern in named.get(_value(row["doc"]), []) if pattern.search(sentence)}
            if place and place_name.lower() not in broad:
                places.add(place)
            negotiation = _optional(row["negotiation"]) == "true"
            reports[iri] = Report(
                iri=iri,
                document=_value(row["doc"]),
                label=_value(row["label"]),
                negotiation=negotiation,
                action_type=_local_name(t) if (t := _optional(row["type"])) else None,
                day=(day := _day(row["date"])),
                vague_time=None if day else (_optional(row["dateText"]) or "").lower() or None,
                published=_day(row["issued"]),
                publisher=_optional(row["publisher"]),
                place=place,
                places=frozenset(places),
                agents=frozenset(vals["participant"] if negotiation else vals["agent"]),
                mediators=frozenset(vals["mediator"]),
                targets=frozenset(vals["target"]),
                target_texts=tuple(sorted(vals["target_text"])),
                modality=modality,
                claimed=_optional(row["claimed"]) == "true",
                figures=tuple(_figures(row, sentence, rules.victim_class)),
                voices=tuple(sorted(voices[iri], key=lambda v: v.statement)),
            )
    return reports


def _document_places(
    store: Store, documents: set[str], broad: frozenset[str]
) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """For each document, its places that are no state, each with a pattern for its name."""
    found: dict[str, list[tuple[str, re.Pattern[str]]]] = defaultdict(list)
    for chunk in _chunks(sorted(documents)):
        for row in _rows(store.query(_DOCUMENT_PLACES.bind(documents=chunk))):
            name = _value(row["label"])
            if name.lower() not in broad:
                pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
                found[_value(row["doc"])].append((_value(row["p"]), pattern))
    return found


def _figures(row: ox.QuerySolution, sentence: str, victim_class: dict[str, str]) -> Iterator[Figure]:
    for point in ("killed", "wounded"):
        text = _optional(row[f"{point}Text"])
        if text is not None:
            value = _optional(row[point])
            yield Figure(
                point, int(value) if value is not None else None, text, _victims(text, sentence, victim_class)
            )


def _victims(text: str, sentence: str, victim_class: dict[str, str]) -> str | None:
    """Whom a toll counts: the first word of a known class in it or in the three words after it."""
    at = sentence.find(text)
    after = sentence[at + len(text) :].split()[:3] if at >= 0 else []
    for word in [*text.split(), *after]:
        kind = victim_class.get(word.strip(".,;:()").lower())
        if kind is not None:
            return kind
    return None


def _chunks(items: list[str]) -> Iterator[list[ox.NamedNode]]:
    for start in range(0, len(items), _CHUNK):
        yield [ox.NamedNode(i) for i in items[start : start + _CHUNK]]


def _rows(result: QueryResult) -> ox.QuerySolutions:
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"a linking query answers solutions, not {type(result).__name__}")
    return result


def _value(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    raise TypeError(f"a linking query answers IRIs and literals, not {term!r}")


def _optional(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else None


def _local(term: object) -> str:
    return _local_name(_value(term))


def _local_name(iri: str) -> str:
    return iri.removeprefix(PREFIXES["kg"])


def _day(term: object) -> date | None:
    text = _optional(term)
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:  # a date the store holds in a form that is no ISO day: not one to match on
        return None
