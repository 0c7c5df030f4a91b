"""Incremental, repeatable and parallel builds: re-ingest, replace, shared actors, --jobs, resume."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import main
from kg.store import LocalStore
from kg.validation import load_shapes, validate_graph

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9d3f9a3be7baeea0.txt"
POLNEAR = ROOT / "bench" / "data" / "polnear-dev.jsonl"  # cited in bench/data/README.md
EPOCH = "1700000000"

ARMY = (
    "The Israel Defense Forces said on Monday that its jets struck Hezbollah targets in southern "
    "Lebanon. Mark Toner, a State Department spokesman, said Washington was watching closely."
)
IDF = (
    "The IDF said it had intercepted two rockets fired from Lebanon. Mark Toner said talks would resume "
    "in Cairo. Toner said the negotiators would meet on Thursday."
)


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def feed(path: Path, articles: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in articles.items()), "utf-8")
    return path


def polnear(path: Path, n: int) -> Path:
    """The ``n`` shortest PolNeAR articles (real news, and quick to build), as JSON Lines."""
    lines = sorted(POLNEAR.read_text(encoding="utf-8").splitlines(), key=len)[:n]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def store_triples(store: Path) -> int:
    return len(LocalStore(store, read_only=True))


def document_graphs(path: Path) -> dict[str, Graph]:
    """The named graphs of an N-Quads file, by name, in file order."""
    triples: dict[str, list[ox.Triple]] = {}
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        assert isinstance(quad.graph_name, ox.NamedNode)
        triples.setdefault(quad.graph_name.value, []).append(quad.triple)
    return {name: _graph(ts) for name, ts in triples.items()}


def _graph(triples: object) -> Graph:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""  # type: ignore[arg-type]
    return Graph().parse(data=data.decode(), format="nt")


def stored_graph(db: LocalStore, iri: str) -> Graph:
    """One document's named graph, read back from the store."""
    return _graph(q.triple for q in db.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(iri)))


def test_reingest_identical_adds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = feed(tmp_path / "feed.jsonl", {"army": ARMY, "idf": IDF, "seed": SEED.read_text("utf-8")})
    store = tmp_path / "store"
    assert main(["build", str(articles), "--store", str(store)]) == 0
    first = store_triples(store)
    capsys.readouterr()
    assert main(["build", str(articles), "--store", str(store)]) == 0
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert "0 document(s) built" in summary and "3 unchanged in the store" in summary
    assert store_triples(store) == first > 100


