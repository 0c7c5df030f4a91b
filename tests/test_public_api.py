"""The public API (httpx's export test): every name in ``kg.__all__`` is importable and documented."""

from __future__ import annotations

import subprocess
import sys
from types import ModuleType

import pytest

import kg

MACHINERY = {"annotations", "TYPE_CHECKING", "Any"}  # what kg/__init__.py needs to be written


def test_all_is_sorted_without_repeats() -> None:
    assert kg.__all__ == sorted(set(kg.__all__))


def test_nothing_public_is_left_out_of_all() -> None:
    public = {n for n, v in vars(kg).items() if not n.startswith("_") and not isinstance(v, ModuleType)}
    assert public - MACHINERY <= set(kg.__all__)


@pytest.mark.parametrize("name", kg.__all__)
def test_each_public_name_is_importable_and_documented(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from kg import {name}", namespace)
    obj = namespace[name]
    assert obj is getattr(kg, name)
    assert f"``{name}``" in (kg.__doc__ or ""), f"{name} is not in the package's docstring"
    if callable(obj) and hasattr(obj, "__qualname__"):  # classes and functions; not the type aliases
        assert obj.__module__.startswith("kg."), f"{name} comes from {obj.__module__}"
        doc = obj.__doc__ or ""
        assert doc.strip() and not doc.startswith(f"{name}("), f"{name} has no docstring of its own"


def test_import_kg_does_not_load_spacy_pyshacl_or_fastapi() -> None:
    """``kg query`` and ``kg remove`` start without them; the names that need them load on use."""
    code = (
        "import sys, kg; heavy = ('spacy', 'pyshacl', 'fastapi'); print([m for m in heavy if m in sys.modules]);"
        "kg.Pipeline; print(all(m in sys.modules for m in heavy[:2]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "True"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Graph'"):
        kg.Graph  # noqa: B018
