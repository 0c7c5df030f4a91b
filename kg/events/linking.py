"""Keeping the events graph in step with the documents: link new reports, unlink gone ones.

After documents are stored, replaced or removed, :func:`relink` files their reports under
link keys (``family|day|IRI``: the type family, the anchor day, one name the report gives),
looks up the stored reports filed under the keys a match would need, groups the new reports
with those and with the members of the instances those belong to, and rewrites just those
instances: the cost of a batch depends on the batch, not on the size of the store. All of
it is SPARQL (query, then one update), so a remote store is linked the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

import pyoxigraph as ox

from kg.events.instances import EventInstance, Position, build_instance
from kg.events.matching import Profile, group, place_key, target_words
from kg.events.reports import Report, read_reports, report_iris
from kg.events.rules import LinkingRules
from kg.events.solutions import node_chunks, rows, value
from kg.sparql_text import Template, Term, load
from kg.store import Store
from kg.vocab import PREFIXES, short_hash

_OLD_REPORTS = load("kg.events", "old_reports.rq")
_CANDIDATES = load("kg.events", "candidates.rq")
_INSTANCES = load("kg.events", "instances.rq")
_MEMBERS = load("kg.events", "members.rq")
_AFFILIATIONS = load("kg.events", "affiliations.rq")
_UNLINK = load("kg.events", "unlink.ru")
_UNLINKED = load("kg.events", "unlinked.rq")
_CHUNK = 512  # values per VALUES block

KG, PROV, RDF, RDFS, XSD = (PREFIXES[p] for p in ("kg", "prov", "rdf", "rdfs", "xsd"))


def events_graph(base: str) -> str:
    """The named graph that holds the instances and the link keys: derived, never a document."""
    return f"{base}graph/events"


@dataclass(frozen=True, slots=True)
class Relinked:
    """What a relink did: reports filed, instances retracted and written."""

    reports: int
    retracted: int
    instances: int


def relink(store: Store, documents: Iterable[str], rules: LinkingRules, base: str) -> Relinked:
    """Bring the events graph up to date with ``documents`` as the store now holds them.

    A document stored anew has its reports linked; one replaced has its old reports unlinked
    and its new ones linked; one removed has its reports unlinked. Call it after the write.
    """
    docs = sorted(set(documents))
    if not docs:
        return Relinked(0, 0, 0)
    graph = ox.NamedNode(events_graph(base))
    old = {r for r, _ in _rows_of(store, _OLD_REPORTS, "documents", _nodes(docs), graph)}
    new = read_reports(store, report_iris(store, docs), rules)
    keys = [ox.Literal(k) for k in sorted({k for r in new.values() for k in lookup_keys(r, rules)})]
    candidates = dict(_rows_of(store, _CANDIDATES, "keys", keys, graph))
    for gone in old | set(new):
        candidates.pop(gone, None)
    # a candidate's article is regrouped whole, and so is every article of an instance it is in
    instances = {i for i, _ in _rows_of(store, _INSTANCES, "reports", _nodes(candidates.keys() | old), graph)}
    members = dict(_rows_of(store, _MEMBERS, "instances", _nodes(instances), graph))
    articles = (set(candidates.values()) | set(members.values())) - set(docs)
    pool = dict(new)
    pool.update(read_reports(store, report_iris(store, articles), rules))
    others = _nodes(set(pool) - set(new))
    instances |= {i for i, _ in _rows_of(store, _INSTANCES, "reports", others, graph)}
    speakers = {v.speaker for r in pool.values() for v in r.voices if v.speaker}
    affiliated, labels = _affiliations(store, {a for r in pool.values() for a in r.agents} | speakers, rules)
    written = [
        build_instance(p.reports, p.links, base, affiliated, rules.interceptable)
        for p in group(list(pool.values()), rules, affiliated)
        if len(p.reports) > 1
    ]
    update = _UNLINK.bind(events=graph, instances=_nodes(sorted(instances)), documents=_nodes(docs))
    triples = [
        *_key_triples(new.values(), rules),
        *(t for i in written for t in instance_triples(i, rules.cameo_of, labels)),
    ]
    if triples:
        update += f" ;\nINSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(triples) + "\n} }"
    store.update(update, keeps_documents=True)
    return Relinked(len(new), len(instances), len(written))


def filing_keys(report: Report, rules: LinkingRules) -> list[str]:
    """The keys a report is filed under: its family, its anchor day, each name it gives."""
    family, day = rules.family_of.get(report.kind), report.anchor_day
    if family is None or day is None:
        return []  # linked within its own article only
    return sorted(f"{family}|{day.isoformat()}|{name}" for name in _key_names(report, rules))


def lookup_keys(report: Report, rules: LinkingRules) -> list[str]:
    """The keys under which any report that could match this one is filed."""
    family, day = rules.family_of.get(report.kind), report.anchor_day
    if family is None or day is None:
        return []
    reach = rules.reach_days(family)
    days = [(day + timedelta(days=d)).isoformat() for d in range(-reach, reach + 1)]
    return sorted(f"{family}|{d}|{name}" for d in days for name in _key_names(report, rules))


def _key_names(report: Report, rules: LinkingRules) -> set[str]:
    """What a match needs shared: an IRI (agent, target, place, mediator) or a target's head word."""
    names = {place_key(n, rules) if n in report.places else n for n in report.names}
    return names | {f"word:{w}" for w in target_words(Profile([report]), rules)}


