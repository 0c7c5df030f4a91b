"""Fixtures for the extractor tests: the rules and the spaCy pipeline, loaded once."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.config import get_settings
from kg.extract.rules import Rules, load_rules
from kg.nlp import load_nlp


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def nlp(rules: Rules) -> Language:
    return load_nlp(get_settings().spacy_model, rules)
