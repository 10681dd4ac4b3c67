"""`seed` equals an independent pandas computation on every shared data file (issue 4, test 5).

Each file goes through the real importer; the reference reads the stored snapshots with plain
SQL and computes the prototype's formula with pandas.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from scoring_fixtures import load_shared
from seed_reference import FIELDS, seed_reference
from sqlalchemy import func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import metric_snapshots, videos
from hackoclock.db.tables_scoring import video_scores
from hackoclock.scoring.service import run_scoring
from hackoclock.scoring.synthetic import synthetic_period

SHARED_FILES = [
    "tiktok-trending-2020-12.json",
    "tiktokapi-itemlist-2022.json",
    "tiktokapi-trending-2024-2026.jsonl",
    "santaclara-2021/tiktok_funny_hashtag_videos.csv",
]


def _shared_files(root: Path) -> list[Path]:
    files = [root / name for name in SHARED_FILES[:3]]
    return files + sorted((root / "santaclara-2021").glob("*.csv"))


def _latest_snapshots(db: Database) -> pd.DataFrame:
    s = metric_snapshots
    newest = (
        select(s.c.video_id, func.max(s.c.observed_at).label("at"))
        .group_by(s.c.video_id)
        .subquery()
    )
    query = (
        select(
            s.c.video_id,
            s.c.views,
            s.c.likes,
            s.c.shares,
            s.c.bookmarks,
            s.c.comments,
            videos.c.sentiment,
        )
        .join(newest, (newest.c.video_id == s.c.video_id) & (newest.c.at == s.c.observed_at))
        .join(videos, videos.c.video_id == s.c.video_id)
    )
    with db.read() as conn:
        return pd.DataFrame(
            [tuple(r) for r in conn.execute(query)],
            columns=["video_id", "views", "likes", "shares", "bookmarks", "comments", "sentiment"],
        )


def _stored(db: Database, run_id: int) -> pd.DataFrame:
    query = select(
        video_scores.c.video_id,
        video_scores.c.points,
        video_scores.c.eligible,
        video_scores.c.components,
    ).where(video_scores.c.run_id == run_id)
    with db.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    return pd.DataFrame(rows).set_index("video_id")


def _check(db: Database) -> pd.DataFrame:
    run_id = run_scoring(db, method="seed")
    ours = _stored(db, run_id)
    ref = seed_reference(_latest_snapshots(db))
    scored = ours[ours["eligible"]]
    assert sorted(scored.index) == sorted(ref.index)
    assert (scored["points"] == ref.loc[scored.index, "ref_points"]).all()
    for field in FIELDS:
        mine = scored["components"].map(lambda c, f=field: c[f])
        assert (mine - ref.loc[scored.index, f"ref_{field}"]).abs().max() <= 1e-9, field
    return ours


def test_seed_equals_an_independent_computation_on_every_shared_file(
    sqlite_db: Database, shared_data: Path, tmp_path: Path
) -> None:
    checked = 0
    for index, path in enumerate(_shared_files(shared_data)):
        db = Database(f"sqlite:///{tmp_path / f'f{index}.db'}")
        from hackoclock.db.migrate import upgrade

        upgrade(db)
        assert load_shared(db, path) > 0, path
        ours = _check(db)
        assert len(ours) > 0
        checked += 1
        db.dispose()
    assert checked == 7


def test_seed_equals_an_independent_computation_on_the_kaggle_file_in_each_database(
    kaggle_db: Database,
) -> None:
    ours = _check(kaggle_db)
    assert len(ours) == 1000


def test_seed_reference_agrees_on_synthetic_data_with_missing_content() -> None:
    from hackoclock.scoring.config import load_config
    from hackoclock.scoring.pipeline import score_frame

    frame = synthetic_period(3000, seed=7).to_pandas()
    ours = score_frame(frame, load_config("seed")).frame.set_index("video_id")
    ref = seed_reference(frame)
    scored = ours[ours["eligible"]]
    assert len(scored) < len(ours)
    assert (scored["points"] == ref.loc[scored.index, "ref_points"]).all()


@pytest.mark.parametrize("field", ["bookmarks"])
def test_a_field_missing_for_every_kaggle_video_contributes_zero(
    kaggle_db: Database, field: str
) -> None:
    run_id = run_scoring(kaggle_db, method="seed")
    stored = _stored(kaggle_db, run_id)
    assert stored["components"].map(lambda c: c[field]).eq(0).all()
