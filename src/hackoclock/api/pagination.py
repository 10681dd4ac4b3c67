"""Pagination: ``limit`` (1..200, default 50) and ``offset`` (>= 0) on every list.

Lists answer ``{"items": [...], "limit", "offset", "total"}`` where ``total`` is present
when the service counts it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query
from fastapi.encoders import jsonable_encoder

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_OFFSET = 1_000_000_000  # keeps offsets inside every database's integer range


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    offset: int


async def _page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1..{MAX_LIMIT}).")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


Paging = Annotated[PageParams, Depends(_page_params)]


def page(
    items: Iterable[Any] | Sequence[Any], params: PageParams, total: int | None = None
) -> dict[str, Any]:
    """The list envelope; items go through FastAPI's encoder (dataclasses, datetimes...)."""
    body: dict[str, Any] = {
        "items": jsonable_encoder(list(items)),
        "limit": params.limit,
        "offset": params.offset,
    }
    if total is not None:
        body["total"] = total
    return body


def from_service(result: Any, params: PageParams) -> dict[str, Any]:
    """A page from whatever a service's list returns: a list, or a mapping with items/total."""
    if isinstance(result, dict) and "items" in result:
        return page(result["items"], params, result.get("total"))
    items = getattr(result, "items", None)
    if items is not None and not callable(items):
        return page(items, params, getattr(result, "total", None))
    return page(result, params)
