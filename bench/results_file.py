"""Write one benchmark's section of bench/RESULTS.md, leaving the other sections as they are."""

from __future__ import annotations

from pathlib import Path


def replace_section(results: Path, heading: str, body: str) -> None:
    """Replace the section that starts with ``heading`` (a ``## `` line), or append it."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    section = f"{heading}\n\n{body.strip()}\n"
    # the heading as a whole line: "## Events across articles" is no part of "## Events across articles: ..."
    start = text.find(f"\n{heading}\n")
    start = start + 1 if start != -1 else (0 if text.startswith(f"{heading}\n") else -1)
    if start == -1:
        results.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")
        return
    end = text.find("\n## ", start + len(heading))
    rest = text[end + 1 :] if end != -1 else ""
    results.write_text(text[:start] + section + ("\n" + rest if rest else ""), encoding="utf-8")
