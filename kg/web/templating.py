"""HTML rendering: the Jinja environment, and RDF terms turned into text and links.

IRIs under the base IRI become local links (``{base}id/actor/x`` → ``/id/actor/x``), so a
copy of the graph served anywhere is browsable; other IRIs link out as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

from kg.package_data import bundled
from kg.vocab import PREFIXES
from kg.web.alternates import dataset_alternates, resource_alternates

TEMPLATES = bundled("web", "templates")
# every response's Content-Security-Policy (kg.web.app adds it where a page has set none)
CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
XSD = PREFIXES["xsd"]
WIKIDATA = "http://www.wikidata.org/entity/"


@dataclass(frozen=True, slots=True)
class Shown:
    """An RDF term as a page shows it: text, where it links (if anywhere), a small note."""

    text: str
    href: str | None = None
    note: str = ""
    external: bool = False


def compact(iri: str) -> str:
    """``kg:Actor`` for the ontology's ``Actor``; the IRI itself when no prefix fits."""
    best = ""
    for name, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best, prefix = namespace, name
    return f"{prefix}:{iri[len(best) :]}" if best else iri


def local_href(iri: str, base_iri: str) -> str:
    """The link to follow for ``iri``: local for minted IRIs, the IRI itself otherwise."""
    return "/" + iri[len(base_iri) :] if iri.startswith(base_iri) else iri


def show(term: Any, base_iri: str, label: Any = None) -> Shown:
    """How to show one pyoxigraph term (``label``: the term's rdfs:label, when known)."""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        text = label.value if label is not None else compact(iri)
        return Shown(text, local_href(iri, base_iri), external=not iri.startswith(base_iri))
    if isinstance(term, ox.Literal):
        note = term.language or ""
        if not note and term.datatype.value != XSD + "string":
            note = compact(term.datatype.value)
        return Shown(term.value, note=note)
    if isinstance(term, ox.BlankNode):
        return Shown(f"_:{term.value}")
    return Shown(str(term))


def text_of(term: Any) -> str:
    """The lexical value of a term, or "" for None."""
    return "" if term is None else str(term.value)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # a page that names no alternates offers its resource's (``iri``), else the dataset's
    env.globals["resource_alternates"] = resource_alternates
    env.globals["dataset_alternates"] = dataset_alternates
    return env


def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``templates/{name}`` into an HTML response."""
    html = environment().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status_code)
