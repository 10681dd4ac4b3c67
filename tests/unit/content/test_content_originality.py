"""Originality from facts: re-uploads (MinHash candidates, exact Jaccard), reused sounds and
duets/stitches, on small tables and on the Kaggle file (DuckDB; Spark in integration)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ibis
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hackoclock.content.originality import (
    ORIGINALITY_OUTPUT,
    OriginalityRules,
    caption_fingerprint,
    originality,
)

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
POPULAR = "6894066988063131649"  # "Therefore I Am": a library track many creators use
CAPTION = "Teaching my grandma how to make the perfect lasagna from scratch 🍝😂 #cooking #fyp"


def _snowflake(moment: datetime) -> str:
    """A TikTok-style id made at ``moment`` (its top 32 bits are the second)."""
    return str((int(moment.timestamp()) << 32) + 12345)


def _row(video_id: str, creator: str, minutes: int, caption: str, **kw: Any) -> dict[str, Any]:
    return {
        "video_id": video_id,
        "creator_id": creator,
        "date_posted": T0 + timedelta(minutes=minutes),
        "duration_s": kw.get("duration", 15),
        "music_id": kw.get("music", POPULAR),
        "music_original": kw.get("original", False),
        "caption": caption,
    }


def _run(rows: list[dict[str, Any]], rules: OriginalityRules | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["duration_s"] = frame["duration_s"].astype("Int64")
    frame["music_original"] = frame["music_original"].astype("boolean")
    table = ibis.memtable(frame)
    expr = originality(table) if rules is None else originality(table, rules)
    out = ibis.duckdb.connect().execute(expr)
    assert list(out.columns) == list(ORIGINALITY_OUTPUT)
    return out.set_index("video_id")


def test_a_reupload_with_one_edited_character_and_other_emoji_is_found_and_earns_nothing() -> None:
    copy = CAPTION.replace("perfect", "perfekt").replace("🍝😂", "🔥🔥") + " @someone"
    out = _run([_row("orig", "alice", 0, CAPTION), _row("copy", "bob", 90, copy)])
    assert out.loc["copy", "reupload_of"] == "orig"
    assert out.loc["copy", "originality"] == 0.0
    assert pd.isna(out.loc["orig", "reupload_of"])  # the original keeps its pay
    assert out.loc["orig", "originality"] == pytest.approx(0.8)  # (a library track)


def test_an_honest_video_with_the_same_popular_sound_and_length_is_not_a_reupload() -> None:
    other = "Morning routine before school, tell me yours in the comments"
    out = _run([_row("a", "alice", 0, CAPTION), _row("b", "bob", 60, other)])
    assert out["reupload_of"].isna().all()
    assert out["reused_sound"].all()
    assert out.loc["b", "originality"] == pytest.approx(0.8)


def test_the_same_caption_and_sound_with_another_duration_or_an_earlier_time_is_no_reupload() -> (
    None
):
    out = _run(
        [
            _row("first", "alice", 0, CAPTION),
            _row("longer", "bob", 60, CAPTION, duration=16),
            _row("mine_again", "alice", 120, CAPTION),  # one creator twice: not a re-upload
        ]
    )
    assert out["reupload_of"].isna().all()


def test_the_earliest_original_is_named_when_a_copy_was_copied_again() -> None:
    out = _run(
        [
            _row("c2", "carol", 300, CAPTION + "!!"),
            _row("orig", "alice", 0, CAPTION),
            _row("c1", "bob", 100, CAPTION + " 💯"),
        ]
    )
    assert out.loc["c1", "reupload_of"] == "orig"
    assert out.loc["c2", "reupload_of"] == "orig"
    assert pd.isna(out.loc["orig", "reupload_of"])


def test_short_or_hashtag_only_captions_never_match() -> None:
    out = _run(
        [
            _row("a", "alice", 0, "lol 😂 #fyp #foryou #viral"),
            _row("b", "bob", 10, "lol 😂 #fyp #foryou #viral"),
            _row("c", "carol", 0, ""),
            _row("d", "dave", 10, ""),
        ]
    )
    assert out["reupload_of"].isna().all()


def test_a_sound_made_with_the_video_is_own_and_one_made_long_before_is_reused() -> None:
    own = _snowflake(T0)
    borrowed = _snowflake(T0 - timedelta(days=90))
    out = _run(
        [
            _row("own", "alice", 0, "my own voice over", music=own, original=True),
            _row(
                "later_mine", "alice", 60 * 24 * 30, "again with my sound", music=own, original=True
            ),
            _row("used", "bob", 60 * 24 * 40, "using alice's sound", music=own, original=True),
            _row("old", "carol", 0, "a sound from an old video", music=borrowed, original=True),
        ]
    )
    assert not out.loc["own", "reused_sound"] and out.loc["own", "originality"] == 1.0
    assert not out.loc["later_mine", "reused_sound"]  # her own sound, a month later
    assert out.loc["used", "reused_sound"]  # another creator used it first
    assert out.loc["old", "reused_sound"]  # made 90 days before the video
    unknown = _run([_row("x", "alice", 0, "no music known", music=None, original=None)])
    assert not unknown.loc["x", "reused_sound"] and unknown.loc["x", "originality"] == 1.0


@pytest.mark.parametrize(
    "caption",
    ["#duet with @brockfit__ wildest one", "#stitch met @charlie vandaag", "#Duett mit @carl_edit"],
)
def test_tiktoks_duet_and_stitch_prefixes_mark_a_remix(caption: str) -> None:
    own = _snowflake(T0)
    out = _run([_row("r", "alice", 0, caption, music=own, original=True)])
    assert out.loc["r", "remix"] and out.loc["r", "originality"] == 0.5
    plain = _run([_row("p", "alice", 0, "a duet with my sister", music=own, original=True)])
    assert not plain.loc["p", "remix"]


def test_a_duet_from_id_marks_a_remix() -> None:
    rows = [_row("r", "alice", 0, "just vibing", music=_snowflake(T0), original=True)]
    frame = pd.DataFrame(rows).assign(duet_from_id=["7158770362770099483"])
    out = ibis.duckdb.connect().execute(originality(ibis.memtable(frame)))
    assert bool(out.remix.iloc[0]) and out.originality.iloc[0] == 0.5


def test_a_table_without_the_needed_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="music_id"):
        originality(ibis.memtable(pd.DataFrame({"video_id": ["a"]})))
    with pytest.raises(ValueError):
        OriginalityRules(hashes=3)


def test_the_fingerprint_ignores_case_emoji_tags_and_mentions() -> None:
    fp = caption_fingerprint(ibis.literal("Hello,  WORLD!! 😍 #fyp @bob https://x.y/z"), 5)
    assert ibis.duckdb.connect().execute(fp) == "hello world"


def test_on_the_kaggle_file_no_reupload_is_found_and_sounds_and_remixes_are_counted(
    shared_data: Path,
) -> None:
    items = json.loads((shared_data / "tiktok-trending-2020-12.json").read_text("utf-8"))
    rows = [
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
    out = _run(rows)
    assert len(out) == 1000 and out.index.is_unique
    assert out["reupload_of"].isna().all()  # 1000 trending videos, no copy among them
    assert int(out["reused_sound"].sum()) == 673  # 254 library tracks + borrowed sounds
    assert int(out["remix"].sum()) == 42
    assert set(out["originality"].round(6)) <= {0.0, 0.4, 0.5, 0.8, 1.0}


WORDS = st.sampled_from(["cat", "dance", "lasagna", "gym", "day", "😂", "#fyp", "grandma"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.integers(0, 5),
            st.lists(WORDS, min_size=3, max_size=8).map(" ".join),
            st.sampled_from([14, 15]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_every_video_gets_one_bounded_row_and_a_reupload_is_always_someone_elses_earlier(
    videos: list[tuple[str, int, str, int]],
) -> None:
    rows = [
        _row(f"v{n}", creator, minute, caption, duration=duration)
        for n, (creator, minute, caption, duration) in enumerate(videos)
    ]
    out = _run(rows)
    assert len(out) == len(rows) and out.index.is_unique
    assert out["originality"].between(0.0, 1.0).all()
    by_id = {r["video_id"]: r for r in rows}
    for video_id, original in out["reupload_of"].dropna().items():
        assert by_id[original]["creator_id"] != by_id[video_id]["creator_id"]
        assert by_id[original]["date_posted"] < by_id[video_id]["date_posted"]
        assert out.loc[video_id, "originality"] == 0.0


def test_a_creators_edited_re_post_of_their_own_video_is_a_repost_not_a_reupload() -> None:
    out = _run(
        [
            _row("first", "ana", 0, "my morning routine in five steps, day one"),
            _row("again", "ana", 60, "my morning routine in five steps, day one!!"),
        ]
    )
    assert out.loc["again", "repost_of"] == "first"
    assert pd.isna(out.loc["again", "reupload_of"])
    assert out.loc["again", "originality"] > 0  # a re-post is held for review, not zeroed
    assert pd.isna(out.loc["first", "repost_of"])
