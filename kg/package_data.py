"""The files NewsKG ships inside its package, found through :mod:`importlib.resources`.

The ontology (``kg/ontology/``), the shapes (``kg/shapes/``), the rules, the page templates,
the static files and the ``.rq`` queries are package data: they are read from wherever the
package is installed (a wheel in a virtual environment, an editable checkout), never from the
working directory. pip always unpacks a wheel, so each is a real file with a path.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled(*parts: str) -> Path:
    """The path of ``kg/<parts…>`` in the installed package.

    >>> (bundled("ontology") / "newskg.ttl").is_file()
    True
    """
    return Path(str(files("kg").joinpath(*parts)))


def version() -> str:
    """The installed distribution's version (``newskg``), or ``0+unknown`` outside any install."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("newskg")
    except PackageNotFoundError:
        return "0+unknown"
