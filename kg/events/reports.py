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
from kg.events.solutions import node_chunks, rows, value
from kg.sparql_text import load
from kg.store import Store
from kg.vocab import PREFIXES

_REPORT_IRIS = load("kg.events", "report_iris.rq")
_REPORT_FACTS = load("kg.events", "report_facts.rq")
_DOCUMENT_FACTS = load("kg.events", "document_facts.rq")
_LABELS = load("kg.events", "labels.rq")
_VOICES = load("kg.events", "voices.rq")
_SPEAKERS = load("kg.events", "speakers.rq")
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
    toll_source: str | None = None  # who gives its figures (kg:tollSource), when the article says

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
        found.update(value(row["r"]) for row in rows(store.query(_REPORT_IRIS.bind(documents=chunk))))
    return sorted(found)


def read_reports(store: Store, iris: Iterable[str], rules: LinkingRules) -> dict[str, Report]:
    """The reports with the IRIs ``iris`` (those still stored), by IRI.

    A state is no evidence that two reports are of one event ("Israel" is the place of many),
    a town or a site is: the rules' ``broad_places`` name the states. Every query here looks
    up the terms it is given (by subject or object), so reading a report costs the same in a
    store of ten thousand documents as in one of ten.
    """
    reports: dict[str, Report] = {}
    for chunk in _chunks(sorted(set(iris))):
        facts = _report_facts(store, chunk)
        documents = {f.document for f in facts.values()}
        published = _document_facts(store, documents)
        named = _document_places(store, documents, rules.broad_places)
        labels = _labels(store, {p for f in facts.values() for p in f.all(_KG + "location")})
        voices = _voices(store, chunk)
        for iri, f in sorted(facts.items()):
            modality = _local_name(m) if (m := f.one(_KG + "modality")) else None
            if modality is not None and modality not in LINKED_MODALITIES:
                continue
            reports[iri] = _report(iri, f, published.get(f.document, {}), named, labels, voices, rules)
    return reports


_KG = PREFIXES["kg"]
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_DCTERMS = "http://purl.org/dc/terms/"


@dataclass(slots=True)
class _Facts:
    """What one report's document graph says of it: predicate IRI -> objects, sorted."""

    document: str = ""
    objects: dict[str, list[ox.NamedNode | ox.Literal]] = field(default_factory=dict)

    def one(self, predicate: str) -> str | None:
        """The first value of ``predicate`` (in order), or None."""
        values = self.objects.get(predicate)
        return values[0].value if values else None

    def all(self, predicate: str) -> list[str]:
        return [v.value for v in self.objects.get(predicate, ())]


def _report_facts(store: Store, chunk: list[ox.NamedNode]) -> dict[str, _Facts]:
    """Each report's triples in its own document's graph (the graph it says it is derived from)."""
    by_graph: dict[tuple[str, str], _Facts] = defaultdict(_Facts)
    for row in rows(store.query(_REPORT_FACTS.bind(reports=chunk))):
        term = row["v"]
        if isinstance(term, ox.NamedNode | ox.Literal):
            facts = by_graph[(value(row["r"]), value(row["g"]))]
            facts.objects.setdefault(value(row["p"]), []).append(term)
    found: dict[str, _Facts] = {}
    for (report, graph), facts in by_graph.items():
        if graph in facts.all(_PROV_DERIVED) and _RDFS_LABEL in facts.objects:
            for values in facts.objects.values():
                values.sort(key=lambda t: t.value)
            facts.document = graph
            found[report] = facts
    return found


