"""The ``kg`` command as a user runs it: real files, a real store on disk, exit codes, messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF

from kg.cli import main
from kg.vocab import KG

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9d3f9a3be7baeea0.txt"
SHAPE_CASES = Path(__file__).parent / "shape_cases"


def kg(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed command in a child process, as a shell user would."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("store")
    assert main(["build", str(SEED), "--store", str(store)]) == 0
    return store


def test_build_writes_a_turtle_graph(tmp_path: Path) -> None:
    out = tmp_path / "seed.ttl"
    assert main(["build", str(SEED), "-o", str(out)]) == 0
    g = Graph().parse(out, format="turtle")
    assert len(list(g.subjects(RDF.type, KG.Statement))) >= 15
    assert len(list(g.subjects(RDF.type, KG.MilitaryAction))) >= 5


@pytest.mark.parametrize(
    ("suffix", "fmt"), [(".nt", "nt"), (".jsonld", "json-ld"), (".trig", "trig"), (".nq", "nquads")]
)
def test_build_writes_other_formats(tmp_path: Path, suffix: str, fmt: str) -> None:
    out = tmp_path / f"seed{suffix}"
    assert main(["build", str(SEED), "-o", str(out)]) == 0
    assert len(Graph().parse(out, format=fmt)) > 100 or fmt in {"trig", "nquads"}


def test_bad_input_is_one_line_exit_2_and_good_articles_still_written(tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # an image saved as .txt
    out = tmp_path / "out.ttl"
    result = kg("build", str(SEED), str(bad), "-o", str(out))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [f"kg: error: {bad}: binary file (NUL bytes), not text"]
    assert "Traceback" not in result.stderr
    assert len(Graph().parse(out, format="turtle")) > 100


def test_article_over_the_sentence_limit_is_one_line_and_the_others_are_written(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": "long", "text": "Hamas said talks would resume. Israel denied it. Egypt hosted them."},
            {"id": "short", "text": "Hamas said talks would resume."}]  # fmt: skip
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.nt"
    result = kg("build", str(feed), "-o", str(out), env={"KG_MAX_SENTENCES_PER_DOCUMENT": "2"})
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [
        f"kg: error: {feed}:1: has 3 sentences, over the limit of 2 "
        "(set KG_MAX_SENTENCES_PER_DOCUMENT to raise it); refused whole"
    ]
    written = out.read_text(encoding="utf-8")
    assert "/id/document/short>" in written and "/id/document/long>" not in written


def test_malformed_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "ok", "text": "Hamas said talks would resume."}) + "\n{oops\n", encoding="utf-8"
    )
    result = kg("build", str(feed), "-o", str(tmp_path / "feed.ttl"))
    assert result.returncode == 2
    assert f"kg: error: {feed}:2: not JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_output_format_is_a_usage_error(tmp_path: Path) -> None:
    result = kg("build", str(SEED), "-o", str(tmp_path / "out.docx"))
    assert result.returncode == 2 and "unknown output format '.docx'" in result.stderr
    assert not (tmp_path / "out.docx").exists()


def test_usage_errors_are_one_line() -> None:
    result = kg("build")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_failed_run_leaves_the_old_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    out.write_text("# the old graph\n", encoding="utf-8")
    result = kg("build", str(tmp_path / "missing.txt"), "-o", str(out))
    assert result.returncode == 2
    assert out.read_text(encoding="utf-8") == "# the old graph\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_jsonl_metadata_reaches_the_document(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    record = {
        "id": "cairo-1",
        "text": SEED.read_text(encoding="utf-8"),
        "title": "Talks end",
        "published": "2024-08-25",
        "url": "https://example.org/cairo",
        "publisher": "Example News",
    }
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "feed.ttl"
    assert main(["build", str(feed), "-o", str(out)]) == 0
    g = Graph().parse(out, format="turtle")
    doc = next(g.subjects(RDF.type, KG.Document))
    assert g.value(doc, DCTERMS.title) == Literal("Talks end")
    assert str(g.value(doc, DCTERMS.issued)) == "2024-08-25"
    assert str(g.value(doc, DCTERMS.publisher)) == "Example News"
    assert str(doc).endswith("/id/document/cairo-1")


def test_stdin_text(tmp_path: Path) -> None:
    out = tmp_path / "stdin.ttl"
    result = kg("build", "-", "-o", str(out), stdin="Hezbollah said it had fired 20 rockets at Israel.\n")
    assert result.returncode == 0, result.stderr
    g = Graph().parse(out, format="turtle")
    assert list(g.subjects(RDF.type, KG.Statement))


def test_validate_reports_and_exits_1_on_a_bad_graph() -> None:
    bad = sorted(SHAPE_CASES.glob("bad_*.ttl"))[0]
    result = kg("validate", str(bad))
    assert result.returncode == 1
    assert "does not conform" in result.stdout


def test_validate_accepts_a_built_graph(tmp_path: Path) -> None:
    out = tmp_path / "seed.ttl"
    assert main(["build", str(SEED), "-o", str(out)]) == 0
    result = kg("validate", str(out))
    assert result.returncode == 0 and "conforms" in result.stdout


def test_validate_missing_file_is_exit_2(tmp_path: Path) -> None:
    result = kg("validate", str(tmp_path / "none.ttl"))
    assert result.returncode == 2 and "no such file" in result.stderr


def test_query_the_store_as_table_json_and_csv(seed_store: Path) -> None:
    q = "SELECT ?name WHERE { ?a a kg:Person ; rdfs:label ?name } ORDER BY ?name"
    table = kg("query", q, "--store", str(seed_store))
    assert table.returncode == 0, table.stderr
    assert "Hassan Nasrallah" in table.stdout and "row" in table.stdout.splitlines()[-1]
    as_json = json.loads(kg("query", q, "--store", str(seed_store), "--format", "json").stdout)
    names = [b["name"]["value"] for b in as_json["results"]["bindings"]]
    assert "Benjamin Netanyahu" in names and names == sorted(names)
    csv_lines = kg("query", q, "--store", str(seed_store), "--format", "csv").stdout.splitlines()
    assert csv_lines[0].strip() == "name" and len(csv_lines) == len(names) + 1


def test_bad_query_is_exit_2_with_the_parser_message(seed_store: Path) -> None:
    result = kg("query", "SELEKT nothing", "--store", str(seed_store))
    assert result.returncode == 2 and result.stderr.startswith("kg: error:")
    assert "Traceback" not in result.stderr


def test_reingest_changes_nothing_and_remove_retracts(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert kg("build", str(SEED), "--store", str(store)).returncode == 0
    count = kg(
        "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store), "--format", "csv"
    )
    again = kg("build", str(SEED), "--store", str(store))
    assert again.returncode == 0 and "1 unchanged in the store" in again.stderr
    count2 = kg(
        "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store), "--format", "csv"
    )
    assert count.stdout == count2.stdout
    assert kg("remove", "000_9d3f9a3be7baeea0", "--store", str(store)).returncode == 0
    empty = kg("query", "ASK { ?s ?p ?o }", "--store", str(store))
    assert empty.stdout.strip() == "no"
    assert kg("remove", "000_9d3f9a3be7baeea0", "--store", str(store)).returncode == 2


def test_python_m_kg_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, env=os.environ
    )
    assert result.returncode == 0 and "build" in result.stdout


def _limit_file_size() -> None:
    """In the child: a write past 16 kB fails with EFBIG, as one on a full disk fails with ENOSPC."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16_384, resource.RLIM_INFINITY))


