"""The example queries of the SPARQL editor, shipped in ``example_queries.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from kg.package_data import bundled

EXAMPLES = bundled("web", "example_queries.toml")


@dataclass(frozen=True, slots=True)
class Example:
    title: str
    description: str
    query: str


def example_queries() -> tuple[Example, ...]:
    """The example queries, read from the package (the app keeps them in its state)."""
    data = tomllib.loads(EXAMPLES.read_text(encoding="utf-8"))
    return tuple(Example(q["title"], q.get("description", ""), q["query"].strip()) for q in data["query"])
