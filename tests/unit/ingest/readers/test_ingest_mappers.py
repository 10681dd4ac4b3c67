"""Each reader maps its source's field names onto the canonical fields."""

from __future__ import annotations

from datetime import UTC, datetime

from hackoclock.ingest.model import SourceRecord, VideoRecord
from hackoclock.ingest.readers.itemlist import map_item
from hackoclock.ingest.readers.jsonl import map_flat
from hackoclock.ingest.readers.scraper import map_scraper_item
from hackoclock.ingest.validate import validate

NOW = datetime(2026, 11, 28, tzinfo=UTC)


def _video(fields: dict[str, object]) -> VideoRecord:
    result = validate(SourceRecord(1, "{}", fields), NOW)
    assert isinstance(result, VideoRecord), result
    return result


def test_scraper_items_read_followers_from_fans_and_bookmarks_from_collect_count() -> None:
    item = {
        "id": "1",
        "text": "hi #fyp",
        "createTime": 1793744959,
        "playCount": 3727,
        "diggCount": 314,
        "shareCount": 0,
        "commentCount": 2,
        "collectCount": 9,
        "authorMeta": {
            "id": "7",
            "name": "amara",
            "nickName": "Amara",
            "fans": 4701,
            "video": 12,
            "heart": 900,
        },
        "hashtags": [{"name": "fyp"}],
        "videoMeta": {"duration": 59},
        "webVideoUrl": "https://www.tiktok.com/@amara/video/1",
    }
    video = _video(map_scraper_item(item))
    assert (video.views, video.likes, video.shares, video.comments, video.bookmarks) == (
        3727,
        314,
        0,
        2,
        9,
    )
    assert (video.follower_count, video.creator_video_count) == (4701, 12)
    assert (video.username, video.nickname, video.duration_s) == ("amara", "Amara", 59)
    assert video.hashtags == ["fyp"]


def test_scraper_items_without_fans_or_collect_count_leave_them_null() -> None:
    item = {"id": "1", "authorMeta": {"id": "7"}, "playCount": 10, "diggCount": 1}
    video = _video(map_scraper_item(item))
    assert video.bookmarks is None and video.follower_count is None


def test_itemlist_items_read_string_counts_from_stats_v2_and_collect_count() -> None:
    item = {
        "id": "5",
        "desc": "x",
        "createTime": 1666781116,
        "author": {"id": "9", "uniqueId": "zoey", "nickname": "Z"},
        "authorStats": {"followerCount": 277000, "videoCount": 311},
        "statsV2": {
            "playCount": "376700",
            "diggCount": "56900",
            "shareCount": "118",
            "commentCount": "0",
            "collectCount": "1234",
        },
    }
    video = _video(map_item(item, fetched_at=1668048634000))
    assert (video.views, video.likes, video.shares, video.comments, video.bookmarks) == (
        376_700,
        56_900,
        118,
        0,
        1_234,
    )
    assert video.observed_at == datetime(2022, 11, 10, 2, 50, 34, tzinfo=UTC)
    assert video.url == "https://www.tiktok.com/@zoey/video/5"
    assert video.follower_count == 277_000


def test_flattened_records_read_favorites_as_bookmarks_and_collected_at_as_observation() -> None:
    record = {
        "video_id": "3",
        "author_id": "8",
        "author_username": "u",
        "play_count": 100,
        "like_count": 10,
        "favorite_count": 4,
        "comment_count": 1,
        "share_count": 2,
        "author_follower_count": 50,
        "collected_at_utc": "2026-03-07T20:42:30Z",
        "hashtags": ["a", "b"],
    }
    video = _video(map_flat(record))
    assert (video.bookmarks, video.follower_count) == (4, 50)
    assert video.observed_at == datetime(2026, 3, 7, 20, 42, 30, tzinfo=UTC)
    assert video.hashtags == ["a", "b"]
