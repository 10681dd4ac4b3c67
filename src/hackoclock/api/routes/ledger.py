"""Operator ledger routes: preview and credit a scoring run, verify the whole ledger."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict, Field

from hackoclock.api.deps import CurrentOperator, Db
from hackoclock.api.params import RunId
from hackoclock.ledger import service as ledger

router = APIRouter(tags=["operator: ledger"])


class CreditRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirm: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="The token of a preview: post only if the plan is still the previewed one.",
    )
    replace: bool = Field(
        default=False,
        description="Make this run's points the period's payouts in place of another method's.",
    )
    reason: str | None = Field(
        default=None, max_length=2000, description="Why the payouts are replaced (with replace)."
    )


@router.get("/runs/{run_id}/credit/preview")
def preview_credit(
    run_id: RunId,
    who: CurrentOperator,
    db: Db,
    replace: Annotated[bool, Query(description="Preview replacing the period's payouts.")] = False,
) -> dict[str, Any]:
    """What crediting a run would post per creator, its refusals and the token to confirm it."""
    preview = ledger.preview_credit(db, run_id, replace=replace)
    return jsonable_encoder({**asdict(preview), "refused": preview.refused})


@router.post("/runs/{run_id}/credit")
def credit_run(
    run_id: RunId, who: CurrentOperator, db: Db, body: CreditRequest | None = None
) -> dict[str, Any]:
    """Credit a finished scoring run's points to creators (safe to repeat)."""
    req = body or CreditRequest()
    report = ledger.credit_run(
        db, run_id, confirm=req.confirm, replace=req.replace, reason=req.reason
    )
    return jsonable_encoder({**asdict(report), "already_credited": report.already_credited})


@router.get("/ledger/verify")
def verify_ledger(who: CurrentOperator, db: Db) -> dict[str, Any]:
    """Check that every balance, transfer and checksum in the ledger adds up."""
    return jsonable_encoder(asdict(ledger.verify(db)))
