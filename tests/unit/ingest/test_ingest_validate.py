"""Each record is accepted (maybe flagged) or quarantined with a reason."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from hackoclock.ingest.model import EXTRA_COUNTS, Rejected, SourceRecord, VideoRecord
from hackoclock.ingest.rates import per_view_rates
from hackoclock.ingest.validate import validate

DEFAULT_OBSERVED = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "video_id": "100",
        "creator_id": "7",
        "username": "ana",
        "views": "38.9K",
        "likes": 1000,
        "shares": "12",
        "comments": 40,
        "bookmarks": None,
        "date_posted": 1608214517,
    }
    fields.update(overrides)
    return fields


def _check(**overrides: Any) -> VideoRecord | Rejected:
    return validate(SourceRecord(1, '{"raw": true}', _fields(**overrides)), DEFAULT_OBSERVED)


def _accepted(**overrides: Any) -> VideoRecord:
    result = _check(**overrides)
    assert isinstance(result, VideoRecord), result
    return result


def _reason(**overrides: Any) -> str:
    result = _check(**overrides)
    assert isinstance(result, Rejected), result
    assert result.raw == '{"raw": true}'
    return result.reason


def test_a_good_record_is_accepted_with_parsed_counts_and_missing_ones_null() -> None:
    video = _accepted()
    assert (video.views, video.likes, video.shares, video.comments) == (38_900, 1000, 12, 40)
    assert video.bookmarks is None
    assert video.follower_count is None
    assert video.observed_at == DEFAULT_OBSERVED
    assert video.date_posted == datetime(2020, 12, 17, 14, 15, 17, tzinfo=UTC)
    assert video.flags == []


def test_the_records_own_observation_time_wins_over_the_default() -> None:
    video = _accepted(observed_at="2026-03-07T20:42:30Z")
    assert video.observed_at == datetime(2026, 3, 7, 20, 42, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"video_id": None}, "missing_id"),
        ({"video_id": "  "}, "missing_id"),
        ({"video_id": "x" * 65}, "bad_id"),
        ({"video_id": "12\x003"}, "bad_id"),
        ({"views": 2**70}, "not_a_number"),
        ({"creator_id": None, "username": None}, "missing_creator"),
        ({"likes": "lots"}, "not_a_number"),
        ({"views": -3}, "negative_count"),
        ({"views": -94967296}, "overflowed_32bit"),
        ({EXTRA_COUNTS: {"author_total_likes": -1894967296}}, "overflowed_32bit"),
        ({"views": 0, "comments": 5}, "zero_filled"),
        ({"date_posted": "last tuesday"}, "bad_date"),
        ({"observed_at": "soon"}, "bad_date"),
    ],
)
def test_a_bad_record_is_quarantined_with_its_reason(
    overrides: dict[str, Any], reason: str
) -> None:
    assert _reason(**overrides) == reason


def test_a_record_the_reader_could_not_map_is_quarantined_as_unreadable() -> None:
    result = validate(SourceRecord(3, "[1,2]", {}, error="not an object"), DEFAULT_OBSERVED)
    assert isinstance(result, Rejected)
    assert (result.record_no, result.reason, result.text) == (
        3,
        "unreadable_record",
        "unreadable_record: not an object",
    )


def test_odd_but_possible_values_are_accepted_and_flagged() -> None:
    video = _accepted(views=100, likes=150, comments=101, date_posted="2027-01-01T00:00Z")
    assert video.flags == ["likes_gt_views", "comments_gt_views", "posted_after_observed"]


def test_zero_views_with_no_engagement_is_accepted_and_rates_stay_null() -> None:
    video = _accepted(views=0, likes=0, shares=0, comments=0)
    assert per_view_rates(video) == (None, None, None, None, None)


def test_a_record_without_an_author_id_gets_a_provisional_creator_from_the_username() -> None:
    assert _accepted(creator_id=None, username="totallynotcam").creator_id == "@totallynotcam"


def test_hashtags_come_from_the_caption_when_the_source_has_no_list() -> None:
    assert _accepted(caption="so fun #fyp #dogs_of_tiktok").hashtags == ["fyp", "dogs_of_tiktok"]
    assert _accepted(hashtags=[], caption="#fyp").hashtags == []


def test_rates_sum_the_known_per_view_rates() -> None:
    video = _accepted(views=1000, likes=100, shares=10, comments=40, bookmarks=None)
    engagement, likes, shares, bookmarks, comments = per_view_rates(video)
    assert (likes, shares, bookmarks, comments) == (0.1, 0.01, None, 0.04)
    assert engagement == pytest.approx(0.15)


def test_values_too_long_or_too_big_for_the_columns_are_cut_or_dropped_not_fatal() -> None:
    video = _accepted(username="u" * 300, nickname="n" * 300, duration_s=2**40)
    assert (len(video.username or ""), len(video.nickname or "")) == (255, 255)
    assert video.duration_s is None
