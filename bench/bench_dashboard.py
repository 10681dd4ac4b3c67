"""Benchmark: the Creator Dashboard of a creator with 1,000 videos, among 1,000,000 videos.

Builds (once; ``--rebuild`` to redo) a SQLite database with ``--videos`` videos: one creator
("bench-star") owns ``--creator-videos`` of them, the rest belong to creators of five videos
each. Every video has a score in one finished ``fair`` run (as a real scoring run of the whole
catalogue leaves it), with components, contributions and some flagged/held rows. Rows are
written with SQLAlchemy Core in chunks (the scoring service would take far longer for 1M rows).

Then measures, for bench-star:

1. the page's data loading through the services (``hackoclock.ui.dashboard_data.load``: the
   creator, balance, lifetime points, points per period, 1,000 videos with explanations,
   rewards, redemptions): one cold call, then the median and max of ``--repeat`` warm calls;
2. an AppTest run of the page (``dashboard.py``, signed in with a token): the first run after
   sign-in, then the median and max of ``--repeat`` reruns.

    .venv/bin/python bench/bench_dashboard.py                 # 1,000,000 videos
    .venv/bin/python bench/bench_dashboard.py --videos 100000 # quicker
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from hackoclock.db.engine import Database
from hackoclock.db.migrate import upgrade
from hackoclock.db.tables import creators, videos
from hackoclock.db.tables_scoring import scoring_runs, video_scores

STAR = "bench-star"
CHUNK = 20_000
PER_CREATOR = 5
JWT_SECRET = "bench-dashboard-secret-0123456789-abcdefghij"
NOW = datetime(2026, 11, 28, tzinfo=UTC)
PERIOD = (NOW - timedelta(days=7), NOW)


def owners(total: int, star_videos: int) -> Iterator[tuple[str, str]]:
    """(video_id, creator_id) for every video: the star's first, then five per creator."""
    for i in range(star_videos):
        yield f"star-{i:07d}", STAR
    for i in range(total - star_videos):
        yield f"v-{i:08d}", f"c-{i // PER_CREATOR:07d}"


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _creator_rows(total: int, star_videos: int) -> Iterator[dict[str, Any]]:
    yield {
        "creator_id": STAR, "username": "bench.star", "follower_count": 1_200_000,
        "video_count": star_videos, "total_points": 0, "first_seen_at": NOW, "updated_at": NOW,
    }  # fmt: skip
    for i in range((total - star_videos + PER_CREATOR - 1) // PER_CREATOR):
        yield {
            "creator_id": f"c-{i:07d}", "username": f"creator{i}", "follower_count": 1000 + i,
            "video_count": PER_CREATOR, "total_points": 0, "first_seen_at": NOW,
            "updated_at": NOW,
        }  # fmt: skip


def _video_rows(total: int, star_videos: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    for video_id, creator_id in owners(total, star_videos):
        views = int(rng.lognormvariate(11, 1.5))
        yield {
            "video_id": video_id, "creator_id": creator_id, "caption": f"clip {video_id} #fyp",
            "url": f"https://www.tiktok.com/@{creator_id}/video/{video_id}", "views": views,
            "likes": views // 10, "shares": views // 200, "comments": views // 300,
            "observed_at": NOW, "updated_at": NOW, "date_posted": PERIOD[0],
        }  # fmt: skip


def _score_rows(
    run_id: int, total: int, star_videos: int, rng: random.Random
) -> Iterator[dict[str, Any]]:
    for video_id, creator_id in owners(total, star_videos):
        reach, quality = rng.randint(0, 600), rng.randint(0, 500)
        flagged = rng.random() < 0.01
        yield {
            "run_id": run_id, "video_id": video_id, "creator_id": creator_id,
            "views": 1000, "likes": 100, "shares": 5, "bookmarks": None, "comments": 3,
            "score": (reach + quality) / 1100, "points": reach + quality,
            "components": {"reach": rng.random(), "quality": rng.random(), "z_views": 0.3},
            "contributions": {"reach": reach, "quality": quality, "content": 0},
            "missing": ["content"], "eligible": True, "ineligible_reason": None,
            "flags": ["views_without_engagement"] if flagged else [], "held": flagged,
        }  # fmt: skip


def build(path: Path, total: int, star_videos: int) -> None:
    """Create the benchmark database at ``path`` (Core inserts, chunked)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    rng = random.Random(7)
    started = time.perf_counter()
    with db.write() as conn:
        for chunk in _chunks(_creator_rows(total, star_videos)):
            conn.execute(insert(creators), chunk)
        for chunk in _chunks(_video_rows(total, star_videos, rng)):
            conn.execute(insert(videos), chunk)
        run_id = conn.execute(
            insert(scoring_runs).values(
                method="fair",
                engine="duckdb",
                period_start=PERIOD[0],
                period_end=PERIOD[1],
                config_toml="# bench",
                config_hash="0" * 64,
                status="finished",
                created_at=NOW,
                finished_at=NOW,
                videos_scored=total,
                parameters={},
            )
        ).inserted_primary_key[0]
        for chunk in _chunks(_score_rows(run_id, total, star_videos, rng)):
            conn.execute(insert(video_scores), chunk)
    with db.write() as conn:
        conn.exec_driver_sql("ANALYZE")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    print(f"built {path} in {time.perf_counter() - started:.0f} s")


def _timed(action: Callable[[], object], repeat: int) -> tuple[float, list[float]]:
    t0 = time.perf_counter()
    action()
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        warm.append(time.perf_counter() - t0)
    return cold, warm


def _report(name: str, cold: float, warm: list[float]) -> None:
    print(
        f"{name}: first {cold * 1000:.0f} ms; warm median {statistics.median(warm) * 1000:.0f} "
        f"ms, max {max(warm) * 1000:.0f} ms ({len(warm)} runs)"
    )


def measure_services(url: str, repeat: int) -> None:
    from hackoclock.ui.dashboard_data import load

    db = Database(url)
    with db.read() as conn:
        n_videos = conn.execute(select(func.count()).select_from(videos)).scalar_one()
    data = load(db, STAR)
    print(f"database: {n_videos:,} videos; {STAR} shows {len(data.videos):,} videos")
    cold, warm = _timed(lambda: load(db, STAR), repeat)
    _report("services (dashboard_data.load)", cold, warm)
    db.dispose()


def measure_apptest(url: str, repeat: int) -> None:
    from streamlit.testing.v1 import AppTest

    from hackoclock.auth import create_token
    from hackoclock.settings import Settings

    os.environ.update(
        HACKOCLOCK_DATABASE_URL=url, HACKOCLOCK_JWT_SECRET=JWT_SECRET, HACKOCLOCK_DEMO_MODE="0"
    )
    script = Path(__file__).resolve().parents[1] / "dashboard.py"
    at = AppTest.from_file(script, default_timeout=120).run()
    at.text_input(key="hk_signin_token").input(
        create_token(Settings(), sub=STAR, role="creator", ttl=600)
    )
    submit = at.button(key="FormSubmitter:hk_signin_form-Sign in")
    cold, warm = _timed(lambda: submit.click().run() if not at.metric else at.run(), repeat)
    assert [t.value for t in at.title] == ["Creator Dashboard"], "the page did not open"
    assert not at.exception, at.exception
    _report("AppTest run of the page", cold, warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--videos", type=int, default=1_000_000)
    parser.add_argument("--creator-videos", type=int, default=1000)
    parser.add_argument("--db", type=Path, default=Path("data/bench/dashboard.db"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = args.db.resolve()
    if args.rebuild or not path.exists():
        build(path, args.videos, args.creator_videos)
    url = f"sqlite:///{path}"
    measure_services(url, args.repeat)
    measure_apptest(url, args.repeat)


if __name__ == "__main__":
    main()
