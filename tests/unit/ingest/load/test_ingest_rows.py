"""Video rows carry exactly the rates ``rates.per_view_rates`` defines (written out inline)."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from hackoclock.ingest.chunk import Chunk
from hackoclock.ingest.load.row_tuples import sqlite_time, video_rows
from hackoclock.ingest.load.upsert_sql import VIDEO_COLUMNS
from hackoclock.ingest.model import VideoRecord
from hackoclock.ingest.rates import per_view_rates

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
RATES = slice(VIDEO_COLUMNS.index("engagement_rate"), VIDEO_COLUMNS.index("comments_per_view") + 1)


def _count(rng: random.Random) -> int | None:
    return rng.choice([None, 0, 1, rng.randint(0, 50), rng.randint(0, 10**9), 2**40 + 7])


def test_the_rates_in_video_rows_are_bit_for_bit_per_view_rates() -> None:
    rng = random.Random(5)
    chunk = Chunk()
    records = []
    for i in range(5000):
        record = VideoRecord(
            str(i),
            "c",
            NOW,
            views=_count(rng),
            likes=_count(rng),
            shares=_count(rng),
            bookmarks=_count(rng),
            comments=_count(rng),
        )
        records.append(record)
        chunk.add(record)
    rows = list(video_rows(chunk, 1, NOW, sqlite_time))
    assert len(rows) == len(records)
    for record, row in zip(records, rows, strict=True):
        assert row[0] == record.video_id
        expected = per_view_rates(record)
        assert row[RATES] == expected
        assert [type(v) for v in row[RATES]] == [type(v) for v in expected]
    assert any(row[RATES][0] is None for row in rows)
    assert any(row[RATES][3] is None and row[RATES][0] is not None for row in rows)
