"""What the routes need, taken from the app's state: ``StoreDep``, ``SettingsDep``, ``PoolDep``."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from kg.config import Settings
from kg.store import LocalStore
from kg.web.query_pool import QueryPool


def get_store(request: Request) -> LocalStore:
    return cast(LocalStore, request.app.state.store)


def get_settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


def get_pool(request: Request) -> QueryPool:
    return cast(QueryPool, request.app.state.pool)


StoreDep = Annotated[LocalStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
PoolDep = Annotated[QueryPool, Depends(get_pool)]