def _document_facts(store: Store, documents: set[str]) -> dict[str, dict[str, str]]:
    """When and by whom each document was published, by document and local name."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for chunk in _chunks(sorted(documents)):
        for row in rows(store.query(_DOCUMENT_FACTS.bind(documents=chunk))):
            name = value(row["p"]).removeprefix(_DCTERMS)
            doc, issued = value(row["doc"]), value(row["v"])
            found[doc][name] = min(found[doc].get(name, issued), issued)
    return found


def _labels(store: Store, things: set[str]) -> dict[str, str]:
    """A label of each thing (the first in order, if documents label it differently)."""
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(things)):
        for row in rows(store.query(_LABELS.bind(things=chunk))):
            thing, label = value(row["x"]), value(row["label"])
            found[thing] = min(found.get(thing, label), label)
    return found


def _voices(store: Store, chunk: list[ox.NamedNode]) -> dict[str, list[Voice]]:
    """The statements that claim or deny each report, with their speakers and speakers' names."""
    said = [
        (value(row["r"]), value(row["s"]), _local(row["relation"]) == "denies")
        for row in rows(store.query(_VOICES.bind(reports=chunk)))
    ]
    speakers: dict[str, str] = {}
    for part in _chunks(sorted({s for _, s, _ in said})):
        for row in rows(store.query(_SPEAKERS.bind(statements=part))):
            speakers[value(row["s"])] = value(row["speaker"])
    names = _labels(store, set(speakers.values()))
    voices: dict[str, list[Voice]] = defaultdict(list)
    for report, statement, denies in said:
        speaker = speakers.get(statement)
        voices[report].append(Voice(statement, denies, speaker, names.get(speaker) if speaker else None))
    return voices


def _report(
    iri: str,
    f: _Facts,
    published: dict[str, str],
    named: dict[str, list[tuple[str, re.Pattern[str]]]],
    labels: dict[str, str],
    voices: dict[str, list[Voice]],
    rules: LinkingRules,
) -> Report:
    place = f.one(_KG + "location")
    sentence = f.one(_KG + "evidence") or ""
    places = {p for p, pattern in named.get(f.document, []) if pattern.search(sentence)}
    if place and labels.get(place, "").lower() not in rules.broad_places:
        places.add(place)
    negotiation = _KG + "Negotiation" in f.all(_RDF_TYPE)
    day = _day(f.one(_KG + "date") or f.one(_KG + "startDate"))
    time_text = f.one(_KG + "dateText") or f.one(_KG + "startDateText")
    targets = f.objects.get(_KG + "target", [])
    return Report(
        iri=iri,
        document=f.document,
        label=f.one(_RDFS_LABEL) or "",
        negotiation=negotiation,
        action_type=_local_name(t) if (t := f.one(_KG + "actionType")) else None,
        day=day,
        vague_time=None if day else (time_text or "").lower() or None,
        published=_day(published.get("issued")),
        publisher=published.get("publisher"),
        place=place,
        places=frozenset(places),
        agents=frozenset(f.all(_KG + ("participant" if negotiation else "agent"))),
        mediators=frozenset(f.all(_KG + "mediator")),
        targets=frozenset(t.value for t in targets if isinstance(t, ox.NamedNode)),
        target_texts=tuple(sorted(t.value for t in targets if isinstance(t, ox.Literal))),
        modality=_local_name(m) if (m := f.one(_KG + "modality")) else None,
        claimed=f.one(_KG + "claimed") == "true",
        figures=tuple(_figures(f, sentence, rules.victim_class)),
        voices=tuple(sorted(voices.get(iri, []), key=lambda v: v.statement)),
        toll_source=f.one(_KG + "tollSource"),
    )


def _document_places(
    store: Store, documents: set[str], broad: frozenset[str]
) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """For each document, its places that are no state, each with a pattern for its name."""
    found: dict[str, list[tuple[str, re.Pattern[str]]]] = defaultdict(list)
    for chunk in _chunks(sorted(documents)):
        for row in rows(store.query(_DOCUMENT_PLACES.bind(documents=chunk))):
            name = value(row["label"])
            if name.lower() not in broad:
                pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
                found[value(row["doc"])].append((value(row["p"]), pattern))
    return found


def _figures(f: _Facts, sentence: str, victim_class: dict[str, str]) -> Iterator[Figure]:
    for point in ("killed", "wounded"):
        text = f.one(f"{_KG}{point}Text")
        if text is not None:
            number = f.one(f"{_KG}{point}")
            yield Figure(
                point,
                int(number) if number is not None else None,
                text,
                _victims(text, sentence, victim_class),
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
    return node_chunks(items, _CHUNK)


def _optional(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else None


def _local(term: object) -> str:
    return _local_name(value(term))


def _local_name(iri: str) -> str:
    return iri.removeprefix(PREFIXES["kg"])


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:  # a date the store holds in a form that is no ISO day: not one to match on
        return None
