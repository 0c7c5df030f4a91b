"""From a notebook: articles in, an rdflib ``Graph`` (and a store) out; a query into rows or a DataFrame.

This is the one place after validation that hands out rdflib terms: an rdflib ``Graph`` is what
a notebook user works with, so the documents' quads are copied into one at this edge, and the
rest of NewsKG keeps to pyoxigraph.

>>> import kg
>>> graph = kg.build_graph("Hezbollah said it fired rockets at Israel.")  # doctest: +SKIP
>>> kg.query_rows(graph, "SELECT ?name WHERE { ?a a kg:ArmedGroup ; rdfs:label ?name }")  # doctest: +SKIP
[{'name': 'Hezbollah'}]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.query import Result

from kg.config import Settings, get_settings
from kg.errors import InputError
from kg.graph import DocumentGraph
from kg.pipeline import Built, Pipeline
from kg.reader import read_inputs
from kg.records import Article
from kg.store import Store
from kg.vocab import PREFIXES, text_hash

if TYPE_CHECKING:
    import pandas

Source = str | Path | Article
TRIPLE = ("subject", "predicate", "object")
XSD = PREFIXES["xsd"]
_INTEGERS = {
    f"{XSD}{t}" for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")
}
_CONVERT: dict[str, Any] = {
    **dict.fromkeys(_INTEGERS, int),
    f"{XSD}decimal": Decimal,
    f"{XSD}double": float,
    f"{XSD}float": float,
    f"{XSD}boolean": lambda v: v in ("true", "1"),
    f"{XSD}date": date.fromisoformat,
    f"{XSD}dateTime": datetime.fromisoformat,
}


def _articles(inputs: Source | Iterable[Source], max_chars: int) -> Iterator[Article]:
    items = [inputs] if isinstance(inputs, str | Path | Article) else list(inputs)
    for item in items:
        if isinstance(item, Article):
            yield item
        elif isinstance(item, str):  # a text: its id is its hash, the same text the same document
            yield Article(doc_id=f"text-{text_hash(item)[:12]}", text=item)
        else:
            for read in read_inputs([str(item)], max_chars=max_chars):
                if isinstance(read, InputError):
                    raise read
                yield read


def build_graph(
    inputs: Source | Iterable[Source],
    *,
    store: Store | None = None,
    pipeline: Pipeline | None = None,
    settings: Settings | None = None,
) -> Graph:
    """Build articles into one rdflib ``Graph``, and into ``store`` too when given.

    Args:
        inputs: a text (a ``str``), a file or directory (a ``Path``: ``.txt``, ``.jsonl``, HTML,
            read as ``kg build`` reads them), an ``Article``, or a list of them.
        store: a store (``kg.open_store(...)``) to add the documents to, replacing earlier
            versions of the same documents.
        pipeline: a loaded ``Pipeline``, to load spaCy and the rules once for many calls.
        settings: the settings for a new pipeline (default: ``kg.get_settings()``).

    Returns:
        The union of the documents' graphs.

    Raises:
        InputError: an input could not be read, or an article gave no graph (it names which and
            why): nothing is added to ``store`` then.
    """
    pipeline = pipeline or Pipeline(settings or get_settings())
    documents: list[DocumentGraph] = []
    for article in _articles(inputs, pipeline.settings.max_document_chars):
        outcome = pipeline.build_article(article)
        if not isinstance(outcome, Built):
            raise InputError(article.source or article.doc_id, f"no graph: {outcome.reason}")
        documents.append(outcome.graph)
    if store is not None:
        store.put_documents(documents)
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for document in documents:
        for triple in document.triples():
            graph.add((_rdflib(triple.subject), _rdflib(triple.predicate), _rdflib(triple.object)))
    return graph


def _rdflib(term: object) -> Any:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        return RdfLiteral(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"NewsKG mints no blank nodes or quoted triples: {term!r}")


def query_rows(source: Store | Graph, sparql: str) -> list[dict[str, Any]]:
    """Run a SPARQL query on a store or an rdflib ``Graph``; each answer as a dict of Python values.

    NewsKG's prefixes (``kg:``, ``rdfs:``, ``dcterms:`` …) are declared. IRIs come back as
    strings, literals as ``int``, ``Decimal``, ``float``, ``bool``, ``date``, ``datetime`` or
    ``str`` by their datatype, unbound variables as None. An ASK query gives
    ``[{"answer": bool}]``, a CONSTRUCT one a row per triple (``subject``, ``predicate``, ``object``).
    """
    return _table(source, sparql)[1]


def _table(source: Store | Graph, sparql: str) -> tuple[list[str], list[dict[str, Any]]]:
    if isinstance(source, Graph):
        return _rdflib_table(source.query(sparql, initNs=PREFIXES))
    answer = source.query(sparql)
    if isinstance(answer, ox.QueryBoolean):
        return ["answer"], [{"answer": bool(answer)}]
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return names, [{name: _python(row[name]) for name in names} for row in answer]
    return list(TRIPLE), [
        dict(zip(TRIPLE, map(_python, (t.subject, t.predicate, t.object)), strict=True)) for t in answer
    ]


def _python(term: object) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        convert = _CONVERT.get(term.datatype.value)
        return convert(term.value) if convert is not None else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return getattr(term, "value", str(term))


def _rdflib_table(result: Result) -> tuple[list[str], list[dict[str, Any]]]:
    if result.type == "ASK":
        return ["answer"], [{"answer": bool(result.askAnswer)}]
    if result.type != "SELECT":
        return list(TRIPLE), [dict(zip(TRIPLE, map(_plain, triple), strict=True)) for triple in result]  # type: ignore[arg-type]
    names = [str(v) for v in result.vars or ()]
    return names, [{name: _plain(row[name]) for name in names} for row in result]  # type: ignore[call-overload,index]


def _plain(term: object) -> Any:
    if term is None:
        return None
    if isinstance(term, RdfLiteral):
        datatype = str(term.datatype) if term.datatype else ""
        convert = _CONVERT.get(datatype)
        return convert(str(term)) if convert is not None else str(term)
    return str(term)


def query_frame(source: Store | Graph, sparql: str) -> pandas.DataFrame:
    """:func:`query_rows` as a pandas ``DataFrame`` (pandas is optional: ``pip install pandas``)."""
    try:
        import pandas
    except ImportError as err:
        raise ImportError("query_frame needs pandas: pip install pandas (or use query_rows)") from err
    names, rows = _table(source, sparql)
    return pandas.DataFrame.from_records(rows, columns=names)
