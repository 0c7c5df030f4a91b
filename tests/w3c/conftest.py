"""The W3C SPARQL 1.1 suites against a live server: shared helpers, and the pass counts at the end.

The counts by suite and outcome are printed after the run, and written as JSON to the file
named by ``KG_W3C_REPORT`` when it is set (``bench/w3c.py`` turns them into bench/RESULTS.md).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # suite, compare
sys.path.insert(0, str(HERE.parent / "web"))  # helpers_web: the live server

from helpers_web import WRITE_TOKEN, live_server  # noqa: E402 - found through sys.path above

SUITES = {"test_protocol": "protocol", "test_query_evaluation": "query", "test_update_evaluation": "update"}
_outcomes: dict[str, Counter[str]] = {}
_failed: dict[str, list[str]] = {}


def _suite(nodeid: str) -> str | None:
    module = nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
    return SUITES.get(module)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    suite = _suite(report.nodeid)
    if suite is None or "[" not in report.nodeid:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        outcome = "xfailed" if hasattr(report, "wasxfail") and report.skipped else report.outcome
        if hasattr(report, "wasxfail") and report.passed:
            outcome = "xpassed"
        _outcomes.setdefault(suite, Counter())[outcome] += 1
        if outcome in ("failed", "xfailed"):
            _failed.setdefault(suite, []).append(report.nodeid.split("[", 1)[1].rstrip("]"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _outcomes:
        return
    terminalreporter.section("W3C SPARQL 1.1 suites against the live server")
    for suite, counts in sorted(_outcomes.items()):
        total = sum(counts.values())
        parts = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
        terminalreporter.write_line(f"{suite}: {counts['passed']}/{total} passed ({parts})")
    target = os.environ.get("KG_W3C_REPORT")
    if target:
        report = {
            s: {"counts": dict(c), "not_passed": sorted(_failed.get(s, []))} for s, c in _outcomes.items()
        }
        Path(target).write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """``kg serve`` on loopback over an empty store, taking updates with the write token."""
    tmp = tmp_path_factory.mktemp("w3c")
    with (
        live_server(tmp, tmp / "store", env={"KG_WRITE_TOKEN": WRITE_TOKEN}, cli=True) as live,
        httpx.Client(base_url=live.url, timeout=60) as client,
    ):
        yield client
