"""Operator redemption handling: list every creator's, fulfil, cancel."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder

from hackoclock.api.deps import CurrentOperator, Db
from hackoclock.api.pagination import Paging, page
from hackoclock.api.params import RedemptionId
from hackoclock.shop import service as shop

router = APIRouter(tags=["operator: redemptions"])

Status = Literal["pending", "fulfilled", "cancelled"]


@router.get("/redemptions")
def list_redemptions(
    who: CurrentOperator,
    db: Db,
    paging: Paging,
    status: Annotated[Status | None, Query(description="Only this status.")] = None,
    creator_id: Annotated[
        str | None, Query(min_length=1, max_length=64, description="Only this creator's.")
    ] = None,
) -> dict[str, Any]:
    """Redemptions of every creator, newest first."""
    items = shop.list_redemptions(
        db, creator_id=creator_id, status=status, limit=paging.limit, offset=paging.offset
    )
    return page([asdict(r) for r in items], paging)


@router.post("/redemptions/{redemption_id}/fulfil")
def fulfil(redemption_id: RedemptionId, who: CurrentOperator, db: Db) -> Any:
    """Mark a pending redemption delivered: its points are spent for good."""
    return jsonable_encoder(asdict(shop.fulfil(db, redemption_id)))


@router.post("/redemptions/{redemption_id}/cancel")
def cancel(redemption_id: RedemptionId, who: CurrentOperator, db: Db) -> Any:
    """Cancel a pending redemption; the creator gets the points back."""
    return jsonable_encoder(asdict(shop.cancel(db, redemption_id)))
