"""``kg build --dask ADDRESS``: a real LocalCluster of two worker processes builds what one process does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_scale import SEED, document_graphs, polnear

from kg.cli import main

distributed = pytest.importorskip("distributed")


def test_dask_cluster_builds_the_same_graphs_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rdflib.compare import isomorphic

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # before the workers start: they inherit it
    corpus = polnear(tmp_path / "corpus.jsonl", 3)
    local, remote = tmp_path / "local.nq", tmp_path / "dask.nq"
    assert main(["build", str(corpus), str(SEED), "-o", str(local)]) == 0
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        assert main(["build", str(corpus), str(SEED), "-o", str(remote), "--dask", address]) == 0
    a, b = document_graphs(local), document_graphs(remote)
    assert list(a) == list(b) and len(a) == 4
    for name in a:
        assert isomorphic(a[name], b[name]), name


def test_dask_build_reports_bad_input_like_a_local_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "x", "title": 3, "text": "Talks resumed."}) + "\n", "utf-8")
    assert main(["build", str(feed), "-o", str(tmp_path / "out.nq"), "--dask", "local"]) == 2
    assert '"title" must be a string' in capsys.readouterr().err
    assert not (tmp_path / "out.nq").exists()
