"""TikTok web ``itemList`` responses (the dict shape TikTokApi returns).

Counts come from ``stats`` (ints) or ``statsV2`` (strings), bookmarks from ``collectCount``,
creator counts from ``authorStats``. The response's ``extra.now`` (milliseconds) says when it
was fetched and becomes the observation time when the items carry none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from hackoclock.ingest.model import EXTRA_COUNTS, SourceRecord
from hackoclock.ingest.readers.arrays import require_array
from hackoclock.ingest.readers.common import OBSERVED_KEYS, dig, first_present
from hackoclock.ingest.readers.json_array_lines import ArrayReader

ARRAY_KEYS = ("itemList", "items", "item_list")


def read_itemlist(stream: BinaryIO, fetched_at: Any = None) -> Iterator[SourceRecord]:
    """Yield each item of the response; ``fetched_at`` is the response time when known."""
    json_stream = ArrayReader(stream, ARRAY_KEYS)
    for number, (raw, item) in enumerate(json_stream.elements(), start=1):
        if not isinstance(item, dict):
            yield SourceRecord(number, raw, {}, error="the item is not a JSON object")
            continue
        if fetched_at is None:
            fetched_at = dig(json_stream.other, "extra", "now")
        yield SourceRecord(number, raw, map_item(item, fetched_at))
    require_array(json_stream, ARRAY_KEYS, "itemlist")


def response_time(stream: BinaryIO) -> Any:
    """``extra.now`` of a response, reading past the items (for responses that put it last)."""
    json_stream = ArrayReader(stream, ARRAY_KEYS)
    for _ in json_stream.elements():
        pass
    return dig(json_stream.other, "extra", "now")


def _stat(item: dict[str, Any], name: str) -> Any:
    value = dig(item, "stats", name)
    return value if value is not None else dig(item, "statsV2", name)


def map_item(item: dict[str, Any], fetched_at: Any = None) -> dict[str, Any]:
    """Canonical fields of one item."""
    author = item.get("author")
    author_dict = author if isinstance(author, dict) else {}
    username = author_dict.get("uniqueId") if author_dict else author
    stats = item.get("authorStats")
    author_stats: dict[str, Any] = stats if isinstance(stats, dict) else {}
    video_id = item.get("id")
    url = f"https://www.tiktok.com/@{username}/video/{video_id}" if username and video_id else None
    observed = first_present(item, OBSERVED_KEYS)
    return {
        "video_id": video_id,
        "creator_id": author_dict.get("id"),
        "username": username,
        "nickname": author_dict.get("nickname"),
        "url": url,
        "caption": item.get("desc"),
        "hashtags": _hashtags(item),
        "duration_s": dig(item, "video", "duration"),
        "date_posted": item.get("createTime"),
        "observed_at": observed if observed is not None else fetched_at,
        "views": _stat(item, "playCount"),
        "likes": _stat(item, "diggCount"),
        "shares": _stat(item, "shareCount"),
        "bookmarks": _stat(item, "collectCount"),
        "comments": _stat(item, "commentCount"),
        "follower_count": author_stats.get("followerCount"),
        "creator_video_count": author_stats.get("videoCount"),
        "music_id": dig(item, "music", "id"),
        "music_title": dig(item, "music", "title"),
        "music_original": dig(item, "music", "original"),
        "duet_from_id": dig(item, "duetInfo", "duetFromId"),
        EXTRA_COUNTS: {"authorStats.heartCount": author_stats.get("heartCount")},
    }


def _hashtags(item: dict[str, Any]) -> list[str] | None:
    extra = item.get("textExtra")
    if isinstance(extra, list):
        return [e["hashtagName"] for e in extra if isinstance(e, dict) and e.get("hashtagName")]
    challenges = item.get("challenges")
    if isinstance(challenges, list):
        return [c["title"] for c in challenges if isinstance(c, dict) and c.get("title")]
    return None