def test_changed_text_replaces_its_own_graph(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert (
        main(["build", str(feed(tmp_path / "v1.jsonl", {"a": ARMY, "b": IDF})), "--store", str(store)]) == 0
    )
    changed = "Hezbollah said on Tuesday that it fired rockets at an Israeli army base."
    assert main(["build", str(feed(tmp_path / "v2.jsonl", {"a": changed})), "--store", str(store)]) == 0
    db = LocalStore(store, read_only=True)
    assert len(db.documents()) == 2
    evidence = {str(r["e"].value) for r in db.query("SELECT ?e WHERE { ?x kg:evidence ?e }")}
    assert changed in evidence
    assert not any("jets struck" in e for e in evidence)  # the old text's triples are gone
    assert any("intercepted" in e for e in evidence)  # the other document is untouched
    out = tmp_path / "alone.nq"
    assert main(["build", str(feed(tmp_path / "v3.jsonl", {"a": changed})), "-o", str(out)]) == 0
    iri = next(iter(document_graphs(out)))
    assert isomorphic(stored_graph(db, iri), document_graphs(out)[iri])


def test_actor_shared_by_two_documents_is_one_iri(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert (
        main(["build", str(feed(tmp_path / "f.jsonl", {"army": ARMY, "idf": IDF})), "--store", str(store)])
        == 0
    )
    db = LocalStore(store, read_only=True)
    query = """SELECT ?a (COUNT(DISTINCT ?g) AS ?docs) WHERE { GRAPH ?g { ?a a kg:Actor ; rdfs:label ?l } }
               GROUP BY ?a HAVING (SAMPLE(?l) IN ("Israel Defense Forces", "Mark Toner")) ORDER BY ?a"""
    rows = [(r["a"].value.rsplit("/id/", 1)[1], int(r["docs"].value)) for r in db.query(query)]
    assert rows == [("actor/governmentbody/israel-defense-forces", 2), ("actor/person/mark-toner", 2)]
    aliases = {
        (r["a"].value.rsplit("/", 1)[1], r["alias"].value)
        for r in db.query("SELECT ?a ?alias { ?a skos:altLabel ?alias }")
    }
    assert {("israel-defense-forces", "IDF"), ("mark-toner", "Toner")} <= aliases  # from the second document


def test_place_shared_by_two_documents_is_one_iri(tmp_path: Path) -> None:
    articles = {
        "tanker": "Houthi rebels attacked a tanker in the Red Sea on Monday, the Pentagon said.",
        "drones": "The navy said it shot down two drones over the Red Sea on Tuesday.",
    }
    store = tmp_path / "store"
    assert main(["build", str(feed(tmp_path / "f.jsonl", articles)), "--store", str(store)]) == 0
    db = LocalStore(store, read_only=True)
    query = """SELECT ?p (COUNT(DISTINCT ?g) AS ?docs) WHERE { GRAPH ?g { ?p a kg:Place ; rdfs:label "Red Sea" } }
               GROUP BY ?p"""
    rows = [(r["p"].value.rsplit("/id/", 1)[1], int(r["docs"].value)) for r in db.query(query)]
    assert rows == [("place/red-sea", 2)]
    same = {
        r["w"].value
        for r in db.query("SELECT ?w { <https://w3id.org/newskg/id/place/red-sea> owl:sameAs ?w }")
    }
    assert same == {"http://www.wikidata.org/entity/Q23406"}


def test_two_jobs_build_the_same_graphs_as_one(tmp_path: Path) -> None:
    corpus = polnear(tmp_path / "corpus.jsonl", 3)
    one, two = tmp_path / "one.nq", tmp_path / "two.nq"
    assert main(["build", str(corpus), str(SEED), "-o", str(one), "--jobs", "1"]) == 0
    assert main(["build", str(corpus), str(SEED), "-o", str(two), "--jobs", "2", "--batch-size", "2"]) == 0
    a, b = document_graphs(one), document_graphs(two)
    assert list(a) == list(b) and len(a) == 4
    for name in a:
        assert isomorphic(a[name], b[name]), name


def test_streamed_turtle_is_the_union_without_repeats(tmp_path: Path) -> None:
    articles = feed(tmp_path / "f.jsonl", {"army": ARMY, "idf": IDF})
    ttl, nq = tmp_path / "out.ttl", tmp_path / "out.nq"
    assert main(["build", str(articles), "-o", str(ttl)]) == 0
    assert main(["build", str(articles), "-o", str(nq)]) == 0
    union = Graph()
    for graph in document_graphs(nq).values():
        union += graph
    assert isomorphic(Graph().parse(ttl, format="turtle"), union)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.jsonl", "out.nq", "out.ttl"]


def test_killed_build_resumes_and_leaves_valid_outputs(tmp_path: Path) -> None:
    corpus = polnear(tmp_path / "corpus.jsonl", 10)
    store, out, log = tmp_path / "store", tmp_path / "out.nt", tmp_path / "log"
    out.write_text("# the old graph\n", encoding="utf-8")
    args = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--progress"]
    with log.open("wb") as err:
        env = {**os.environ, "KG_STORE_BATCH": "2"}  # stored 2 at a time, so some are when killed
        run = subprocess.Popen([*args, "-o", str(out)], stderr=err, cwd=ROOT, env=env)
        try:
            _wait_for_documents(log, 2, run)
        finally:
            run.send_signal(signal.SIGKILL)
            run.wait()
    assert run.returncode == -signal.SIGKILL
    assert out.read_text(encoding="utf-8") == "# the old graph\n"  # the old file is whole
    done = len(LocalStore(store, read_only=True).documents())
    assert 1 <= done < 10
    again = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert again.returncode in (0, 1), again.stderr  # 1: a document may violate the shapes
    summary = again.stderr.strip().splitlines()[-1]
    assert f"{done} unchanged in the store" in summary
    db = LocalStore(store, read_only=True)
    built = int(re.search(r"(\d+) document\(s\) built", summary).group(1))  # type: ignore[union-attr]
    rejected = int(m.group(1)) if (m := re.search(r"(\d+) rejected", summary)) else 0
    assert len(db.documents()) == done + built and done + built + rejected == 10
    shapes = load_shapes(ROOT / "kg" / "shapes")
    for iri in db.documents():
        assert validate_graph(stored_graph(db, iri), shapes).conforms, iri
    assert [p.name for p in tmp_path.glob(".out.nt.*")]  # the killed run's spool is left...
    complete = subprocess.run([*args, "-o", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert complete.returncode in (0, 1), complete.stderr
    assert len(document_graphs_nt(out)) == len(db.documents())
    assert not list(tmp_path.glob(".out.nt.*"))  # ...until the next run that writes OUT


def document_graphs_nt(path: Path) -> set[str]:
    """The documents of an N-Triples output."""
    doc = "<https://w3id.org/newskg/ontology#Document>"
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.split(" ", 1)[0] for line in lines if line.endswith(f"{doc} .")}


def _wait_for_documents(log: Path, n: int, run: subprocess.Popen[bytes]) -> None:
    """Wait until the progress bar on standard error has counted ``n`` documents."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and run.poll() is None:
        # "12doc [..." without a known total, "5/10 [..." with one (issue 11's progress bar)
        counts = [int(c) for c in re.findall(r"(\d+)(?:doc |/\d+ \[)", log.read_text(errors="replace"))]
        if counts and max(counts) >= n:
            return
        time.sleep(0.05)
    pytest.fail(f"the build did not get to {n} documents: {log.read_text(errors='replace')[-500:]}")
