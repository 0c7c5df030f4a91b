"""NewsKG's own SPARQL, kept in ``.rq`` files, with parameters substituted instead of spliced.

A parameter is written ``$name`` in the file. :meth:`Template.bind` replaces it by a value
that pyoxigraph writes as SPARQL: an IRI it has checked (``ox.NamedNode``), a literal it
escapes (``ox.Literal``), several of them separated by spaces (for a ``VALUES`` block), or an
``int`` (for a ``LIMIT``). Text never goes into a query as it is, so no value can change the
query's shape; a parameter left without a value, or a value for no parameter, is an error.
The files' own variables are written ``?name``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

import pyoxigraph as ox

Term = ox.NamedNode | ox.Literal
Value = Term | Sequence[Term] | int

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

# SPARQL read as tokens, with comments and strings as whole tokens (never searched inside)
TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7\u00c0-\uffff]+)
    | (?P<word>[A-Za-z_\u00c0-\uffff][\w.\-\u00c0-\uffff]*(?::[\w.\-:%\u00c0-\uffff]*)?
              |:[\w.\-:%\u00c0-\uffff]*)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


def code_tokens(sparql: str) -> list[re.Match[str]]:
    """The tokens of ``sparql`` outside its comments and strings."""
    return [m for m in TOKENS.finditer(sparql) if m.lastgroup not in ("comment", "string")]


def closing_brace(words: Sequence[str], opening: int) -> int | None:
    """The index of the ``}`` that closes the ``{`` at ``opening`` in ``words``; None if none does.

    >>> closing_brace(["{", "{", "}", "x", "}", "}"], 0)
    4
    """
    depth = 0
    for i in range(opening, len(words)):
        depth += 1 if words[i] == "{" else -1 if words[i] == "}" else 0
        if depth == 0:
            return i
    return None


@dataclass(frozen=True, slots=True)
class Template:
    """The text of one ``.rq`` file and the names of its parameters.

    >>> t = Template("q", "ASK { $s ?p ?o }")
    >>> t.bind(s=ox.NamedNode("https://example.org/a"))
    'ASK { <https://example.org/a> ?p ?o }'
    """

    name: str
    text: str

    @property
    def parameters(self) -> frozenset[str]:
        """The names written ``$name`` in the text."""
        return frozenset(_PARAMETER.findall(self.text))

    def bind(self, **values: Value) -> str:
        """The query with every parameter replaced by its value, written as SPARQL."""
        missing, unused = self.parameters - set(values), set(values) - self.parameters
        if missing or unused:
            raise ValueError(
                f"{self.name}: parameters without a value: {sorted(missing)}; values for no parameter: {sorted(unused)}"
            )
        return _PARAMETER.sub(lambda m: _written(values[m.group(1)]), self.text)


def _written(value: Value) -> str:
    if isinstance(value, ox.NamedNode | ox.Literal):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return " ".join(_term(v) for v in value)
    raise TypeError(f"a query parameter is a term, a list of terms or an int, not {type(value).__name__}")


def _term(value: object) -> str:
    if isinstance(value, ox.NamedNode | ox.Literal):
        return str(value)
    raise TypeError(f"a list given as a query parameter holds terms, not {type(value).__name__}")


def load(package: str, name: str) -> Template:
    """The template in the ``.rq`` file ``name`` shipped in ``package`` (package data)."""
    return Template(name, (files(package) / name).read_text(encoding="utf-8"))
