"""Size limits on what NewsKG accepts, and the one message each gives when it is hit.

A limit is never met by truncating: the document (or the request) is refused whole, with a
line that names it, its size, the limit and the setting that raises it. The defaults live
here so that :mod:`kg.config` and callers without settings agree on them.

=============================  ==================================  ==============
setting (``KG_`` variable)     what it bounds                      where checked
=============================  ==================================  ==============
``MAX_DOCUMENT_BYTES``         a file, a JSONL line, an HTML page  reader
``MAX_DOCUMENT_CHARS``         an article's text (after HTML)      reader
``MAX_SENTENCES_PER_DOCUMENT`` an article's sentences              pipeline
``MAX_DOCUMENTS_PER_REQUEST``  the articles of one HTTP request    HTTP layer
=============================  ==================================  ==============
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.errors import InputError

DEFAULT_MAX_DOCUMENT_BYTES = 20_000_000  # raw HTML runs 5-20 times its article text
DEFAULT_MAX_DOCUMENT_CHARS = 2_000_000  # about 300,000 words: ~90 s of parsing on one core
DEFAULT_MAX_SENTENCES_PER_DOCUMENT = 20_000
DEFAULT_MAX_DOCUMENTS_PER_REQUEST = 100


class LimitExceeded(InputError):
    """A document or request over one of the size limits; refused whole, never truncated."""

    def __init__(self, source: str, what: str, count: int, limit: int, setting: str) -> None:
        super().__init__(source, over_limit(what, count, limit, setting))
        self.count = count
        self.limit = limit
        self.setting = setting


def over_limit(what: str, count: int | None, limit: int, setting: str) -> str:
    """The message for ``count`` ``what`` over ``limit`` (``None``: a stream, counted no further).

    >>> over_limit("sentences", 25_000, 20_000, "max_sentences_per_document")
    'has 25,000 sentences, over the limit of 20,000 (set KG_MAX_SENTENCES_PER_DOCUMENT to raise it); refused whole'
    >>> over_limit("bytes", None, 100, "max_document_bytes")
    'has more than 100 bytes, the limit (set KG_MAX_DOCUMENT_BYTES to raise it); refused whole'
    """
    size = (
        f"more than {limit:,} {what}, the limit"
        if count is None
        else f"{count:,} {what}, over the limit of {limit:,}"
    )
    return f"has {size} (set KG_{setting.upper()} to raise it); refused whole"


def check_limit(source: str, what: str, count: int, limit: int, setting: str) -> None:
    """Raise :class:`LimitExceeded` when ``count`` is over ``limit``."""
    if count > limit:
        raise LimitExceeded(source, what, count, limit, setting)


def check_sentences(source: str, sentences: Iterable[object], limit: int) -> None:
    """Refuse a parsed document with more than ``limit`` sentences (``doc.sents``)."""
    count = sum(1 for _ in sentences)
    check_limit(source, "sentences", count, limit, "max_sentences_per_document")


def check_documents_per_request(count: int, limit: int) -> None:
    """Refuse a request that carries more than ``limit`` documents."""
    check_limit("request", "documents", count, limit, "max_documents_per_request")
