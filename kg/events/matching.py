"""Which reports are of one event: pure functions over :class:`~kg.events.reports.Report`.

Linking runs in two steps, as event coreference usually does. Within one article, reports of
compatible types that nothing tells apart are taken for one event: an article is mostly about
one event, and its later mentions ("the attack", "the strike") rarely repeat the place or
the agents. Across articles, the groups are compared as wholes (every place, agent and
target any of their reports gives) and joined when their times fit the window and what they
share weighs at least the threshold (``kg/rules/event_linking.toml``). Two groups never join
when any pair of reports across them is told apart (by their dates or their types), nor when
they hold reports of one article that the first step kept apart; so a chain of weak links
cannot join two events that no report connects. The result depends only on the set of
reports, not on the order they come in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from kg.events.reports import Report
from kg.events.rules import LinkingRules

Related = Callable[[frozenset[str], frozenset[str]], bool]
"""Whether two sets of actors name the same side: a shared actor, or two that are affiliated."""


@dataclass(frozen=True, slots=True)
class Match:
    """Why two groups of reports are taken for one event: the total weight and its criteria."""

    score: float
    criteria: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A match that joined two groups, named by one report of each."""

    a: str
    b: str
    match: Match


@dataclass(slots=True)
class Profile:
    """A group of reports taken for one event, the links that joined it, and what they give."""

    reports: list[Report]
    links: list[Link] = field(default_factory=list)

    @property
    def documents(self) -> frozenset[str]:
        return frozenset(r.document for r in self.reports)

    def names(self, attribute: str) -> frozenset[str]:
        """The union of one set-valued attribute (``agents``, ``targets``, ``mediators``)."""
        return frozenset(v for r in self.reports for v in getattr(r, attribute))

    @property
    def places(self) -> frozenset[str]:
        return frozenset(p for r in self.reports for p in r.places)

    @property
    def days(self) -> frozenset[date]:
        return frozenset(r.day for r in self.reports if r.day)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(r.kind for r in self.reports)


def apart(a: Report, b: Report, rules: LinkingRules) -> bool:
    """Whether two reports cannot be of one event, whatever else they share: family, type, time."""
    family = rules.family_of.get(a.kind)
    if family is None or family != rules.family_of.get(b.kind):
        return True
    if frozenset((a.kind, b.kind)) in rules.conflicts:
        return True
    window = rules.windows[family]
    if a.day and b.day:
        return abs((a.day - b.day).days) > window.own_days
    if a.document == b.document and not (a.day or b.day):
        return False  # one article, one time
    if a.day or b.day:  # an undated report is news: of the days just before its article
        dated, undated = (a, b) if a.day else (b, a)
        if undated.published is None or dated.day is None:
            return True
        lag = (undated.published - dated.day).days
        return not -window.own_days <= lag <= window.published_lag_days
    if a.published and b.published:
        return abs((a.published - b.published).days) > window.published_days
    return True


def same_in_article(a: Report, b: Report, rules: LinkingRules, related: Related) -> Match | None:
    """Whether two reports of one article are of one event: yes, unless something tells them apart.

    Told apart: their family, types or dates (:func:`apart`); two specific types that the
    rules do not list as one deed told two ways; agents both named and on different sides;
    places both named and different; talks with different parties; and a denial that shares
    no name with the report it would deny.
    """
    if a.document != b.document or apart(a, b, rules):
        return None
    criteria = ["article"]
    score = 1.0
    if a.kind == b.kind:
        score += 1.0
    elif a.kind not in rules.generic and b.kind not in rules.generic:
        if frozenset((a.kind, b.kind)) not in rules.same_deed:
            return None
        criteria.append("deed")
    if a.agents and b.agents:
        if related(a.agents, b.agents):
            score += 1.0
            criteria.append("agent")
        elif a.denied == b.denied:
            return None  # a denial may name another agent than the report it denies: that is the dispute
    if a.place in a.places and b.place in b.places and a.place and b.place:  # two towns or sites
        if place_key(a.place, rules) != place_key(b.place, rules):
            return None
        score += 1.0
        criteria.append("place")
    if a.negotiation and a.agents and b.agents and a.agents != b.agents:
        return None
    if (a.vague_time or b.vague_time) and a.vague_time != b.vague_time:
        return None  # "last month", "in 2014": another time than the article's news
    if a.denied != b.denied and not (
        a.agents & b.agents
        or a.targets & b.targets
        or a.places & b.places
        or target_words(Profile([a]), rules) & target_words(Profile([b]), rules)
    ):
        return None  # a denial joins what it denies only when they share a name or a target
    return Match(score, tuple(criteria))


