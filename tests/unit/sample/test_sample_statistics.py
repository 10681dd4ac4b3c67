"""The synthetic set looks like real TikTok data: heavy tails, engagement that follows reach."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pytest

from hackoclock.sample import vocab
from hackoclock.sample.generate import SCHEMA, generate
from hackoclock.sample.spec import CHUNK_SIZE

N_CREATORS, N_VIDEOS = 400, 5_000


@pytest.fixture(scope="module")
def table() -> pa.Table:
    return pa.Table.from_batches(list(generate(N_CREATORS, N_VIDEOS, 2026)), schema=SCHEMA)


@pytest.fixture(scope="module")
def organic(table: pa.Table) -> dict[str, np.ndarray]:
    """The columns of videos without planted manipulations."""
    keep = table.filter(table["planted"].is_null())
    return {name: keep[name].to_numpy() for name in ("views", "likes", "follower_count")}


def test_the_set_has_exactly_the_requested_creators_and_videos(table: pa.Table) -> None:
    assert table.num_rows == N_VIDEOS
    assert len(set(table["video_id"].to_pylist())) == N_VIDEOS
    assert len(set(table["creator_id"].to_pylist())) == N_CREATORS
    assert len(set(table["username"].to_pylist())) == N_CREATORS


def test_a_set_larger_than_a_chunk_streams_in_several_batches() -> None:
    batches = list(generate(2_000, CHUNK_SIZE + 10, 5, plant=False))
    assert [b.num_rows for b in batches] == [CHUNK_SIZE, 10]
    ids = {v for b in batches for v in b["video_id"].to_pylist()}
    assert len(ids) == CHUNK_SIZE + 10


def test_creators_post_very_different_numbers_of_videos(table: pa.Table) -> None:
    _, per_creator = np.unique(
        table["creator_id"].to_numpy(zero_copy_only=False), return_counts=True
    )
    assert per_creator.min() >= 1
    assert per_creator.max() >= 8 * np.median(per_creator)


def test_views_are_heavy_tailed(table: pa.Table) -> None:
    views = table["views"].to_numpy()
    assert views.max() / np.median(views) > 100


def test_likes_follow_views_on_a_log_scale(organic: dict[str, np.ndarray]) -> None:
    r = np.corrcoef(np.log1p(organic["views"]), np.log1p(organic["likes"]))[0, 1]
    assert r > 0.5


def test_followers_are_heavy_tailed_and_go_with_views(organic: dict[str, np.ndarray]) -> None:
    followers = organic["follower_count"]
    assert followers.max() / np.median(followers) > 100
    r = np.corrcoef(np.log1p(followers), np.log1p(organic["views"]))[0, 1]
    assert r > 0.3


def test_no_count_exceeds_the_views_unless_planted_so(table: pa.Table) -> None:
    views = table["views"].to_numpy()
    allowed = np.array([p == "likes_above_views" for p in table["planted"].to_pylist()])
    assert allowed.sum() >= 1
    for name in ("likes", "shares", "bookmarks", "comments"):
        over = table[name].to_numpy() > views
        assert not (over & ~allowed).any(), name


def test_captions_carry_emoji_hashtags_and_all_three_tones(table: pa.Table) -> None:
    captions = table["caption"].to_pylist()
    assert sum(any(e in c for e in ("🔥", "😭", "💀", "✨")) for c in captions) > 100
    assert sum("#fyp" in c for c in captions) > 100
    for tone in (vocab.POSITIVE_PHRASES, vocab.NEUTRAL_PHRASES, vocab.NEGATIVE_PHRASES):
        assert sum(c.startswith(tone) for c in captions) > 100
    assert "" in captions  # like real exports, a few videos have no caption


def test_the_hashtag_list_matches_the_tags_in_the_caption(table: pa.Table) -> None:
    for caption, tags in zip(
        table["caption"].to_pylist(), table["hashtags"].to_pylist(), strict=True
    ):
        assert re.findall(r"#(\S+)", caption) == tags


def test_videos_are_posted_in_the_window_and_observed_after_it(table: pa.Table) -> None:
    posted = table["date_posted"].to_pylist()
    assert min(posted) >= datetime(2026, 11, 2, tzinfo=UTC)
    assert max(posted) < datetime(2026, 11, 16, tzinfo=UTC)
    assert set(table["observed_at"].to_pylist()) == {datetime(2026, 11, 16, 6, tzinfo=UTC)}
