"""``GET /me``: the calling creator's profile, spendable balance and lifetime points."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder

from hackoclock.api.deps import CurrentCreator, Db
from hackoclock.creators import get_profile
from hackoclock.ledger import service as ledger

router = APIRouter(tags=["creator"])


@router.get("/me")
def me(who: CurrentCreator, db: Db) -> dict[str, Any]:
    """Your profile, spendable balance, debt and lifetime points."""
    profile = get_profile(db, who.sub)
    return jsonable_encoder(
        {
            **asdict(profile),
            "balance": ledger.balance(db, who.sub),
            "debt": ledger.debt(db, who.sub),
            "lifetime_points": ledger.lifetime_points(db, who.sub),
        }
    )