def unlinked(store: Store, documents: Iterable[str], base: str) -> list[str]:
    """The stored ``documents`` whose reports the events graph does not file yet: a build that
    stopped after storing them and before linking them leaves them so, and the next build,
    which finds them unchanged, links them then."""
    graph = ox.NamedNode(events_graph(base))
    return sorted({d for d, _ in _rows_of(store, _UNLINKED, "documents", _nodes(set(documents)), graph)})


def _key_triples(reports: Iterable[Report], rules: LinkingRules) -> Iterator[str]:
    """Each report's article (for unlinking it when the article goes) and its link keys."""
    for report in reports:
        r = _iri(report.iri)
        yield f"{r} <{PROV}wasDerivedFrom> {_iri(report.document)} ."
        for key in filing_keys(report, rules):
            yield f"{r} <{KG}linkKey> {ox.Literal(key)} ."


def instance_triples(
    instance: EventInstance, cameo_of: Mapping[str, str], names: Mapping[str, str]
) -> Iterator[str]:
    """The instance as N-Triples lines: what the reports agree on, figures, disputes, links.

    ``cameo_of`` gives each action type's CAMEO code, ``names`` the labels of the actors a
    position may name as its source without a name of its own (a denier in the article's words).
    """
    i = _iri(instance.iri)
    negotiation = instance.kind == "Negotiation"

    def t(s: str, p: str, o: str) -> str:
        return f"{s} <{p}> {o} ."

    yield t(i, RDF + "type", f"<{KG}EventInstance>")
    yield t(i, RDFS + "label", str(ox.Literal(_label(instance))))
    yield t(i, KG + "eventClass", f"<{KG}{'Negotiation' if negotiation else 'MilitaryAction'}>")
    if not negotiation:
        yield t(i, KG + "actionType", f"<{KG}{instance.kind}>")
        if instance.kind in cameo_of:
            yield t(i, KG + "cameoCode", str(ox.Literal(cameo_of[instance.kind])))
    if instance.day:
        yield t(i, KG + "date", _date(instance.day.isoformat()))
    if instance.first_published:
        yield t(i, KG + "firstReported", _date(instance.first_published.isoformat()))
    if instance.place:
        yield t(i, KG + "location", _iri(instance.place))
    for agent in sorted(instance.agents):
        yield t(i, KG + ("participant" if negotiation else "agent"), _iri(agent))
    for mediator in sorted(instance.mediators):
        yield t(i, KG + "mediator", _iri(mediator))
    for target in sorted(instance.targets):
        yield t(i, KG + "target", _iri(target))
    for report in instance.reports:
        yield t(i, KG + "reportedBy", _iri(report.iri))
        yield t(_iri(report.iri), KG + "reportOf", i)
    counts = {
        "reportCount": len(instance.reports),
        "documentCount": len(instance.documents),
        "publisherCount": instance.sources,
        "claimCount": sum(r.claimed for r in instance.reports),
        "ownVoiceCount": sum(not r.claimed for r in instance.reports),
        "denialCount": sum(r.denied or any(v.denies for v in r.voices) for r in instance.reports),
        "disputeCount": len(instance.disputes),
    }
    for name, n in counts.items():
        yield t(i, KG + name, _int(n))
    for link in instance.links:
        node = _iri(f"{instance.iri}/link/{short_hash(link.a, link.b)}")
        yield t(i, KG + "link", node)
        yield t(node, RDF + "type", f"<{KG}ReportLink>")
        yield t(node, KG + "joins", _iri(link.a))
        yield t(node, KG + "joins", _iri(link.b))
        yield t(
            node, KG + "score", str(ox.Literal(str(link.match.score), datatype=ox.NamedNode(XSD + "decimal")))
        )
        for criterion in link.match.criteria:
            yield t(node, KG + "criterion", str(ox.Literal(criterion)))
    for figure in instance.figures:
        node = _position_node(instance, figure)
        yield t(i, KG + "figure", node)
        yield from _position_triples(node, figure, f"<{KG}Figure>", names)
    for dispute in instance.disputes:
        node = _iri(f"{instance.iri}/dispute/{dispute.point}")
        yield t(i, KG + "dispute", node)
        yield t(node, RDF + "type", f"<{KG}Dispute>")
        yield t(node, KG + "point", str(ox.Literal(dispute.point)))
        yield t(node, RDFS + "label", str(ox.Literal(f"{dispute.point}: {len(dispute.sides)} positions")))
        for side in dispute.sides:
            side_node = _position_node(instance, side)
            yield t(node, KG + "side", side_node)
            if dispute.point not in ("killed", "wounded"):  # toll sides are the figures, written above
                yield from _position_triples(side_node, side, f"<{KG}Position>", names)
        for a, b in dispute.contradictions:
            yield t(_iri(a), KG + "contradicts", _iri(b))
            yield t(_iri(b), KG + "contradicts", _iri(a))


