"""The SPARQL 1.1 Protocol's dataset for an update: ``using-graph-uri`` and ``using-named-graph-uri``.

pyoxigraph's ``Store.update`` takes no dataset, so the parameters become what they stand for
in the update's own text: a ``USING <g>`` (``USING NAMED <g>``) clause before the ``WHERE`` of
every operation that has one, as the protocol defines them (SPARQL 1.1 Protocol, 2.2.3). A
``DELETE WHERE { P }``, which has no room for ``USING``, is written ``DELETE { P } USING …
WHERE { P }``, what it abbreviates. An update that brings its own ``USING``, ``USING NAMED`` or
``WITH`` conflicts with the parameters and is refused, as the protocol requires.

The text is read as tokens (comments and strings skipped, :data:`kg.sparql_text.TOKENS`), so a
``WHERE`` inside a string, a comment or a nested group is never taken for an operation's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.sparql_text import closing_brace, code_tokens


class DatasetConflict(ValueError):
    """The update names its own dataset (``USING``, ``WITH``) and the request names another."""


@dataclass(frozen=True, slots=True)
class _Token:
    word: str  # upper-cased for keywords; the character itself for punctuation
    start: int
    end: int


def _tokens(update: str) -> list[_Token]:
    return [_Token(m.group().upper(), m.start(), m.end()) for m in code_tokens(update)]


def _closing(tokens: list[_Token], opening: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``opening``."""
    end = closing_brace([t.word for t in tokens], opening)
    if end is None:
        raise ValueError("the update has an unclosed '{'")
    return end


def with_dataset(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """``update`` with the protocol's dataset written into each operation that reads one.

    >>> with_dataset("INSERT { ?s a <urn:x:T> } WHERE { ?s ?p ?o }", ["urn:x:g"], [])
    'INSERT { ?s a <urn:x:T> } USING <urn:x:g> WHERE { ?s ?p ?o }'
    >>> with_dataset("DELETE WHERE { ?s ?p 1 }", [], ["urn:x:g"])
    'DELETE { ?s ?p 1 } USING NAMED <urn:x:g> WHERE { ?s ?p 1 }'

    Raises:
        DatasetConflict: an operation has its own USING, USING NAMED or WITH.
        ValueError: a graph is not an IRI, or a brace is left open.
    """
    if not using and not using_named:
        return update
    clause = " ".join(
        [f"USING {ox.NamedNode(g)}" for g in using] + [f"USING NAMED {ox.NamedNode(g)}" for g in using_named]
    )
    tokens = _tokens(update)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in text order
    depth, i = 0, 0
    while i < len(tokens):
        word = tokens[i].word
        if word in ("{", "}"):
            depth += 1 if word == "{" else -1
        elif depth == 0 and word in ("USING", "WITH"):
            raise DatasetConflict(
                f"the update has its own {word} clause, and the request gives using-graph-uri or "
                "using-named-graph-uri: use one or the other"
            )
        elif depth == 0 and word == "DELETE" and i + 2 < len(tokens) and tokens[i + 1].word == "WHERE":
            close = _closing(tokens, i + 2)
            pattern = update[tokens[i + 2].start : tokens[close].end]
            edits.append((tokens[i].start, tokens[close].end, f"DELETE {pattern} {clause} WHERE {pattern}"))
            i = close + 1
            continue
        elif depth == 0 and word == "WHERE":
            edits.append((tokens[i].start, tokens[i].start, clause + " "))
        i += 1
    for start, end, text in reversed(edits):
        update = update[:start] + text + update[end:]
    return update
