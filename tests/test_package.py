"""NewsKG as a user installs it: the wheel (built from the sdist), in a fresh venv outside the checkout.

``python -m build`` makes the sdist and, from it, the wheel; the wheel goes into a new virtual
environment in a temporary directory (its dependencies from the package index, as a user gets
them), and the installed ``kg`` builds the seed article, validates the graph, serves the store
and answers a query, all from a directory that holds no part of the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9d3f9a3be7baeea0.txt"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("src") / "newskg"  # a clean copy: no .venv, no data/
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".venv", "data", ".*_cache", "__pycache__", ".git")
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("user")
    env_dir = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    wheel = next(dist.glob("newskg-*.whl"))
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, str(wheel)], check=True, cwd=home)
    return env_dir


def _env(home: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "PYTHON", "VIRTUAL_ENV"))}
    return {**keep, "HOME": str(home)}


def _kg(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "kg"), *args], cwd=cwd, env=_env(cwd), capture_output=True, text=True, timeout=600
    )


def test_the_sdist_and_the_wheel_carry_the_package_data(dist: Path) -> None:
    wheel = zipfile.ZipFile(next(dist.glob("newskg-*.whl")))
    names = set(wheel.namelist())
    for needed in (
        "kg/ontology/newskg.ttl",
        "kg/shapes/newskg-shapes.ttl",
        "kg/rules/gazetteer.csv",
        "kg/rules/reporting_verbs.toml",
        "kg/web/templates/base.html",
        "kg/web/static/style.css",
        "kg/web/rq/counts.rq",
        "kg/web/rq/document_mentions.rq",
        "kg/web/templates/document.html",
        "kg/web/static/yasgui/yasgui.min.js",
        "kg/store/fingerprints.rq",
        "kg/py.typed",
    ):
        assert needed in names, f"the wheel lacks {needed}"
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = wheel.read(metadata).decode()
    assert "License-Expression: MIT" in text
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert list(dist.glob("newskg-*.tar.gz"))


def test_the_installed_kg_builds_validates_serves_and_answers(venv: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(SEED, work / "seed.txt")
    version = _kg(venv, "--version", cwd=work)
    assert version.returncode == 0 and version.stdout.startswith("kg (NewsKG) "), version
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import kg; print(kg.__file__)"],
        cwd=work,
        env=_env(work),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(venv)), where
    built = _kg(venv, "build", "seed.txt", "-o", "seed.ttl", "--store", "store", cwd=work)
    assert built.returncode == 0, built.stderr
    assert "1 document(s) built" in built.stderr
    checked = _kg(venv, "validate", "seed.ttl", cwd=work)
    assert checked.returncode == 0 and "conforms" in checked.stdout, checked.stdout + checked.stderr
    with _serving(venv, work) as url:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Statement }"
        with urllib.request.urlopen(
            f"{url}/sparql?{urllib.parse.urlencode({'query': query})}", timeout=30
        ) as r:
            answer = json.loads(r.read())
        assert int(answer["results"]["bindings"][0]["n"]["value"]) > 0
        remote = _kg(venv, "query", query, "--store", url, "--format", "csv", cwd=work)
        assert remote.returncode == 0, remote.stderr
        assert remote.stdout.splitlines()[1] == answer["results"]["bindings"][0]["n"]["value"]
        page = urllib.request.Request(f"{url}/ontology", headers={"Accept": "text/html"})
        with urllib.request.urlopen(page, timeout=30) as r:
            assert b"Statement" in r.read()
        document = urllib.request.Request(f"{url}/id/document/seed", headers={"Accept": "text/html"})
        with urllib.request.urlopen(document, timeout=30) as r:
            assert b'class="mark actor"' in r.read()  # the document page, from the wheel's templates


@contextmanager
def _serving(venv: Path, work: Path) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (work / "serve.log").open("wb")
    command = [str(venv / "bin" / "kg"), "serve", "--store", "store", "--port", str(port)]
    proc = subprocess.Popen(command, cwd=work, env=_env(work), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, (work / "serve.log").read_text()
            try:
                with urllib.request.urlopen(url + "/health", timeout=5) as r:
                    if json.loads(r.read())["status"] == "ok":
                        break
            except OSError:
                pass
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
