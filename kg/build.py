"""``kg build``: read inputs, build each article, reject what fails, write and store the rest.

Bad input is reported and skipped, a document whose graph violates the shapes is reported and
neither written nor stored; every good document of the run is still written (atomically) and
stored. An unchanged document already in the store is skipped, so a re-run changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.config import Settings
from kg.errors import InputError
from kg.output import output_format, write_documents
from kg.pipeline import BuiltDocument, Pipeline
from kg.reader import read_inputs
from kg.store import GraphStore
from kg.validation import load_shapes, validate_graph
from kg.vocab import KG

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
Say = Callable[[str], None]


@dataclass
class BuildSummary:
    """What a run did, for the closing line and the exit code."""

    built: list[BuiltDocument] = field(default_factory=list)
    unchanged: int = 0
    bad_inputs: int = 0
    invalid: int = 0

    def line(self) -> str:
        x = [b.extraction for b in self.built]
        counts = (
            f"{len(x)} document(s) built: {sum(len(e.actors) for e in x)} actors, "
            f"{sum(len(e.statements) for e in x)} statements, "
            f"{sum(len(e.military_actions) for e in x)} military actions, "
            f"{sum(len(e.negotiations) for e in x)} negotiations"
        )
        rest = f"; {self.unchanged} unchanged in the store" if self.unchanged else ""
        rejected = self.bad_inputs + self.invalid
        return counts + rest + (f"; {rejected} rejected" if rejected else "")

    def exit_code(self) -> int:
        if self.bad_inputs:
            return EXIT_USAGE
        return EXIT_INVALID if self.invalid else EXIT_OK


def build(
    inputs: list[str], *, output: Path | None, store_dir: Path | None, settings: Settings, say: Say
) -> int:
    """Build ``inputs`` into ``output`` and/or the store in ``store_dir``; returns the exit code."""
    if output is not None:
        output_format(output)  # an unknown extension is a usage error before any work
    summary = BuildSummary()
    store = GraphStore(store_dir) if store_dir is not None else None
    pipeline: Pipeline | None = None
    for item in read_inputs(inputs, max_chars=settings.max_document_chars):
        if isinstance(item, InputError):
            say(f"error: {item}")
            summary.bad_inputs += 1
            continue
        pipeline = pipeline or Pipeline(settings)
        built = pipeline.build_article(item)
        if not built.report.conforms:
            say(f"error: {item.source}: the graph violates the shapes; not written\n{built.report.text()}")
            summary.invalid += 1
            continue
        summary.built.append(built)
        if store is not None and not _store(store, built):
            summary.unchanged += 1
    if output is not None and summary.built:
        write_documents(output, [(b.iri, b.graph) for b in summary.built])
    say(summary.line())
    return summary.exit_code()


def _store(store: GraphStore, built: BuiltDocument) -> bool:
    """Put one document in the store unless the same text was built by the same extractor."""
    if _fingerprint(built.graph, built.iri) == stored_fingerprint(store, built.iri):
        return False
    store.put_document(built.iri, built.graph)
    return True


_FINGERPRINT = (KG.textHash, KG.extractorVersion, KG.rulesVersion)


def _fingerprint(graph: Graph, iri: str) -> tuple[str, ...]:
    from rdflib import URIRef

    return tuple(str(graph.value(URIRef(iri), p)) for p in _FINGERPRINT)


def stored_fingerprint(store: GraphStore, iri: str) -> tuple[str, ...] | None:
    """Text hash and extractor/rules versions of a stored document, or None."""
    query = (
        f"SELECT ?h ?v ?r WHERE {{ GRAPH <{iri}> {{ <{iri}> kg:textHash ?h ; "
        "kg:extractorVersion ?v ; kg:rulesVersion ?r } }"
    )
    for row in store.query(query):
        return tuple(str(row[v].value) for v in ("h", "v", "r"))
    return None


def validate_file(path: Path, *, settings: Settings, say: Say) -> int:
    """``kg validate FILE``: print the SHACL report; exit 1 when the graph does not conform."""
    graph = Graph()
    try:
        graph.parse(path, format=_rdflib_format(path))
    except FileNotFoundError:
        say(f"error: {path}: no such file")
        return EXIT_USAGE
    except Exception as err:  # rdflib raises parser-specific types
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        say(f"error: {path}: not a readable graph: {first}")
        return EXIT_USAGE
    report = validate_graph(graph, load_shapes(settings.shapes_dir))
    print(f"{path}: {report.text()}")
    return EXIT_OK if report.conforms else EXIT_INVALID


def _rdflib_format(path: Path) -> str:
    formats = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads"}
    return formats.get(path.suffix.lower(), "xml")
