"""Helpers shared by the readers."""

from __future__ import annotations

from typing import Any

# Keys a record may use to say when it was observed (all formats).
OBSERVED_KEYS = (
    "collected_at_utc",
    "collected_at",
    "collectedAt",
    "observed_at",
    "observedAt",
    "scraped_at",
    "scrapedAt",
)


def dig(obj: Any, *path: str) -> Any:
    """``obj[path[0]][path[1]]...`` or None when any step is missing or not a dict."""
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def first_present(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """The value of the first key present (not None) in ``obj``."""
    for key in keys:
        value = obj.get(key)
        if value is not None:
            return value
    return None
