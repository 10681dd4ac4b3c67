"""The FastAPI application factory: settings and database in, app out; nothing global."""

from __future__ import annotations

import importlib

from fastapi import APIRouter, FastAPI

from hackoclock.api.errors import install_error_handlers
from hackoclock.api.limits import BodySizeLimit
from hackoclock.api.loopback import LoopbackOnly
from hackoclock.api.routes import health
from hackoclock.auth.demo import check_demo_keys
from hackoclock.bootstrap import open_database
from hackoclock.db.engine import Database
from hackoclock.settings import Settings

API_PREFIX = "/api/v1"

# Each module has ``router``; all are mounted under API_PREFIX.
ROUTE_MODULES = (
    "hackoclock.api.routes.me",
    "hackoclock.api.routes.me_videos",
    "hackoclock.api.routes.me_redemptions",
    "hackoclock.api.routes.catalogue",
    "hackoclock.api.routes.imports",
    "hackoclock.api.routes.runs",
    "hackoclock.api.routes.held",
    "hackoclock.api.routes.redemptions",
    "hackoclock.api.routes.exposure",
    "hackoclock.api.routes.ledger",
)


def _routers() -> list[APIRouter]:
    return [importlib.import_module(name).router for name in ROUTE_MODULES]


def create_app(settings: Settings, db: Database | None = None) -> FastAPI:
    """The REST API over ``db`` (default: the database the settings name, its pool sized to
    the server's connection limit).

    Demo mode beside a real key is refused (``DemoModeRefused``); in demo mode the app answers
    loopback clients only.
    """
    check_demo_keys(settings)
    app = FastAPI(
        title="Hackoclock API",
        version="1",
        summary="Fair points for short-video creators: balances, rewards, scoring runs.",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.db = db if db is not None else open_database(settings, fit_to_server=True)
    install_error_handlers(app)
    app.include_router(health.router)
    for router in _routers():
        app.include_router(router, prefix=API_PREFIX)
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.api_max_json_bytes,
        large={f"{API_PREFIX}/imports": settings.api_max_upload_bytes},
    )
    if settings.demo_mode:
        app.add_middleware(LoopbackOnly)  # outermost: nothing else runs for a remote client
    return app
