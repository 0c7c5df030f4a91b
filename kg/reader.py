"""Read articles from ``.txt``, ``.jsonl`` and ``.html`` files, directories of them, or stdin.

A bad input never stops a run: each one becomes an :class:`InputError` naming the file (and
line) and what is wrong, and the good articles of the same run are still built. The text
comes from the open web, so the reader trusts none of it:

- **Encodings.** JSON Lines must be UTF-8, as RFC 8259 requires. Plain text must be UTF-8 (a
  UTF-8, UTF-16 or UTF-32 byte-order mark is honoured); other bytes are refused with the
  encoding they most look like, so that a user converts them knowingly instead of NewsKG
  guessing mojibake into the graph. HTML is decoded as browsers do: byte-order mark, else
  valid UTF-8, else the charset it declares, else detection (charset-normalizer).
- **HTML** (``.html``/``.htm`` files, JSONL records with ``html`` instead of ``text``, and
  text that sniffs as HTML) is reduced to its article text by trafilatura, offline; the page's
  title, date and site name fill the metadata the record does not give.
- **Characters no RDF syntax can carry** (C0 and C1 controls but tab and line breaks,
  U+FFFE, U+FFFF; lone surrogates from JSON escapes) are replaced one for one, by a space
  (U+FFFD for a surrogate), so that character offsets still index the text.
- **Limits** (:mod:`kg.limits`): raw bytes before decoding, characters after HTML
  extraction; a document over one is refused whole, never truncated.
- **Language** (:mod:`kg.language`): an article that is clearly not English is skipped
  with a message instead of being parsed into noise.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from kg.errors import InputError
from kg.html_text import html_to_text, looks_like_html
from kg.input_files import SUFFIXES, input_files, relative_id
from kg.language import non_english_reason
from kg.limits import DEFAULT_MAX_DOCUMENT_BYTES, over_limit
from kg.records import Article
from kg.vocab import is_web_url, short_hash, slugify

HTML_SUFFIXES = (".html", ".htm")
_FIELDS = ("id", "title", "url", "published", "publisher")
_CHUNK = 1 << 16

# Controls that XML 1.0 (so RDF/XML) cannot hold, and C1 and DEL, which are mojibake or
# terminal escapes in news text; a lone surrogate cannot even be encoded as UTF-8.
_UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose mark it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_inputs(
    inputs: list[str],
    *,
    max_chars: int,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    english_only: bool = True,
) -> Iterator[Article | InputError]:
    """Every article of every input, in order; bad files and lines as errors, in place.

    A directory is read recursively (:func:`input_files`). Each article's id is unique in the
    run: the JSONL record's ``id``, else the file's path under the directory given, else its
    name (``a/report.txt`` in ``news/`` is ``a-report``); an article whose id another input of
    the run already took is refused, naming both, so that neither replaces the other.
    """
    reader = _Reader(max_chars, max_bytes, english_only)
    taken: dict[str, str] = {}
    for item in _read_all(reader, inputs):
        if isinstance(item, Article):
            first = taken.setdefault(item.doc_id, item.source or item.doc_id)
            if first != (item.source or item.doc_id):
                item = InputError(
                    item.source or item.doc_id,
                    f"document id {item.doc_id!r} is already the id of {first}: nothing replaced;"
                    ' give one of them another id (JSONL "id") or file name',
                )
        yield item


def _read_all(reader: _Reader, inputs: list[str]) -> Iterator[Article | InputError]:
    for name in inputs:
        if name == "-":
            yield from reader.stream(sys.stdin.buffer, "<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            files = input_files(path)
            if not files:
                yield InputError(_printable(name), f"directory holds no {', '.join(SUFFIXES)} files")
            for file in files:
                yield from reader.file(file, relative_id(file, path))
        elif not path.exists() and not path.is_symlink():
            yield InputError(_printable(name), "no such file or directory")
        else:
            yield from reader.file(path)


def read_file(
    path: Path,
    *,
    max_chars: int,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    english_only: bool = True,
) -> Iterator[Article | InputError]:
    """The article(s) of one file: a ``.txt`` or ``.html`` is one article, a ``.jsonl`` one per line."""
    yield from _Reader(max_chars, max_bytes, english_only).file(path)


def read_record(
    record: object,
    *,
    source: str,
    default_id: str,
    max_chars: int,
    english_only: bool = True,
) -> Article | InputError:
    """One JSON record (a JSONL line, or an article POSTed over HTTP) as an article or an error."""
    return _Reader(max_chars, DEFAULT_MAX_DOCUMENT_BYTES, english_only).record(record, source, default_id)


class _Reader:
    """The limits and choices of one run, applied to each input."""

    def __init__(self, max_chars: int, max_bytes: int, english_only: bool) -> None:
        self.max_chars = max_chars
        self.max_bytes = max_bytes
        self.english_only = english_only

    def file(self, path: Path, doc_id: str | None = None) -> Iterator[Article | InputError]:
        source = _printable(str(path))
        doc_id = doc_id or slugify(path.stem)
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            yield InputError(
                source, f"unsupported input type {suffix or '(none)'!r}; use {', '.join(SUFFIXES)}"
            )
            return
        try:
            with path.open("rb") as fh:
                if suffix == ".jsonl":
                    yield from self._jsonl(_chunks(fh), source, doc_id)
                    return
                size = os.fstat(fh.fileno()).st_size
                if size > self.max_bytes:  # refused before reading
                    yield InputError(source, over_limit("bytes", size, self.max_bytes, "max_document_bytes"))
                    return
                data = _read_at_most(fh, self.max_bytes)
        except FileNotFoundError:
            yield InputError(source, "no such file or directory")
            return
        except OSError as err:
            yield InputError(source, f"cannot read: {err.strerror or err}")
            return
        yield self._document(data, source, doc_id, html=suffix in HTML_SUFFIXES)

    def stream(self, stream: IO[bytes], source: str) -> Iterator[Article | InputError]:
        """Standard input: JSON Lines when it opens with ``{``, else one text or HTML article."""
        head = stream.read(_CHUNK)
        if head.lstrip()[:1] == b"{":
            yield from self._jsonl(_chunks(stream, head), source, "stdin")
            return
        data = head + _read_at_most(stream, self.max_bytes + 1 - len(head))
        yield self._document(data, source, None, html=False)

    def _document(self, data: bytes, source: str, doc_id: str | None, *, html: bool) -> Article | InputError:
        if len(data) > self.max_bytes:  # a stream, or a file that grew while being read
            return InputError(source, over_limit("bytes", None, self.max_bytes, "max_document_bytes"))
        text = _decode_html(data, source) if html else _decode_text(data, source)
        if isinstance(text, InputError):
            return text
        doc_id = doc_id or f"stdin-{short_hash(text)}"
        if html or looks_like_html(text):
            return self._html_article(text, source, doc_id, {})
        return self._article(text, source, doc_id, {})

    def _jsonl(self, chunks: Iterator[bytes], source: str, stem: str) -> Iterator[Article | InputError]:
        records = 0
        for n, line in _lines(chunks, self.max_bytes):
            where = f"{source}:{n}"
            if isinstance(line, int):
                records += 1
                yield InputError(where, over_limit("bytes", line, self.max_bytes, "max_document_bytes"))
            elif line.strip():
                records += 1
                yield self._jsonl_line(line, where, f"{stem}-{n}")
        if not records:
            yield InputError(source, "no articles: JSON Lines needs one article (a JSON object) a line")

    def _jsonl_line(self, line: bytes, where: str, default_id: str) -> Article | InputError:
        try:
            text = line.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            return InputError(where, f"not UTF-8 (bad byte at offset {err.start}); JSON Lines must be UTF-8")
        try:
            record = json.loads(text)
        except json.JSONDecodeError as err:
            return InputError(where, f"not JSON ({err.msg} at column {err.colno})")
        except RecursionError:  # [[[[... a hundred thousand deep
            return InputError(where, "not JSON NewsKG can read (nested too deeply)")
        except ValueError as err:  # a number of more than 4,300 digits
            return InputError(where, f"not JSON NewsKG can read ({str(err)[:80]})")
        return self.record(record, where, default_id)

    def record(self, record: object, source: str, default_id: str) -> Article | InputError:
        if not isinstance(record, dict):
            return InputError(source, 'a record must be a JSON object with a "text" or "html" field')
        doc_id = slugify(str(record["id"])) if record.get("id") not in (None, "") else default_id
        if isinstance(record.get("text"), str):
            text = record["text"]
            if looks_like_html(text):
                return self._html_article(text, source, doc_id, record)
            return self._article(text, source, doc_id, record)
        if isinstance(record.get("html"), str):
            return self._html_article(record["html"], source, doc_id, record)
        return InputError(source, 'missing "text" (or "html"), a string')

    def _html_article(
        self, html: str, source: str, doc_id: str, meta: dict[str, Any]
    ) -> Article | InputError:
        page = html_to_text(html)
        if page is None:
            return InputError(source, "HTML holds no article text (trafilatura found none)")
        text, found = page
        # metadata the page gives is a hint, not a claim: a malformed value is dropped, not an error
        if "url" in found and not is_web_url(found["url"]):
            del found["url"]
        if "published" in found and isinstance(_date(found["published"]), str):
            del found["published"]
        return self._article(text, source, doc_id, {**found, **{k: v for k, v in meta.items() if v}})

    def _article(self, text: str, source: str, doc_id: str, meta: dict[str, Any]) -> Article | InputError:
        if not text.strip():
            return InputError(source, "empty text")
        if len(text) > self.max_chars:
            return InputError(
                source, "text " + over_limit("characters", len(text), self.max_chars, "max_document_chars")
            )
        text = clean_text(text)
        if self.english_only and (reason := non_english_reason(text)):
            return InputError(source, f"not English, skipped: {reason} (KG_SKIP_NON_ENGLISH=false parses it)")
        fields = _fields(meta)
        if isinstance(fields, str):
            return InputError(source, fields)
        return Article(doc_id=doc_id, text=text, source=source, **fields)


def clean_text(text: str) -> str:
    """Replace, one for one, the characters no RDF syntax can carry; offsets stay valid.

    >>> clean_text("Talks\\x00 resumed\\x1b[31m.\\ud800")
    'Talks  resumed [31m.\\ufffd'
    """
    return _SURROGATE.sub("\ufffd", _UNCARRIABLE.sub(" ", text))


def _fields(meta: dict[str, Any]) -> dict[str, Any] | str:
    """Title, URL, date and publisher of a record, checked; a message when one is wrong."""
    for key in _FIELDS:
        if meta.get(key) is not None and not isinstance(meta[key], str):
            return f'"{key}" must be a string'
    published = _date(meta.get("published"))
    if isinstance(published, str):
        return published
    url = meta.get("url") or None
    if url is not None and not is_web_url(url):
        return f'"url" {_printable(url[:100])!r} is not an absolute http(s) URL'
    title, publisher = meta.get("title"), meta.get("publisher")
    return {
        "title": clean_text(title) if title else None,
        "url": url,
        "published": published,
        "publisher": clean_text(publisher) if publisher else None,
    }


def _date(value: str | None) -> date | str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return f'"published" {_printable(value[:40])!r} is not an ISO date (YYYY-MM-DD)'


def decode_body(data: bytes, source: str, *, html: bool) -> str | InputError:
    """Bytes as ``kg build`` decodes a file's: text must be UTF-8 (or carry a byte-order mark),
    HTML is decoded as browsers do; anything else is an error naming the bad byte."""
    return _decode_html(data, source) if html else _decode_text(data, source)


def _decode_text(data: bytes, source: str) -> str | InputError:
    if not data.strip():
        return InputError(source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                return InputError(
                    source, f"not {encoding} text despite its byte-order mark (bad byte at {err.start})"
                )
    if b"\x00" in data:
        return InputError(source, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        guess = _detect(data)
        hint = f"; it looks like {guess}: convert it with iconv -f {guess} -t UTF-8" if guess else ""
        return InputError(
            source, f"not UTF-8 text (bad byte 0x{data[err.start]:02x} at offset {err.start}){hint}"
        )


def _decode_html(data: bytes, source: str) -> str | InputError:
    """Bytes of an HTML page as text: byte-order mark, valid UTF-8, declared charset, detection."""
    if not data.strip():
        return InputError(source, "empty file")
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return _decode_text(data, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(data[:1024])
    for encoding in (declared.group(1).decode("ascii") if declared else None, _detect(data)):
        if encoding:
            try:
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return InputError(
        source, "HTML that is not UTF-8, declares no charset that decodes it, and defies detection"
    )


def _detect(data: bytes) -> str | None:
    """The encoding charset-normalizer finds most plausible, or None when nothing fits."""
    from charset_normalizer import from_bytes  # only for bytes that are not UTF-8

    best = from_bytes(data[:200_000]).best()
    return best.encoding if best is not None else None


def _printable(name: str) -> str:
    """A file name or value fit for a terminal: control characters shown as escapes."""
    return _UNCARRIABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", name)


def _read_at_most(fh: IO[bytes], limit: int) -> bytes:
    """Up to ``limit + 1`` bytes: one more than allowed tells that the input is over the limit."""
    return fh.read(max(limit + 1, 0))


def _chunks(fh: IO[bytes], head: bytes = b"") -> Iterator[bytes]:
    if head:
        yield head
    while chunk := fh.read(_CHUNK):
        yield chunk


def _lines(chunks: Iterable[bytes], limit: int) -> Iterator[tuple[int, bytes | int]]:
    """Numbered lines; a line over ``limit`` bytes comes as its length, never held in memory."""
    n, parts, size = 1, list[bytes](), 0
    for chunk in chunks:
        pieces = chunk.split(b"\n")
        for piece in pieces[:-1]:
            size += len(piece)
            yield n, (size if size > limit else b"".join([*parts, piece]))
            n, parts, size = n + 1, [], 0
        size += len(pieces[-1])
        if size <= limit:
            parts.append(pieces[-1])
        else:
            parts.clear()
    if size:
        yield n, (size if size > limit else b"".join(parts))
