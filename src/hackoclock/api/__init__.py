"""The REST API (FastAPI): ``create_app(settings, db=None)``."""

from hackoclock.api.app import API_PREFIX, create_app

__all__ = ["API_PREFIX", "create_app"]
