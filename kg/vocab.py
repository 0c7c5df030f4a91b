"""Namespaces and the minting of identity: IRIs, and the hash of an article's text.

Every IRI NewsKG mints is ``{base}id/{kind}/{key}``, the key derived from the content
(a document id, a name, offsets), so the same article gives the same IRIs on every run.
A document's IRI (:func:`document_iri`) and its text's hash (:func:`text_hash`) are minted
here and nowhere else: the mapping writes them, and a build compares them with the store's.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from rdflib import Namespace, URIRef

KG = Namespace("https://w3id.org/newskg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")
DEFAULT_BASE_IRI = "https://w3id.org/newskg/"
ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "wd": str(WD),
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

KINDS = ("document", "actor", "place", "statement", "event")
_UNSAFE = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: ``"Hezbollah's"`` -> ``"hezbollah-s"``.

    >>> slugify("Rear Adm. Daniel Hagari")
    'rear-adm-daniel-hagari'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _UNSAFE.sub("-", ascii_text.lower()).strip("-")
    if slug:
        return slug[:80]
    return "x" + hashlib.sha256(text.encode()).hexdigest()[:12]


def short_hash(*parts: object) -> str:
    """A 12-hex-digit digest of the parts: stable across runs, machines and Pythons."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def mint_iri(kind: str, key: str, base: str = DEFAULT_BASE_IRI) -> URIRef:
    """The IRI of a resource of ``kind`` with ``key`` (a slug, or slugs joined by ``/``).

    >>> mint_iri("actor", "hezbollah")
    rdflib.term.URIRef('https://w3id.org/newskg/id/actor/hezbollah')
    """
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}; expected one of {', '.join(KINDS)}")
    return URIRef(f"{base}id/{kind}/{key}")


def document_iri(doc_id: str, base: str = DEFAULT_BASE_IRI) -> str:
    """The IRI of an article's ``kg:Document``, which also names the document's graph in a store.

    >>> document_iri("Reuters 2024/08/25 Gaza")
    'https://w3id.org/newskg/id/document/reuters-2024-08-25-gaza'
    """
    return str(mint_iri("document", slugify(doc_id), base))


def mention_iri(doc_iri: str, start: int, end: int) -> str:
    """The IRI of a stretch of a document's text: the document's IRI with an RFC 5147 fragment.

    >>> mention_iri("https://w3id.org/newskg/id/document/d1", 12, 21)
    'https://w3id.org/newskg/id/document/d1#char=12,21'
    """
    return f"{doc_iri}#char={start},{end}"


def text_hash(text: str) -> str:
    """The hex SHA-256 of an article's text (``kg:textHash``): a stored document's fingerprint holds it.

    >>> text_hash("Talks resumed.")[:16]
    'e6351357d301fcfa'
    """
    return hashlib.sha256(text.encode()).hexdigest()


_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f\ud800-\udfff]')


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL that is also a valid IRI: no spaces, controls, quotes or brackets.

    >>> is_web_url("https://example.org/a"), is_web_url("https://example.org/a b"), is_web_url("file:///etc")
    (True, False, False)
    """
    if _NOT_IN_IRI.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # a bad port or an unclosed IPv6 bracket
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
