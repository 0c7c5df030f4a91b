"""Shared fixtures: the spaCy pipeline and rules are loaded once per test session."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.config import Settings, get_settings

if TYPE_CHECKING:
    from kg.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9d3f9a3be7baeea0.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="re-record tests/golden/*")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def pipeline(settings: Settings) -> Pipeline:
    from kg.pipeline import Pipeline  # imports spaCy: only for the tests that parse

    return Pipeline(settings)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
