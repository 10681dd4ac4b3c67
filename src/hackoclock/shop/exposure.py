"""Exposure grants: minutes on the For You feed, created when an exposure redemption is fulfilled.

A grant covers one video (if the creator chose one when redeeming) or all of the creator's
videos (``video_id`` empty), for ``minutes`` within the window [starts_at, ends_at) of one week
from fulfilment. ``export_exposure`` writes them for a recommender as JSON or CSV.
"""

from __future__ import annotations

import io
import json
from typing import Any

from sqlalchemy import Connection, insert, select

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import exposure_grants
from hackoclock.errors import InvalidInput
from hackoclock.ledger.clock import as_utc, utcnow
from hackoclock.safecsv import write_rows
from hackoclock.shop.models import ExposureGrant
from hackoclock.shop.rules import EXPOSURE_WINDOW

FIELDS = ("id", "redemption_id", "creator_id", "video_id", "minutes", "starts_at", "ends_at")


def grant_for(conn: Connection, redemption: Any, minutes: int) -> None:
    now = utcnow()
    conn.execute(
        insert(exposure_grants).values(
            redemption_id=redemption.id,
            creator_id=redemption.creator_id,
            video_id=redemption.video_id,
            minutes=minutes,
            starts_at=now,
            ends_at=now + EXPOSURE_WINDOW,
            created_at=now,
        )
    )


def list_grants(db: Database, *, active_at: Any = None) -> list[ExposureGrant]:
    """All grants (or those whose window contains ``active_at``), oldest first."""
    stmt = select(exposure_grants).order_by(exposure_grants.c.id)
    if active_at is not None:
        stmt = stmt.where(
            exposure_grants.c.starts_at <= active_at, exposure_grants.c.ends_at > active_at
        )
    with db.read() as conn:
        rows = conn.execute(stmt).all()
    return [
        ExposureGrant(
            id=int(r.id),
            redemption_id=r.redemption_id,
            creator_id=r.creator_id,
            video_id=r.video_id,
            minutes=int(r.minutes),
            starts_at=as_utc(r.starts_at),
            ends_at=as_utc(r.ends_at),
        )
        for r in rows
    ]


def _record(g: ExposureGrant) -> dict[str, Any]:
    return {
        "id": g.id,
        "redemption_id": g.redemption_id,
        "creator_id": g.creator_id,
        "video_id": g.video_id,
        "minutes": g.minutes,
        "starts_at": g.starts_at.isoformat(),
        "ends_at": g.ends_at.isoformat(),
    }


def export_exposure(db: Database, fmt: str = "json") -> str:
    """Every exposure grant as a JSON array or CSV with a header (empty video_id = all videos)."""
    if fmt not in ("json", "csv"):
        raise InvalidInput(f"format must be json or csv, got {fmt!r}")
    records = [_record(g) for g in list_grants(db)]
    if fmt == "json":
        return json.dumps(records, indent=2)
    out = io.StringIO()
    write_rows(out, FIELDS, records)
    return out.getvalue()
