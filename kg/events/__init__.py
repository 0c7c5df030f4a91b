"""One event across many reports: linking the documents' reports into event instances.

Documents are stored one named graph each; the instances live in a graph of their own,
derived from them (:func:`~kg.events.linking.events_graph`) and kept in step by
:func:`~kg.events.linking.relink` after every write. The steps, each a module:
:mod:`~kg.events.reports` (read back what each article reports), :mod:`~kg.events.matching`
(which reports are of one event), :mod:`~kg.events.instances` (what they agree on and where
they disagree), :mod:`~kg.events.linking` (the store's events graph).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from kg.config import Settings
from kg.events.linking import Relinked, events_graph, relink, unlinked
from kg.events.rules import LinkingRules, load_linking_rules
from kg.store import Store

__all__ = [
    "LinkingRules",
    "Relinked",
    "events_graph",
    "link_documents",
    "linking_rules",
    "load_linking_rules",
    "relink",
]


def linking_rules(settings: Settings) -> LinkingRules:
    """The linking rules the settings ask for: the rule files, and the threshold if it is set."""
    rules = _rules(settings.rules_dir, settings.gazetteer, settings.ontology_dir)
    if settings.event_match_threshold is not None:
        rules = replace(rules, threshold=settings.event_match_threshold)
    return rules


@lru_cache(maxsize=4)
def _rules(rules_dir: Path | None, gazetteer: Path | None, ontology: Path) -> LinkingRules:
    return load_linking_rules(rules_dir, gazetteer, ontology)


def link_documents(
    store: Store, documents: Iterable[str], settings: Settings, *, unchanged: Iterable[str] = ()
) -> Relinked | None:
    """Relink the events of ``documents`` after a write, unless the settings turn linking off;
    of the ``unchanged`` ones (stored before, not written again), those not linked yet too."""
    if not settings.link_events:
        return None
    pending = unlinked(store, unchanged, settings.base_iri)
    return relink(store, [*documents, *pending], linking_rules(settings), settings.base_iri)