def _position_node(instance: EventInstance, p: Position) -> str:
    key = short_hash(p.report, p.statement or "", p.text, ",".join(sorted(p.agents)))
    return _iri(f"{instance.iri}/position/{key}")


def _position_triples(node: str, p: Position, kind: str, names: Mapping[str, str]) -> Iterator[str]:
    yield f"{node} <{RDF}type> {kind} ."
    yield f"{node} <{KG}statedIn> {_iri(p.report)} ."
    yield f"{node} <{KG}stance> <{KG}{'Affirmative' if p.affirms else 'Negative'}> ."
    if p.statement:
        yield f"{node} <{KG}statement> {_iri(p.statement)} ."
    if p.source:
        yield f"{node} <{KG}source> {_iri(p.source)} ."
    name = p.source_name or (names.get(p.source) if p.source else None)
    if name:
        yield f"{node} <{KG}sourceName> {ox.Literal(name)} ."
    if p.text:
        point, _, text = p.text.partition(": ")
        yield f"{node} <{KG}point> {ox.Literal(point)} ."
        yield f"{node} <{KG}valueText> {ox.Literal(text)} ."
    if p.value is not None:
        yield f"{node} <{KG}value> {_int(p.value)} ."
    for agent in sorted(p.agents):
        yield f"{node} <{KG}agent> {_iri(agent)} ."


def _label(instance: EventInstance) -> str:
    parts = [instance.kind]
    if instance.day:
        parts.append(instance.day.isoformat())
    return f"{' '.join(parts)}: {len(instance.reports)} reports in {len(instance.documents)} articles"


def _rows_of(
    store: Store,
    query: Template,
    parameter: str,
    values: Sequence[Term],
    graph: ox.NamedNode,
) -> Iterator[tuple[str, str]]:
    """The first two columns of a query's answers, run once per chunk of ``values``."""
    ordered: list[Term] = sorted(values, key=lambda v: v.value)
    for start in range(0, len(ordered), _CHUNK):
        chunk: Sequence[Term] = ordered[start : start + _CHUNK]
        result = store.query(query.bind(events=graph, **{parameter: chunk}))
        for row in rows(result):
            terms = list(row)
            yield value(terms[0]), (value(terms[1]) if len(terms) > 1 else "")


def _affiliations(
    store: Store, actors: set[str], rules: LinkingRules
) -> tuple[frozenset[frozenset[str]], dict[str, str]]:
    """The pairs of ``actors`` that stand for each other (affiliated in a graph or the
    gazetteer), and the actors' labels."""
    pairs = set()
    labels: dict[str, str] = {}
    for chunk in node_chunks(sorted(actors), _CHUNK):
        for row in rows(store.query(_AFFILIATIONS.bind(actors=chunk))):
            a, b, name = row["a"], row["b"], row["name"]
            if isinstance(b, ox.NamedNode):
                pairs.add(frozenset((value(a), b.value)))
            if isinstance(name, ox.Literal):
                labels.setdefault(value(a), name.value)
    names = {iri: label.lower() for iri, label in labels.items()}
    by_name = {name: iri for iri, name in names.items()}
    for iri, name in names.items():
        # the gazetteer's affiliation, else the state a demonym names: "the Russian Defence Ministry"
        first = name.split(" ", 1)[0]
        state = rules.affiliation_of.get(name) or (rules.state_of_demonym.get(first) if " " in name else None)
        parent = by_name.get(state or "")
        if parent is not None and parent != iri:
            pairs.add(frozenset((iri, parent)))
    return frozenset(pairs), labels


def _iri(value: str) -> str:
    return str(ox.NamedNode(value))


def _int(n: int) -> str:
    return str(ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer")))


def _date(text: str) -> str:
    return str(ox.Literal(text, datatype=ox.NamedNode(XSD + "date")))


def _nodes(iris: Iterable[str]) -> list[ox.NamedNode]:
    return [ox.NamedNode(i) for i in iris]
