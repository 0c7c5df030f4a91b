"""What the routes need, taken from the app's one state object: ``StateDep`` and its parts.

``create_app`` puts a :class:`~kg.web.state.WebState` on ``app.state.kg``; ``StoreDep``,
``SettingsDep`` and ``PoolDep`` are its store, settings and query pool.
"""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from kg.config import Settings
from kg.sandbox import QueryPool
from kg.store import LocalStore
from kg.web.state import WebState


def get_state(request: Request) -> WebState:
    return cast(WebState, request.app.state.kg)


def get_store(request: Request) -> LocalStore:
    return get_state(request).store


def get_settings(request: Request) -> Settings:
    return get_state(request).settings


def get_pool(request: Request) -> QueryPool:
    return get_state(request).pool


StateDep = Annotated[WebState, Depends(get_state)]
StoreDep = Annotated[LocalStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
PoolDep = Annotated[QueryPool, Depends(get_pool)]
