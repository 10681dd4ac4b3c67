"""``GET /me/videos``: the calling creator's videos with points, contributions, explanations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from hackoclock.api.deps import CurrentCreator, Db
from hackoclock.api.pagination import Paging, from_service, page
from hackoclock.api.params import MAX_INT_ID
from hackoclock.scoring import queries

router = APIRouter(tags=["creator"])


@router.get("/me/videos")
def my_videos(
    who: CurrentCreator,
    db: Db,
    paging: Paging,
    run_id: Annotated[
        int | None, Query(ge=1, le=MAX_INT_ID, description="A run (default: the latest)")
    ] = None,
) -> dict[str, Any]:
    """Your videos in a scoring run: points, each component's contribution and why."""
    result = queries.creator_videos(
        db, who.sub, run_id=run_id, limit=paging.limit, offset=paging.offset
    )
    return from_service(result, paging)


@router.get("/me/points")
def my_points_by_period(who: CurrentCreator, db: Db, paging: Paging) -> dict[str, Any]:
    """Your points per scoring period, newest first."""
    rows = list(queries.creator_points_by_period(db, who.sub))
    return page(rows[paging.offset : paging.offset + paging.limit], paging, total=len(rows))
