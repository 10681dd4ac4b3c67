"""Request dependencies: the app's settings and database, and the authenticated principal.

They are ``async`` on purpose: none of them blocks (token checks are CPU-only and short), and
FastAPI would otherwise hop to its thread pool once per dependency on every request.

``CurrentCreator`` admits only creator tokens, ``CurrentOperator`` only operator tokens,
``AnyPrincipal`` either. A missing or bad token is 401; the wrong role is 403.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from hackoclock.auth import AuthError, Principal, verify_token
from hackoclock.db.engine import Database
from hackoclock.settings import Settings

_bearer = HTTPBearer(auto_error=False, description="A Hackoclock JWT (HS256 or RS256).")


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise AuthError("missing bearer token (Authorization: Bearer <token>)")
    settings: Settings = request.app.state.settings
    return verify_token(settings, credentials.credentials)


def _require(role: str) -> Callable[[Principal], Awaitable[Principal]]:
    async def check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if principal.role != role:
            raise HTTPException(403, f"this endpoint is for {role}s")
        return principal

    return check


Db = Annotated[Database, Depends(get_db)]
AppSettings = Annotated[Settings, Depends(get_settings)]
AnyPrincipal = Annotated[Principal, Depends(get_principal)]
CurrentCreator = Annotated[Principal, Depends(_require("creator"))]
CurrentOperator = Annotated[Principal, Depends(_require("operator"))]
