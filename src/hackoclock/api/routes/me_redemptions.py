"""The calling creator's redemptions: list them, cancel a pending one."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder

from hackoclock.api.deps import CurrentCreator, Db
from hackoclock.api.pagination import Paging, page
from hackoclock.api.params import RedemptionId
from hackoclock.shop import service as shop

router = APIRouter(tags=["creator"])

Status = Literal["pending", "fulfilled", "cancelled"]


@router.get("/me/redemptions")
def my_redemptions(
    who: CurrentCreator,
    db: Db,
    paging: Paging,
    status: Annotated[Status | None, Query(description="Only this status.")] = None,
) -> dict[str, Any]:
    """Your redemptions, newest first."""
    items = shop.list_redemptions(
        db, creator_id=who.sub, status=status, limit=paging.limit, offset=paging.offset
    )
    return page([asdict(r) for r in items], paging)


@router.post("/me/redemptions/{redemption_id}/cancel")
def cancel_my_redemption(redemption_id: RedemptionId, who: CurrentCreator, db: Db) -> Any:
    """Cancel one of your pending redemptions; its points come back to you."""
    return jsonable_encoder(asdict(shop.cancel(db, redemption_id, creator_id=who.sub)))