def test_a_full_disk_is_one_line_exit_2_and_leaves_the_old_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "seed.ttl"
    out.write_text("# the graph of an earlier run\n", encoding="utf-8")
    command = [sys.executable, "-m", "kg", "build", str(SEED), "-o", str(out)]
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, timeout=300, preexec_fn=_limit_file_size
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [
        f"kg: error: {out}: out of disk space (File too large); nothing was written, "
        "and the old file (if any) is left whole"
    ]
    assert out.read_text(encoding="utf-8") == "# the graph of an earlier run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["seed.ttl"]  # no temporary file left


@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".nt"])
def test_a_disk_that_fills_while_the_file_is_finished_leaves_nothing(
    tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import pyoxigraph as ox

    from kg import output
    from kg.errors import OutputError
    from kg.graph import DocumentGraph

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output, "_convert" if suffix != ".nt" else "_fsync", full)
    title = ox.Triple(
        ox.NamedNode("https://example.org/a"), ox.NamedNode(str(DCTERMS.title)), ox.Literal("A")
    )
    target = tmp_path / f"out{suffix}"
    with pytest.raises(OutputError) as caught:
        output.write_documents(target, [DocumentGraph.of("https://example.org/doc", [title])])
    assert str(caught.value) == (
        f"{target}: out of disk space (No space left on device); nothing was written, "
        "and the old file (if any) is left whole"
    )
    assert list(tmp_path.iterdir()) == []  # neither the spool, nor the half-converted file
