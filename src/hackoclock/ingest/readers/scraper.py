"""tiktok-scraper exports: ``{"collector": [...]}`` (or a bare array of the same items)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from hackoclock.ingest.model import EXTRA_COUNTS, SourceRecord
from hackoclock.ingest.readers.arrays import require_array
from hackoclock.ingest.readers.common import OBSERVED_KEYS, dig, first_present
from hackoclock.ingest.readers.json_array_lines import ArrayReader

ARRAY_KEYS = ("collector",)


def read_scraper(stream: BinaryIO) -> Iterator[SourceRecord]:
    """Yield each item of the export's ``collector`` array."""
    for number, raw, item in scraper_items(stream):
        yield scraper_record(number, raw, item)


def scraper_items(stream: BinaryIO) -> Iterator[tuple[int, str | bytes, Any]]:
    """``(record number, raw text, decoded item)`` of each item of the ``collector`` array."""
    json_stream = ArrayReader(stream, ARRAY_KEYS)
    for number, (raw, item) in enumerate(json_stream.elements(), start=1):
        yield number, raw, item
    require_array(json_stream, ARRAY_KEYS, "scraper")


def scraper_record(number: int, raw: str | bytes, item: Any) -> SourceRecord:
    """The source record of one decoded item (an error record when it is not an object)."""
    if not isinstance(item, dict):
        return SourceRecord(number, raw, {}, error="the item is not a JSON object")
    return SourceRecord(number, raw, map_scraper_item(item))


def map_scraper_item(item: dict[str, Any]) -> dict[str, Any]:
    """Canonical fields of one tiktok-scraper item."""
    meta = item.get("authorMeta")
    author: dict[str, Any] = meta if isinstance(meta, dict) else {}
    hashtags = item.get("hashtags")
    names = (
        [h.get("name") if isinstance(h, dict) else h for h in hashtags]
        if isinstance(hashtags, list)
        else None
    )
    return {
        "video_id": item.get("id"),
        "creator_id": author.get("id"),
        "username": author.get("name"),
        "nickname": author.get("nickName"),
        "url": item.get("webVideoUrl"),
        "caption": item.get("text"),
        "hashtags": names,
        "duration_s": dig(item, "videoMeta", "duration"),
        "date_posted": item.get("createTime"),
        "observed_at": first_present(item, OBSERVED_KEYS),
        "views": item.get("playCount"),
        "likes": item.get("diggCount"),
        "shares": item.get("shareCount"),
        "bookmarks": item.get("collectCount"),
        "comments": item.get("commentCount"),
        "follower_count": author.get("fans"),
        "creator_video_count": author.get("video"),
        "music_id": dig(item, "musicMeta", "musicId"),
        "music_title": dig(item, "musicMeta", "musicName"),
        "music_original": dig(item, "musicMeta", "musicOriginal"),
        EXTRA_COUNTS: {
            "authorMeta.heart": author.get("heart"),
            "authorMeta.following": author.get("following"),
        },
    }
