"""A chunk keeps each video's latest observation and merges what it knows of creators."""

from __future__ import annotations

from datetime import UTC, datetime

from hackoclock.ingest.chunk import Chunk
from hackoclock.ingest.model import VideoRecord

EARLY = datetime(2026, 3, 7, tzinfo=UTC)
LATE = datetime(2026, 3, 8, tzinfo=UTC)


def _video(observed: datetime, views: int, followers: int | None = None) -> VideoRecord:
    return VideoRecord("v1", "c1", observed, username="ana", views=views, follower_count=followers)


def test_the_latest_observation_of_a_video_wins_whatever_the_order() -> None:
    chunk = Chunk()
    chunk.add(_video(LATE, 200))
    chunk.add(_video(EARLY, 100))
    assert chunk.videos["v1"].views == 200
    assert len(chunk) == 2


def test_a_repeated_observation_is_one_snapshot() -> None:
    chunk = Chunk()
    chunk.add(_video(EARLY, 100))
    chunk.add(_video(EARLY, 100))
    assert len(chunk) == 1


def test_a_newer_creator_observation_without_followers_keeps_the_known_count() -> None:
    chunk = Chunk()
    chunk.add(_video(EARLY, 100, followers=5000))
    chunk.add(_video(LATE, 200, followers=None))
    creator = chunk.creators["c1"]
    assert creator.follower_count == 5000
    assert creator.stats_observed_at == LATE


def test_an_older_creator_observation_does_not_replace_a_newer_count() -> None:
    chunk = Chunk()
    chunk.add(_video(LATE, 200, followers=7000))
    chunk.add(_video(EARLY, 100, followers=5000))
    assert chunk.creators["c1"].follower_count == 7000
