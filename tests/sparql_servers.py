"""Real SPARQL 1.1 servers for the remote-store tests, each on a free loopback port in a temporary directory.

- Oxigraph server: the ``oxigraph`` binary that the PyPI package of the same name (in the
  test extra) installs beside the interpreter.
- Virtuoso 7: ``virtuoso-t`` from Debian's ``virtuoso-opensource`` package (``make test``
  installs it with apt-get). A new database starts with the ``dba`` user, password ``dba``,
  which may use the authenticated endpoints of the ``virtuoso`` profile.

Each yields the ``--store`` URL that docs/REMOTE_STORES.md gives for it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
VIRTUOSO = shutil.which("virtuoso-t")
VIRTUOSO_INI = """\
[Database]
DatabaseFile       = virtuoso.db
ErrorLogFile       = virtuoso.log
LockFile           = virtuoso.lck
TransactionFile    = virtuoso.trx
xa_persistent_file = virtuoso.pxa
[TempDatabase]
DatabaseFile       = virtuoso-temp.db
TransactionFile    = virtuoso-temp.trx
[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
NumberOfBuffers    = 4000
MaxDirtyBuffers    = 3000
[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerThreads      = 4
[SPARQL]
ResultSetMaxRows   = 1000000
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_missing() -> str | None:
    """Why the Oxigraph server cannot run here, or None."""
    return None if Path(OXIGRAPH).exists() else "the oxigraph server (pip package oxigraph) is not installed"


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    if VIRTUOSO is None:
        return (
            "virtuoso-t is not installed (Debian's virtuoso-opensource; `make test` installs it "
            "with apt-get, which needs root and the Debian archive)"
        )
    return None


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """``oxigraph serve`` on disk in ``location``, with the union default graph the docs ask for."""
    bind = f"127.0.0.1:{free_port()}"
    command = [OXIGRAPH, "serve", "--location", str(location), "--bind", bind, "--union-default-graph"]
    with _running(command, location, f"http://{bind}/query"):
        yield f"sparql+http://{bind}"


@contextmanager
def virtuoso_server(directory: Path) -> Iterator[str]:
    """Virtuoso with a new database in ``directory``; its default graph is already the union."""
    assert VIRTUOSO is not None
    http_port = free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(sql_port=free_port(), http_port=http_port), encoding="utf-8")
    command = [VIRTUOSO, "+foreground", "+configfile", str(ini)]
    with _running(command, directory, f"http://127.0.0.1:{http_port}/sparql"):
        yield f"sparql+http://dba:dba@127.0.0.1:{http_port}/?profile=virtuoso"


@contextmanager
def _running(command: list[str], directory: Path, query_url: str) -> Iterator[None]:
    """Run a server in ``directory`` until the block ends; it is up when it answers ``ASK {}``."""
    with (directory / "server.log").open("wb") as log:
        proc = subprocess.Popen(command, cwd=directory, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait(query_url + "?query=ASK%7B%7D", proc, directory)
        yield
    finally:
        proc.terminate()  # Virtuoso checkpoints and exits; give it the time to
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait(url: str, proc: subprocess.Popen[bytes], directory: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                log = (directory / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{proc.args[0]} did not start:\n{log}") from None
            time.sleep(0.1)
