"""Operator review of held points: list, release to the creator, or void."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict, Field

from hackoclock.api.deps import CurrentOperator, Db
from hackoclock.api.pagination import Paging, page
from hackoclock.api.params import RunId, VideoId
from hackoclock.ledger import service as ledger

router = APIRouter(tags=["operator: held"])


class VoidRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000, description="Why the points are voided.")


@router.get("/held")
def list_held(who: CurrentOperator, db: Db, paging: Paging) -> dict[str, Any]:
    """Points held back for suspected manipulation, oldest first."""
    return page(ledger.list_held(db, limit=paging.limit, offset=paging.offset), paging)


@router.post("/held/{run_id}/{video_id}/release")
def release_held(run_id: RunId, video_id: VideoId, who: CurrentOperator, db: Db) -> dict[str, Any]:
    """Release a held video's points to its creator."""
    return jsonable_encoder(asdict(ledger.release_held(db, run_id, video_id, operator=who.sub)))


@router.post("/held/{run_id}/{video_id}/void")
def void_held(
    run_id: RunId, video_id: VideoId, body: VoidRequest, who: CurrentOperator, db: Db
) -> dict[str, Any]:
    """Void a held video's points (a reason is required); the creator never gets them."""
    result = ledger.void_held(db, run_id, video_id, operator=who.sub, reason=body.reason)
    return jsonable_encoder(asdict(result))
