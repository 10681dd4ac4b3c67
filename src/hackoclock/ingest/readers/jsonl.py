"""JSON Lines of flattened TikTokApi records (``video_id, play_count, like_count, ...``).

A line that is not valid JSON is quarantined, except the last line of a file that does not end
with a newline: that is a truncated file and stops the import.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from hackoclock.ingest.errors import BrokenFile
from hackoclock.ingest.model import EXTRA_COUNTS, SourceRecord
from hackoclock.ingest.readers import json_codec as fastjson
from hackoclock.ingest.readers.common import OBSERVED_KEYS, first_present
from hackoclock.ingest.readers.itemlist import map_item

_loads = fastjson.loads
BOM = b"\xef\xbb\xbf"


def read_jsonl(stream: BinaryIO) -> Iterator[SourceRecord]:
    """Yield one record per non-blank line."""
    for number, raw, obj, error in jsonl_objects(stream):
        yield jsonl_record(number, raw, obj, error)


def jsonl_objects(stream: BinaryIO) -> Iterator[tuple[int, bytes, Any, str | None]]:
    """``(record number, raw line, decoded value, error)`` of each non-blank line; ``error``
    says why a line could not be decoded (its value is then None)."""
    number = 0
    try:
        for line in stream:
            if not line.strip():
                continue
            number += 1
            raw = line.rstrip(b"\r\n")
            try:
                obj = _loads(raw.removeprefix(BOM) if number == 1 else raw)
            except json.JSONDecodeError as exc:
                if not line.endswith(b"\n"):
                    raise BrokenFile(f"truncated JSON Lines: line {number} is cut off") from None
                yield number, raw, None, f"invalid JSON: {exc.msg}"
                continue
            yield number, raw, obj, None
    except UnicodeDecodeError as exc:
        raise BrokenFile(f"not UTF-8 text ({exc.reason})") from None


def jsonl_record(number: int, raw: bytes, obj: Any, error: str | None) -> SourceRecord:
    """The source record of one line (an error record when it is not a JSON object)."""
    if error is not None:
        return SourceRecord(number, raw, {}, error=error)
    if not isinstance(obj, dict):
        return SourceRecord(number, raw, {}, error="the line is not a JSON object")
    return SourceRecord(number, raw, map_flat(obj))


def map_flat(obj: dict[str, Any]) -> dict[str, Any]:
    """Canonical fields of one flattened record (or a nested TikTokApi dict on one line)."""
    if "stats" in obj or "statsV2" in obj:
        return map_item(obj)
    username = obj.get("author_username")
    video_id = obj.get("video_id")
    url = obj.get("video_url")
    if url is None and username and video_id:
        url = f"https://www.tiktok.com/@{username}/video/{video_id}"
    return {
        "video_id": video_id,
        "creator_id": obj.get("author_id"),
        "username": username,
        "nickname": obj.get("author_nickname"),
        "url": url,
        "caption": obj.get("desc"),
        "hashtags": obj.get("hashtags"),
        "duration_s": obj.get("duration"),
        "date_posted": obj.get("create_time"),
        "observed_at": first_present(obj, OBSERVED_KEYS),
        "views": obj.get("play_count"),
        "likes": obj.get("like_count"),
        "shares": obj.get("share_count"),
        "bookmarks": first_present(obj, ("favorite_count", "collect_count")),
        "comments": obj.get("comment_count"),
        "follower_count": obj.get("author_follower_count"),
        "creator_video_count": obj.get("author_video_count"),
        "music_id": obj.get("music_id"),
        "music_title": obj.get("music_title"),
        "music_original": obj.get("music_original"),
        "duet_from_id": obj.get("duet_from_id"),
        EXTRA_COUNTS: {"author_total_likes": obj.get("author_total_likes")},
    }