def match(p: Profile, q: Profile, rules: LinkingRules) -> Match | None:
    """The match between two groups of different articles, or None when they share too little."""
    if p.documents & q.documents or any(apart(a, b, rules) for a in p.reports for b in q.reports):
        return None
    w = rules.weights
    found: list[tuple[str, float]] = []
    if {place_key(x, rules) for x in p.places} & {place_key(x, rules) for x in q.places}:
        found.append(("place", w["place"]))
    if p.reports[0].negotiation:
        if len(p.names("agents") & q.names("agents")) >= 2:
            found.append(("participants", w["participants"]))
        if p.names("mediators") & q.names("mediators"):
            found.append(("mediator", w["mediator"]))
    else:
        if p.names("agents") & q.names("agents"):
            found.append(("agent", w["agent"]))
        if p.names("targets") & q.names("targets") or target_names(p, rules) & target_names(q, rules):
            found.append(("named target", w["named_target"]))
        elif target_words(p, rules) & target_words(q, rules):
            found.append(("target", w["target"]))
        if (p.kinds & q.kinds) - rules.generic:
            found.append(("type", w["same_type"]))
        if _tolls_agree(p, q):
            found.append(("killed", w["killed"]))
    if p.days & q.days:
        found.append(("date", w["same_date"]))
    score = sum(weight for _, weight in found)
    if score < rules.threshold:
        return None
    return Match(round(score, 3), tuple(name for name, _ in found))


def place_key(iri: str, rules: LinkingRules) -> str:
    """A place's IRI without a place noun its name ends in: "Gezira State" is Gezira."""
    head, _, slug = iri.rpartition("/")
    for suffix in rules.place_suffixes:
        if slug.endswith(f"-{suffix}"):
            return f"{head}/{slug.removesuffix(f'-{suffix}')}"
    return iri


_WORD = re.compile(r"[a-z][a-z-]+")


def target_words(p: Profile, rules: LinkingRules) -> frozenset[str]:
    """The head words of the targets given as text ("a railway station": station), minus vague ones."""
    heads = set()
    for report in p.reports:
        for text in report.target_texts:
            words = _WORD.findall(text.lower())
            if words and words[-1] not in rules.vague_targets:
                heads.add(words[-1])
    return frozenset(heads)


_NAME = re.compile(r"\b[A-Z][\w-]*[a-z][\w-]*")


def target_names(p: Profile, rules: LinkingRules) -> frozenset[str]:
    """The names inside targets given as text ("the al-Ahli Arab hospital": al-ahli, arab), minus states."""
    found = set()
    for report in p.reports:
        for text in report.target_texts:
            for word in _NAME.findall(text):
                if word.lower() not in rules.broad_places and word.lower() not in rules.vague_targets:
                    found.add(word.lower())
    return frozenset(found)


def _tolls_agree(p: Profile, q: Profile) -> bool:
    tolls = [
        [f.value for r in g.reports if not r.denied for f in r.figures if f.point == "killed" and f.value]
        for g in (p, q)
    ]
    if not tolls[0] or not tolls[1]:
        return False
    low, high = sorted((max(tolls[0]), max(tolls[1])))
    return high <= 2 * low


def group(
    reports: Sequence[Report], rules: LinkingRules, affiliated: frozenset[frozenset[str]] = frozenset()
) -> list[Profile]:
    """The reports in groups of one event each, with the links that joined each group.

    Every group's reports are sorted by IRI, and the groups by their first report; a report
    that matches no other is a group of its own. ``affiliated`` holds the pairs of actors that
    stand for each other (a force and its state): naming either is no conflict.
    """

    def related(x: frozenset[str], y: frozenset[str]) -> bool:
        return bool(x & y) or any(frozenset((a, b)) in affiliated for a in x for b in y)

    def in_article(p: Profile, q: Profile) -> Match | None:
        return same_in_article(p.reports[0], q.reports[0], rules, related)

    def article_compatible(p: Profile, q: Profile) -> bool:
        return all(same_in_article(a, b, rules, related) for a in p.reports for b in q.reports)

    def across(p: Profile, q: Profile) -> bool:
        return not (p.documents & q.documents) and not any(
            apart(a, b, rules) for a in p.reports for b in q.reports
        )

    singles = [Profile([r]) for r in sorted(reports, key=lambda r: r.iri)]
    articles = _agglomerate(singles, in_article, article_compatible)
    return _agglomerate(articles, lambda p, q: match(p, q, rules), across)


def _agglomerate(
    profiles: list[Profile],
    score: Callable[[Profile, Profile], Match | None],
    compatible: Callable[[Profile, Profile], bool],
) -> list[Profile]:
    """Join matching groups, strongest match first, as long as the joined groups stay compatible."""
    candidates = []
    for (i, p), (j, q) in combinations(enumerate(profiles), 2):
        found = score(p, q)
        if found is not None:
            candidates.append((-found.score, i, j, found))
    candidates.sort(key=lambda c: c[:3])
    owner = list(range(len(profiles)))
    joined = {n: Profile(list(p.reports), list(p.links)) for n, p in enumerate(profiles)}

    def root(n: int) -> int:
        while owner[n] != n:
            owner[n] = owner[owner[n]]
            n = owner[n]
        return n

    for _, i, j, found in candidates:
        ri, rj = root(i), root(j)
        if ri == rj or not compatible(joined[ri], joined[rj]):
            continue
        keep, gone = min(ri, rj), max(ri, rj)
        owner[gone] = keep
        merged = joined.pop(gone)
        link = Link(profiles[i].reports[0].iri, profiles[j].reports[0].iri, found)
        joined[keep] = Profile(
            sorted([*joined[keep].reports, *merged.reports], key=lambda r: r.iri),
            [*joined[keep].links, *merged.links, link],
        )
    return sorted(joined.values(), key=lambda p: p.reports[0].iri)
