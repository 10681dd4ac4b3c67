"""``originality`` gives the same answer on Spark as on DuckDB: a planted re-upload among the
Kaggle file's 1,000 videos is found on both, and every other row agrees."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import ibis
import pandas as pd
import pytest

from hackoclock.content.originality import originality
from hackoclock.scoring.engines import connect

pytestmark = pytest.mark.spark


def _kaggle_with_a_copy(shared_data: Path) -> pd.DataFrame:
    items = json.loads((shared_data / "tiktok-trending-2020-12.json").read_text("utf-8"))
    frame = pd.DataFrame(
        [
            {
                "video_id": i["id"],
                "creator_id": i["authorMeta"]["id"],
                "date_posted": datetime.fromtimestamp(i["createTime"], UTC),
                "duration_s": i["videoMeta"]["duration"],
                "music_id": i["musicMeta"]["musicId"],
                "music_original": i["musicMeta"]["musicOriginal"],
                "caption": i["text"],
            }
            for i in items["collector"]
        ]
    )
    source = frame[frame.caption.str.len() > 40].iloc[0]
    copy = source.copy()
    copy["video_id"], copy["creator_id"] = "1" + source.video_id[1:], "999"
    copy["date_posted"] = source.date_posted + timedelta(days=2)
    copy["caption"] = source.caption[:-1] + "?" + " 😍"
    return pd.concat([frame, copy.to_frame().T], ignore_index=True).astype(frame.dtypes)


def _on(engine: str, frame: pd.DataFrame) -> pd.DataFrame:
    con = connect(engine)
    table = con.create_table(f"orig_{engine}", ibis.memtable(frame), overwrite=True)
    out = con.execute(originality(table))
    return out.sort_values("video_id").reset_index(drop=True)


def test_originality_agrees_on_duckdb_and_spark_and_both_find_the_planted_copy(
    shared_data: Path,
) -> None:
    frame = _kaggle_with_a_copy(shared_data)
    duck, spark = _on("duckdb", frame), _on("spark", frame)
    found = duck.dropna(subset=["reupload_of"])
    assert len(found) == 1 and found.video_id.iloc[0].startswith("1")
    pd.testing.assert_frame_equal(duck, spark, check_dtype=False)
