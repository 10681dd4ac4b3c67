"""A small hand-made scoring run inserted with SQLAlchemy Core (shared by the fairness tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators, videos
from hackoclock.db.tables_scoring import RUN_FINISHED, scoring_runs, video_scores

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PERIOD = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 28, tzinfo=UTC))
EVIL_NAME = "<script>alert('name')</script>"
EVIL_CAPTION = "<script>alert('caption')</script> & more"

# creator_id, username, follower_count
CREATORS = [
    ("c1", "alice", 100),
    ("c2", EVIL_NAME, 1000),
    ("c3", "carol", 10000),
    ("c4", "dave", None),
]
# video_id, creator_id, caption, views, points, contributions (reach, quality, content)
VIDEOS: list[tuple[str, str, str, int, int, tuple[int, int, int]]] = [
    ("v1", "c1", "first", 100, 10, (2, 5, 3)),
    ("v2", "c1", "second", 200, 20, (5, 10, 5)),
    ("v3", "c2", "third", 1000, 30, (10, 10, 10)),
    ("v4", "c3", "fourth", 5000, 60, (20, 25, 15)),
    ("v5", "c3", EVIL_CAPTION, 50000, 80, (40, 20, 20)),
    ("v6", "c4", "sixth", 10, 0, (0, 0, 0)),
]
COMPONENTS = ("reach", "quality", "content")


def insert_catalogue(db: Database) -> None:
    """The creators and videos the runs refer to."""
    with db.write() as conn:
        conn.execute(
            insert(creators),
            [
                {
                    "creator_id": cid,
                    "username": name,
                    "follower_count": followers,
                    "first_seen_at": NOW,
                    "updated_at": NOW,
                }
                for cid, name, followers in CREATORS
            ],
        )
        conn.execute(
            insert(videos),
            [
                {
                    "video_id": vid,
                    "creator_id": cid,
                    "caption": caption,
                    "views": views,
                    "observed_at": NOW,
                    "updated_at": NOW,
                }
                for vid, cid, caption, views, *_ in VIDEOS
            ],
        )


def insert_run(
    db: Database,
    *,
    method: str = "handmade",
    points: dict[str, int] | None = None,
    period: tuple[datetime, datetime] = PERIOD,
) -> int:
    """A finished run over VIDEOS (points overridable per video, then all in `reach`)."""
    with db.write() as conn:
        run_id = conn.execute(
            insert(scoring_runs).returning(scoring_runs.c.id),
            {
                "method": method,
                "engine": "duckdb",
                "period_start": period[0],
                "period_end": period[1],
                "config_toml": f'method = "{method}"\n',
                "config_hash": "0" * 64,
                "status": RUN_FINISHED,
                "created_at": NOW,
                "videos_scored": len(VIDEOS),
                "points_total": 0,
            },
        ).scalar_one()
        rows: list[dict[str, Any]] = []
        for vid, cid, _caption, views, pts, parts in VIDEOS:
            contributions = dict(zip(COMPONENTS, parts, strict=True))
            if points is not None:
                pts = points[vid]
                contributions = {"reach": pts}
            rows.append(
                {
                    "run_id": run_id,
                    "video_id": vid,
                    "creator_id": cid,
                    "views": views,
                    "score": pts / 100,
                    "points": pts,
                    "components": {"reach": 0.5},
                    "contributions": contributions,
                    "missing": [],
                    "eligible": vid != "v6",
                    "ineligible_reason": "too few views" if vid == "v6" else None,
                    "flags": ["likes_above_views"] if vid == "v4" else [],
                    "held": vid == "v4",
                }
            )
        conn.execute(insert(video_scores), rows)
    return int(run_id)
