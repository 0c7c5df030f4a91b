"""Reading the rule files: the bundled TOML in ``kg/rules/``, extended by a user's directory.

A user's directory (setting ``rules_dir``) may hold files of the same names: their lists are
added to the bundled ones and their tables merged, so a user extends the knowledge without
copying it. Each extractor reads its own file into a typed rules value (``StatementRules``,
``MilitaryRules`` ...) with the helpers here, which name the file and the entry of any error.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from kg.errors import RulesError

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "rules"


def read_toml(name: str, user_dir: Path | None) -> dict[str, Any]:
    """The bundled file ``name``, with the lists of a user's file of that name appended."""
    merged = _parse_toml(BUNDLED_DIR / name)
    user = user_dir / name if user_dir else None
    if user is not None and user.is_file():
        for key, value in _parse_toml(user).items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + value
            elif isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def _parse_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as err:
        raise RulesError(str(path), "file", f"cannot read: {err.strerror}") from err
    except tomllib.TOMLDecodeError as err:
        raise RulesError(str(path), "file", f"not valid TOML: {err}") from err


def strings(data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    """The list of strings ``key`` of a rule file, in file order (empty when absent)."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(path, key, "must be a list of strings")
    return tuple(value)


def lowered(data: dict[str, Any], key: str, path: str) -> frozenset[str]:
    """The list ``key`` as a set of lower-case words, for case-insensitive look-up."""
    return frozenset(w.lower() for w in strings(data, key, path))


def version(data: dict[str, Any]) -> str:
    """The ``version`` a rule file declares ("0" when it declares none)."""
    return str(data.get("version", "0"))
