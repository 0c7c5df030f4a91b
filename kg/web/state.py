"""What the app keeps between requests: one :class:`WebState` on ``app.state``, made by ``create_app``.

The store, the settings and the query pool that the routes use, and what is worth keeping of
what they give: the dataset's figures (computed again once the store's version moves), the
triples of the ontology and the shapes (read again once a file changes), the example queries,
and how many graph dumps are streaming. Nothing of it is module-global, so two apps in one
process (the tests make many) neither share nor mix what they keep.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.config import Settings
from kg.sandbox import QueryPool
from kg.store import LocalStore
from kg.web import queries
from kg.web.examples import example_queries


@dataclass(frozen=True, slots=True)
class TurtleFiles:
    """The triples of a directory's ``*.ttl`` files, merged, and the prefixes they declare."""

    triples: list[ox.Triple]
    prefixes: dict[str, str]


class DumpCounter:
    """How many graph dumps are being produced right now (``/health`` shows it: a leak would grow it)."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    @property
    def current(self) -> int:
        return self._count

    def started(self) -> None:
        with self._lock:
            self._count += 1

    def ended(self) -> None:
        with self._lock:
            self._count -= 1


class WebState:
    """The app's store, settings and query pool, and the values derived from them that it keeps."""

    def __init__(self, store: LocalStore, settings: Settings, pool: QueryPool) -> None:
        self.store, self.settings, self.pool = store, settings, pool
        self.examples = example_queries()
        self.dumps = DumpCounter()
        self._lock = threading.Lock()
        self._figures: tuple[int, queries.Figures] | None = None
        self._turtle: dict[Path, tuple[object, TurtleFiles]] = {}

    def figures(self) -> queries.Figures:
        """The dataset's figures, computed once per version of the store."""
        version = self.store.version
        with self._lock:
            if self._figures is not None and self._figures[0] == version:
                return self._figures[1]
        figures = queries.figures(self.pool)
        with self._lock:
            self._figures = (version, figures)
        return figures

    def turtle(self, directory: Path) -> TurtleFiles:
        """The ``*.ttl`` files of ``directory`` (an existing one), read once until one changes."""
        files = sorted(directory.glob("*.ttl"))
        key = tuple((str(f), f.stat().st_mtime_ns) for f in files)
        with self._lock:
            cached = self._turtle.get(directory)
            if cached is not None and cached[0] == key:
                return cached[1]
        read = _read_turtle(files)
        with self._lock:
            self._turtle[directory] = (key, read)
        return read


def _read_turtle(files: list[Path]) -> TurtleFiles:
    triples: list[ox.Triple] = []
    prefixes: dict[str, str] = {}
    for path in files:
        parser = ox.parse(path=path, format=ox.RdfFormat.TURTLE)
        triples.extend(quad.triple for quad in parser)
        prefixes.update(parser.prefixes)
    return TurtleFiles(triples, prefixes)
