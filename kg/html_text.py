"""HTML in, article text out: what a page's boilerplate hides, trafilatura finds (offline).

The reader sends here whatever is HTML (``.html`` files, JSONL ``html`` fields, text that
sniffs as HTML), after decoding its bytes; what comes back is plain text and the page's own
metadata (title, date, site name, URL), which the reader checks before trusting.
"""

from __future__ import annotations

import re
from typing import Any

# WHATWG MIME sniffing's "text/html" patterns: a tag that opens an HTML document or fragment.
_HTML_START = re.compile(
    r"\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)"
    r"[\s>]",
    re.IGNORECASE,
)
# HTML parses what these hold as raw text, so markup inside one would come out as prose.
_RAW_TEXT_ELEMENTS = ["//iframe", "//noscript", "//template", "//textarea", "//noembed", "//xmp"]


def looks_like_html(text: str) -> bool:
    """Whether ``text`` opens as HTML does, by the WHATWG MIME-sniffing rules.

    >>> looks_like_html("<!DOCTYPE html><p>Talks resumed.</p>"), looks_like_html("Talks <b>resumed</b>.")
    (True, False)
    """
    return _HTML_START.match(text[:1024]) is not None


def html_to_text(html: str) -> tuple[str, dict[str, str]] | None:
    """The article text of an HTML page and the metadata found in it, or None if none is found."""
    import trafilatura  # about 0.3 s to import: only when HTML comes

    if not re.search(r"<(html|body)[\s>]", html[:4096], re.IGNORECASE):
        html = f"<html><body>{html}</body></html>"  # trafilatura drops a bare fragment
    page = trafilatura.bare_extraction(
        html,
        config=_trafilatura_config(),
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        prune_xpath=_RAW_TEXT_ELEMENTS,
    )
    values: dict[str, Any] = {} if page is None else page if isinstance(page, dict) else page.as_dict()
    text = values.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    found = {
        "title": values.get("title"),
        "published": values.get("date"),
        "publisher": values.get("sitename"),
        "url": values.get("url"),
    }
    return text, {k: v for k, v in found.items() if isinstance(v, str) and v}


def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "extensive_date_search", "off")  # a date only from the page's metadata
    config.set("DEFAULT", "extraction_timeout", "0")  # its timeout uses SIGALRM: not in a server thread
    return config
