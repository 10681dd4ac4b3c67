"""Operator ledger routes: credit a scoring run, verify the whole ledger."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder

from hackoclock.api.deps import CurrentOperator, Db
from hackoclock.api.params import RunId
from hackoclock.ledger import service as ledger

router = APIRouter(tags=["operator: ledger"])


@router.post("/runs/{run_id}/credit")
def credit_run(run_id: RunId, who: CurrentOperator, db: Db) -> dict[str, Any]:
    """Credit a finished scoring run's points to creators (safe to repeat)."""
    report = ledger.credit_run(db, run_id)
    return jsonable_encoder({**asdict(report), "already_credited": report.already_credited})


@router.get("/ledger/verify")
def verify_ledger(who: CurrentOperator, db: Db) -> dict[str, Any]:
    """Check that every balance, transfer and checksum in the ledger adds up."""
    return jsonable_encoder(asdict(ledger.verify(db)))
