"""Entry point for uvicorn workers: each worker builds its app from the environment."""

from __future__ import annotations

from fastapi import FastAPI

from hackoclock.api.app import create_app
from hackoclock.settings import Settings


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory hackoclock.api.server:app_from_env``."""
    return create_app(Settings())
