"""The write token: needed for writes, and never written to the server's log."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from helpers_web import live_server, load_sample

from kg.store import LocalStore

TOKEN = "tok-7f3a9c1e-never-in-a-log"
WRONG = "tok-7f3a9c1e-never-in-a-log-either"


def _update(url: str, token: str) -> int:
    body = urllib.parse.urlencode({"update": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}).encode()
    request = urllib.request.Request(url + "/sparql", data=body, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return err.code


def test_token_is_checked_and_never_logged(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    load_sample(LocalStore(store_dir))  # dropped at once, so the server can take the store's lock
    with live_server(tmp_path, store_dir, env={"KG_WRITE_TOKEN": TOKEN}) as live:
        assert _update(live.url, WRONG) == 401  # a wrong token: 401 (issue 11)
        assert _update(live.url, TOKEN) in (200, 204)
        log = live.log.read_text(errors="replace")
    assert "POST /sparql" in log  # the requests were logged...
    assert TOKEN[:12] not in log  # ...but neither the token nor the wrong guess
