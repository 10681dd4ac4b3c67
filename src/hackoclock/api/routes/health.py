"""Liveness: ``GET /healthz`` (public)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Report that the API process is up (no authentication)."""
    return {"status": "ok"}
