"""Write graphs to files atomically, in the format the file name's extension asks for.

The file is written next to its destination under a temporary name and renamed into place,
so a run that is killed leaves the old file whole, never half a file.

:class:`DocumentWriter` streams: each document's triples leave memory as soon as it is added.
What stays bounded, format by format:

- N-Quads and N-Triples are written straight to the temporary file, document by document
  (N-Triples drops repeated triples within a document; a triple that several documents share,
  such as an actor's label, may appear once per document, which N-Triples readers merge).
- TriG is spooled as N-Quads to a temporary file and converted, streaming, at the end.
- Turtle, JSON-LD and RDF/XML get the union of the triples without repeats: the spool is
  loaded into a temporary on-disk Oxigraph store (bounded memory) and serialised from it,
  subjects grouped, at the end.

A run that is killed leaves its temporary files behind; the next run that writes the
same file removes them once it has renamed its own into place. A write that fails (a full
disk) removes them at once and raises :class:`OutputError`: one line, the old file whole.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

import pyoxigraph as ox

from kg.errors import InputError, OutputError, is_no_space
from kg.graph import DocumentGraph
from kg.vocab import PREFIXES

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML,
}
_STREAMED = (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)
_DATASETS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)  # JSON-LD could hold graphs: it gets the union


def output_format(path: Path) -> ox.RdfFormat:
    """The RDF format of an output file, from its extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(FORMATS)
        raise InputError(str(path), f"unknown output format {path.suffix or '(none)'!r}; use one of {known}")
    return fmt


class DocumentWriter:
    """Stream documents' graphs to ``path``: ``add`` each one, then ``commit`` renames into place.

    Nothing touches the disk before the first ``add``; ``discard`` (or leaving the ``with``
    block by an exception) removes the temporary files and leaves ``path`` as it was.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.format = output_format(path)
        self.documents = 0
        self._started = time.time()
        self._tmp: Path | None = None
        self._fh: IO[bytes] | None = None

    def add(self, document: DocumentGraph) -> None:
        """Append one document's graph (named by the document's IRI in TriG and N-Quads)."""
        quads = document.quads
        try:
            out = self._open()
            if self.format == ox.RdfFormat.N_TRIPLES:
                ox.serialize(dict.fromkeys(q.triple for q in quads), out, format=self.format)
            else:  # N-Quads, or the N-Quads spool of the other formats
                ox.serialize(quads, out, format=ox.RdfFormat.N_QUADS)
        except OSError as err:
            raise self._failed(err) from err
        self.documents += 1

    def commit(self) -> None:
        """Finish the file and rename it into place (nothing happens if no document was added)."""
        if self._fh is None or self._tmp is None:
            return
        try:
            self._finish()
        except OSError as err:
            raise self._failed(err) from err
        self._sweep()

    def _failed(self, err: OSError) -> OutputError:
        """Drop the temporary files of a write that failed, and say so in one line."""
        self.discard()
        why = "out of disk space" if is_no_space(err) else "cannot write"
        return OutputError(
            str(self.path),
            f"{why} ({err.strerror or err}); nothing was written, and the old file (if any) is left whole",
        )

    def _finish(self) -> None:
        assert self._fh is not None and self._tmp is not None
        self._fh.close()
        self._fh = None
        if self.format not in _STREAMED:
            spool, self._tmp = self._tmp, self._temp_file()
            try:
                _convert(spool, self._tmp, self.format)
            finally:
                spool.unlink(missing_ok=True)
        _fsync(self._tmp)
        os.chmod(self._tmp, 0o666 & ~_umask())  # mkstemp makes files private; outputs are not
        os.replace(self._tmp, self.path)
        self._tmp = None

    def _sweep(self) -> None:
        """Remove what killed runs writing the same file left behind (older than this run)."""
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:
                if stale.stat().st_mtime >= self._started:
                    continue
                if stale.is_dir():
                    shutil.rmtree(stale)
                else:
                    stale.unlink()
            except OSError:
                pass  # removed meanwhile, or not ours to remove: harmless either way

    def discard(self) -> None:
        """Drop what was written; ``path`` is left as it was."""
        if self._fh is not None:
            with contextlib.suppress(OSError):  # flushing to a full disk fails again: drop it anyway
                self._fh.close()
            self._fh = None
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None

    def _open(self) -> IO[bytes]:
        if self._fh is None:
            self._tmp = self._temp_file()
            self._fh = self._tmp.open("wb")
        return self._fh

    def _temp_file(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        return Path(tmp)

    def __enter__(self) -> DocumentWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if kind is None:
                self.commit()
        finally:
            self.discard()


def _convert(spool: Path, target: Path, fmt: ox.RdfFormat) -> None:
    """Turn an N-Quads spool into ``fmt``: TriG keeps the graphs, the others get the union."""
    quads = ox.parse(path=str(spool), format=ox.RdfFormat.N_QUADS)
    if fmt in _DATASETS:
        ox.serialize(quads, str(target), format=fmt, prefixes=PREFIXES)
        return
    scratch = tempfile.mkdtemp(prefix=f"{target.name}.union.", suffix=".tmp", dir=target.parent)
    try:
        store = ox.Store(scratch)
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        ox.serialize(triples, str(target), format=fmt, prefixes=PREFIXES)
        del store
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def write_documents(path: Path, documents: Iterable[DocumentGraph]) -> int:
    """Write documents' graphs to ``path`` atomically; returns the documents written.

    TriG and N-Quads keep one named graph per document; the others (JSON-LD too, so that
    any JSON-LD reader sees the triples in its default graph) get the union of the triples.
    """
    with DocumentWriter(path) as writer:
        for document in documents:
            writer.add(document)
    return writer.documents


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename; the old file stays whole until then."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
