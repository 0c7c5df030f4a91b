"""The ``kg`` command: build, validate, query, remove and serve. A thin layer over the pipeline.

The library returns values (a build's summary, a validation report, query results); this
module alone prints them and chooses the exit code. Exit codes (the contract): 0 success; 1 a
graph violates the shapes (nothing invalid is written or stored); 2 bad usage or unreadable
input, with one clear line each.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NoReturn

from kg.config import Settings, get_settings
from kg.errors import InputError, KgError

if TYPE_CHECKING:
    from kg.build import BuildSummary, Unchanged
    from kg.pipeline import Outcome

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"kg: error: {message} (see kg {self.prog.split()[-1]} --help)\n")


STORE_HELP = (
    "the store: a directory (default: KG_STORE_PATH, else data/store), a running `kg serve` at "
    "http(s)://HOST:PORT (writes send KG_WRITE_TOKEN), or a SPARQL 1.1 store at sparql+http(s)://…"
)


def _command(sub: argparse._SubParsersAction[_Parser], name: str, summary: str, text: str) -> _Parser:
    return sub.add_parser(name, help=summary, description=f"{summary[0].upper()}{summary[1:]}. {text}")


def _parser() -> argparse.ArgumentParser:
    from kg.package_data import version

    parser = _Parser(
        prog="kg",
        description="Turn English news articles into a validated knowledge graph, and publish it.",
        epilog="Exit codes: 0 success; 1 a graph violates the shapes; 2 bad usage or unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"kg (NewsKG) {version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    _build_parser(sub)
    validate = _command(
        sub,
        "validate",
        "SHACL-validate a graph file against the shapes",
        "Reads FILE (any RDF syntax, by its extension) and prints a readable report; exit 1 if it"
        " violates the shapes (KG_SHAPES_DIR, default: the shapes shipped in the package).",
    )
    validate.add_argument(
        "file", type=Path, metavar="FILE", help="a graph file (.ttl .nt .jsonld .trig .nq .rdf)"
    )
    _serve_parser(sub)
    query = _command(
        sub,
        "query",
        "run a SPARQL query against the store",
        "The common prefixes (kg: rdfs: owl: skos: dcterms: prov: xsd: wd: …) are declared.",
    )
    query.add_argument("query", metavar="QUERY", help="the query text, a .rq file, or - for standard input")
    query.add_argument("--store", metavar="DIR|URL", help=STORE_HELP)
    query.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table for people, json (SPARQL 1.1 JSON results) or csv (default: table)",
    )
    remove = _command(
        sub,
        "remove",
        "retract one document's graph from the store",
        "Removes the document's named graph, locally or from a running server (with KG_WRITE_TOKEN).",
    )
    remove.add_argument("doc_id", metavar="DOC-ID", help="the document's id or IRI")
    remove.add_argument("--store", metavar="DIR|URL", help=STORE_HELP)
    return parser


def _build_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    build = _command(
        sub,
        "build",
        "extract, validate and write the graph",
        "Each article is parsed, mapped to RDF and SHACL-validated; a valid document's graph is written"
        " to OUT and/or stored. A directory is read recursively: its .txt, .html, .htm and .jsonl"
        " files, hidden files and directories skipped. A document's id is its path under the"
        " directory given (or its file name), or the JSONL record's id.",
    )
    build.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt, .html, .jsonl, a directory, or -")
    build.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="graph file (.ttl .nt .jsonld .trig .nq .rdf)"
    )
    build.add_argument(
        "--store",
        dest="store_target",
        metavar="DIR|URL",
        help="add the documents to a store: a directory, a running `kg serve` at http(s)://HOST:PORT"
        " (sends KG_WRITE_TOKEN), or a SPARQL 1.1 store at sparql+http(s)://… (default: none)",
    )
    build.add_argument(
        "-j", "--jobs", type=int, help="worker processes; 0: one per core (default: KG_JOBS, else 1)"
    )
    build.add_argument(
        "--batch-size", type=int, default=32, help="texts spaCy parses at a time (default: 32)"
    )
    build.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="build on the Dask scheduler at ADDRESS; local: a LocalCluster (default: off)",
    )
    build.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar with a total and an ETA on standard error (default: when it is a terminal)",
    )


def _serve_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    serve = _command(
        sub,
        "serve",
        "serve the store over HTTP: SPARQL, linked data, the web view",
        "Builds INPUT into the store first, when given. Writes (POST /documents, PUT /graph, SPARQL"
        " Update) need KG_WRITE_TOKEN to be set; without it the server is read-only.",
    )
    serve.add_argument("inputs", nargs="*", metavar="INPUT", help="articles to build into the store first")
    serve.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="the store's directory (default: KG_STORE_PATH, else data/store)",
    )
    serve.add_argument("--host", help="the address to listen on (default: KG_HOST, else 127.0.0.1)")
    serve.add_argument("--port", type=int, help="the port to listen on (default: KG_PORT, else 8000)")


def _settings(args: argparse.Namespace) -> Settings:
    settings = get_settings()
    overrides = {k: getattr(args, k) for k in ("host", "port") if getattr(args, k, None) is not None}
    return settings.model_copy(update=overrides)


def _store_location(args: argparse.Namespace, settings: Settings) -> str | Path:
    """``--store`` as given (a directory or a URL: ``open_store`` tells), else ``KG_STORE_PATH``."""
    return args.store if args.store is not None else settings.store_path


def _say(message: str) -> None:
    print(f"kg: {message}", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from kg.build import BuildOptions, build  # spaCy loads only for commands that parse
    from kg.input_files import count_articles

    if args.output is None and args.store_target is None:
        _say("error: nothing to do: give -o OUT and/or --store DIR")
        return EXIT_USAGE
    jobs = args.jobs if args.jobs is not None else _env_jobs()
    if args.dask == "local" and args.jobs is None and "KG_JOBS" not in os.environ:
        jobs = 0  # a local cluster gets one worker per core unless told otherwise
    if jobs < 0 or args.batch_size < 1:
        _say("error: --jobs must be 0 (one per core) or more, and --batch-size 1 or more")
        return EXIT_USAGE
    options = BuildOptions(jobs=jobs or os.cpu_count() or 1, batch_size=args.batch_size, dask=args.dask)
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    with _BuildReport(progress=progress, total=count_articles(args.inputs) if progress else None) as report:
        summary = build(
            args.inputs,
            output=args.output,
            store=args.store_target,
            settings=_settings(args),
            options=options,
            observe=report,
        )
    _say(summary_line(summary))
    return exit_code(summary)


class _BuildReport:
    """What ``kg build`` prints as it goes: each rejection at once, above the progress bar if any."""

    def __init__(self, *, progress: bool, total: int | None = None) -> None:
        from tqdm import tqdm

        # with a total, tqdm shows the share done and the time left (ETA)
        self.bar = tqdm(
            total=total,
            unit="doc",
            desc="kg build",
            file=sys.stderr,
            disable=not progress,
            dynamic_ncols=True,
        )

    def __call__(self, outcome: Outcome | InputError | Unchanged) -> None:
        message = _rejection(outcome)
        if message is not None:
            self.say(message)
        self.bar.update(1)  # every article or bad input counts towards the total

    def say(self, message: str) -> None:
        if self.bar.disable:
            _say(message)
            return
        with self.bar.external_write_mode(file=sys.stderr):
            _say(message)

    def __enter__(self) -> _BuildReport:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.bar.close()


def _rejection(outcome: Outcome | InputError | Unchanged) -> str | None:
    """The line (or lines, for violations) that reports an input or article that was rejected."""
    from kg.pipeline import Refused

    if isinstance(outcome, InputError):
        return f"error: {outcome}"
    if not isinstance(outcome, Refused):
        return None
    source = outcome.article.source or outcome.article.doc_id
    if outcome.report is not None:
        return f"error: {source}: the graph violates the shapes; not written\n{outcome.report.text()}"
    return f"error: {source}: {outcome.reason}"


def summary_line(summary: BuildSummary) -> str:
    """The closing line of a build: counts, what was unchanged, the first rejections."""
    line = (
        f"{summary.documents} document(s) built: {summary.actors} actors, {summary.statements} statements, "
        f"{summary.military_actions} military actions, {summary.negotiations} negotiations"
    )
    if summary.unchanged:
        line += f"; {summary.unchanged} unchanged in the store"
    if summary.rejected:  # each was printed as it came: counted here, not repeated
        line += f"; {summary.rejected} rejected (each named above)"
    return line


def exit_code(summary: BuildSummary) -> int:
    """2 when an input could not be read (or was over a limit), else 1 when a graph was invalid, else 0."""
    if summary.bad_inputs:
        return EXIT_USAGE
    return EXIT_INVALID if summary.invalid else EXIT_OK


def _env_jobs() -> int:
    """``KG_JOBS`` (read here until Settings carries it), else 1."""
    value = os.environ.get("KG_JOBS", "1")
    if not value.isdigit():
        raise InputError("KG_JOBS", f"{value!r} is not a number of processes")
    return int(value)


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.validation import load_shapes, validate_file

    report = validate_file(args.file, load_shapes(_settings(args).shapes_dir))
    print(f"{args.file}: {report.text()}")
    return EXIT_OK if report.conforms else EXIT_INVALID


def cmd_query(args: argparse.Namespace) -> int:
    from kg.query_output import print_results
    from kg.store import open_store

    text = args.query
    if text == "-":
        text = sys.stdin.read()
    elif text.endswith(".rq") and Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8")
    settings = _settings(args)
    store = open_store(_store_location(args, settings), read_only=True, token=settings.write_token)
    print_results(store.query(text), args.format, sys.stdout)
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    from kg.events import link_documents
    from kg.store import open_store
    from kg.vocab import document_iri

    settings = _settings(args)
    iri = args.doc_id if "://" in args.doc_id else document_iri(args.doc_id, settings.base_iri)
    store = open_store(_store_location(args, settings), token=settings.write_token)
    if store.remove_document(iri):
        link_documents(store, [iri], settings)
        _say(f"removed {iri}")
        return EXIT_OK
    _say(f"error: {iri}: no such document in {store.location}")
    return EXIT_USAGE


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.store is not None:
        settings = settings.model_copy(update={"store_path": args.store})
    if args.inputs:
        from kg.build import build

        with _BuildReport(progress=False) as report:
            summary = build(
                args.inputs, output=None, store=settings.store_path, settings=settings, observe=report
            )
        _say(summary_line(summary))
        if exit_code(summary) == EXIT_INVALID:
            return EXIT_INVALID
    from kg.ingest import DocumentIngest
    from kg.web.server import serve

    gc.collect()  # the build above has let go of the store; make sure its lock is gone
    serve(settings.store_path, settings, ingest=lambda store: DocumentIngest(store, settings))
    return EXIT_OK


COMMANDS = {
    "build": cmd_build,
    "validate": cmd_validate,
    "query": cmd_query,
    "remove": cmd_remove,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command; errors NewsKG expects become one line and an exit code."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputError as err:
        _say(f"error: {err}")
        return EXIT_USAGE
    except KgError as err:
        _say(f"error: {err}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say("interrupted; outputs are left as they were")
        return 130
    except BrokenPipeError:  # "kg query ... | head": the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def app() -> None:
    """Entry point for ``python -m kg``."""
    sys.exit(main())


if __name__ == "__main__":
    app()
