"""Headless Chromium driven through the DevTools protocol over a pipe: no driver, no download.

Debian's ``chromium`` (installed by ``make chromium``) runs with ``--remote-debugging-pipe``: it
reads protocol commands from file descriptor 3 and writes answers and events to 4, each a JSON
message ended by a NUL byte. A test opens a page, waits for the page's own scripts, and asks the
page what a person would see: text, links, boxes on screen, what the console said.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"headless Chromium is not installed ({CHROMIUM}; apt-get install chromium)",
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]


class BrowserError(RuntimeError):
    """The browser answered a command with an error, or a script in the page threw."""


class Browser:
    """One Chromium process; :meth:`open` gives a :class:`Page`."""

    def __init__(self, profile: Path, *, width: int = 1280, height: int = 1000) -> None:
        to_child, self._to_browser = os.pipe()
        self._from_browser, from_child = os.pipe()
        high_in, high_out = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_child, from_child))

        def descriptors() -> None:  # in the child: the protocol's fds 3 and 4
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        command = [CHROMIUM, *FLAGS, f"--window-size={width},{height}", f"--user-data-dir={profile}"]
        self.proc = subprocess.Popen(
            [*command, "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=descriptors,
        )
        for fd in (to_child, from_child, high_in, high_out):
            os.close(fd)
        self._next = 0
        self._answers: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._from_browser, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._answers.setdefault(message["id"], queue.Queue()).put(message)
                    else:
                        with self._lock:
                            self.events.append(message)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        """Send one command and wait for its answer's ``result``."""
        with self._lock:
            self._next += 1
            ident = self._next
            box = self._answers.setdefault(ident, queue.Queue())
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        answer = box.get(timeout=60)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def open(self, url: str, *, timeout: float = 30) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        page.goto(url, timeout=timeout)
        return page

    def close(self) -> None:
        with suppress(BrowserError, OSError, queue.Empty):
            self.send("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)


class Page:
    """One tab: evaluate JavaScript in it, wait for a condition, read its console, take a picture."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session

    def goto(self, url: str, *, timeout: float = 30) -> None:
        seen = len(self._events())
        self.browser.send("Page.navigate", {"url": url}, self.session)
        deadline = time.monotonic() + timeout
        while not any(e["method"] == "Page.loadEventFired" for e in self._events()[seen:]):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load in {timeout} s")
            time.sleep(0.05)

    def _events(self) -> list[dict[str, Any]]:
        with self.browser._lock:
            return [e for e in self.browser.events if e.get("sessionId") == self.session]

    def eval(self, expression: str) -> Any:
        """The value of a JavaScript expression (a promise is awaited)."""
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        answer = self.browser.send("Runtime.evaluate", params, self.session)
        if "exceptionDetails" in answer:
            raise BrowserError(json.dumps(answer["exceptionDetails"])[:2000])
        return answer["result"].get("value")

    def wait_for(self, expression: str, *, timeout: float = 30) -> Any:
        """Wait until ``expression`` is truthy in the page, and return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.eval(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"still false after {timeout} s: {expression}")
            time.sleep(0.1)

    def problems(self) -> list[str]:
        """What the console reported as errors: exceptions, CSP refusals, failed loads."""
        found = []
        for event in self._events():
            if event["method"] == "Runtime.exceptionThrown":
                found.append(json.dumps(event["params"]["exceptionDetails"])[:500])
            elif event["method"] == "Log.entryAdded" and event["params"]["entry"]["level"] == "error":
                found.append(event["params"]["entry"]["text"])
            elif event["method"] == "Runtime.consoleAPICalled" and event["params"]["type"] == "error":
                found.append(json.dumps(event["params"]["args"])[:500])
        return found

    def screenshot(self, path: Path) -> Path:
        data = self.browser.send("Page.captureScreenshot", {"format": "png"}, self.session)["data"]
        path.write_bytes(base64.b64decode(data))
        return path


@contextmanager
def browser(profile: Path) -> Iterator[Browser]:
    chrome = Browser(profile)
    try:
        yield chrome
    finally:
        chrome.close()
