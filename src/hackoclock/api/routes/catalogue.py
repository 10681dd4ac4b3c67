"""The rewards catalogue: browse (all), redeem (creators), create/edit/deactivate (operators)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, HTTPException, Query, Response
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict, Field

from hackoclock.api.deps import AnyPrincipal, CurrentCreator, CurrentOperator, Db
from hackoclock.api.fast_json import json_response
from hackoclock.api.moments import Moment
from hackoclock.api.pagination import Paging, page
from hackoclock.api.params import RewardId
from hackoclock.shop import service as shop

router = APIRouter(tags=["rewards"])

MAX_POINTS = 10**15  # far above any price, far below the 64-bit column limit
MAX_STOCK = 10**12
Points = Annotated[int, Field(gt=0, le=MAX_POINTS)]


def reward_json(reward: shop.Reward) -> dict[str, Any]:
    return jsonable_encoder({**asdict(reward), "available": reward.available})


class RewardIn(BaseModel):
    """A new reward."""

    model_config = ConfigDict(extra="forbid")

    reward_id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    amount: Points
    exposure: str = Field(min_length=1, max_length=2000, description="What the creator gets.")
    kind: str = Field(default="merch", max_length=24)
    description: str = Field(default="", max_length=5000)
    stock: int | None = Field(default=None, ge=0, le=MAX_STOCK)
    limit_per_period: int | None = Field(default=None, gt=0, le=10**6)
    limit_period: str = Field(default="week", max_length=8)
    active: bool = True
    active_from: Moment | None = None
    active_until: Moment | None = None
    exposure_minutes: int | None = Field(default=None, gt=0, le=10**6)


class RewardPatch(BaseModel):
    """Fields to change; omit a field to keep it, send null to clear a nullable one."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    kind: str | None = Field(default=None, max_length=24)
    amount: Points | None = None
    exposure: str | None = Field(default=None, min_length=1, max_length=2000)
    stock: int | None = Field(default=None, ge=0, le=MAX_STOCK)
    limit_per_period: int | None = Field(default=None, gt=0, le=10**6)
    limit_period: str | None = Field(default=None, max_length=8)
    active: bool | None = None
    active_from: Moment | None = None
    active_until: Moment | None = None
    exposure_minutes: int | None = Field(default=None, gt=0, le=10**6)


NOT_NULLABLE = ("name", "description", "kind", "amount", "exposure", "limit_period", "active")


class RedeemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    video_id: str | None = Field(
        default=None, min_length=1, max_length=64, description="For exposure rewards: one video."
    )


@router.get("/rewards")
def list_rewards(
    who: AnyPrincipal,
    db: Db,
    paging: Paging,
    include_inactive: Annotated[
        bool, Query(description="Operators only: also rewards off sale.")
    ] = False,
) -> dict[str, Any]:
    """The rewards on sale, cheapest first (operators may include inactive ones)."""
    if include_inactive and not who.is_operator:
        raise HTTPException(403, "only operators see inactive rewards")
    rewards = shop.list_rewards(
        db, include_inactive=include_inactive, limit=paging.limit, offset=paging.offset
    )
    return page([reward_json(r) for r in rewards], paging)


@router.post(
    "/rewards/{reward_id}/redeem",
    status_code=201,
    response_model=None,
    responses={201: {"description": "The pending redemption (or the one this key made)."}},
)
def redeem(
    reward_id: RewardId,
    who: CurrentCreator,
    db: Db,
    idempotency_key: Annotated[
        str | None,
        Header(alias="Idempotency-Key", description="Required: retrying with it charges once."),
    ] = None,
    body: Annotated[RedeemIn | None, Body()] = None,
) -> Response:
    """Spend your points on a reward; the same Idempotency-Key again returns the same one."""
    if idempotency_key is None or not idempotency_key.strip():
        raise HTTPException(400, "the Idempotency-Key header is required")
    video_id = body.video_id if body else None
    redemption = shop.redeem(db, who.sub, reward_id, idempotency_key, video_id=video_id)
    return json_response(redemption, status_code=201)


@router.post("/rewards", status_code=201)
def add_reward(body: RewardIn, who: CurrentOperator, db: Db) -> dict[str, Any]:
    """Add a reward to the catalogue."""
    return reward_json(shop.add_reward(db, shop.RewardSpec(**body.model_dump())))


@router.patch("/rewards/{reward_id}")
def edit_reward(
    reward_id: RewardId, body: RewardPatch, who: CurrentOperator, db: Db
) -> dict[str, Any]:
    """Change a reward (pending redemptions keep their price)."""
    changes = body.model_dump(exclude_unset=True)
    cleared = [name for name in NOT_NULLABLE if name in changes and changes[name] is None]
    if cleared:
        raise HTTPException(422, f"{cleared[0]} cannot be null")
    return reward_json(shop.edit_reward(db, reward_id, shop.RewardChanges(**changes)))


@router.post("/rewards/{reward_id}/deactivate")
def deactivate_reward(reward_id: RewardId, who: CurrentOperator, db: Db) -> dict[str, Any]:
    """Take a reward off sale."""
    return reward_json(shop.deactivate_reward(db, reward_id))
