"""``GET /exposure-grants``: For You feed exposure owed to creators, as JSON pages or a CSV file."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from hackoclock.api.deps import CurrentOperator, Db
from hackoclock.api.pagination import Paging, page
from hackoclock.shop import service as shop

router = APIRouter(tags=["operator: exposure"])


@router.get("/exposure-grants", response_model=None)
def exposure_grants(
    who: CurrentOperator,
    db: Db,
    paging: Paging,
    format: Annotated[Literal["json", "csv"], Query(description="json (paged) or csv")] = "json",
) -> dict[str, Any] | Response:
    """Exposure grants, oldest first: a JSON page, or every grant as a CSV download."""
    if format == "csv":
        return Response(
            shop.export_exposure(db, "csv"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="exposure-grants.csv"'},
        )
    grants = shop.list_grants(db)
    window = grants[paging.offset : paging.offset + paging.limit]
    return page([asdict(g) for g in window], paging, total=len(grants))
