"""Turn a mapped source record into a VideoRecord, or a Rejected one with a reason.

Quarantine reasons (codes): ``unreadable_record``, ``missing_id``, ``bad_id``,
``missing_creator``, ``not_a_number``, ``negative_count``, ``overflowed_32bit``,
``zero_filled``, ``bad_date``. Accepted records may carry flags: ``likes_gt_views``,
``comments_gt_views``, ``shares_gt_views``, ``bookmarks_gt_views``, ``posted_after_observed``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from hackoclock.ingest.model import (
    EXTRA_COUNTS,
    Rejected,
    SourceRecord,
    VideoRecord,
)
from hackoclock.ingest.parse_counts import MAX_COUNT, NotACount, parse_count
from hackoclock.ingest.parse_times import BadTimestamp, parse_timestamp

MAX_ID_LENGTH = 64
MAX_NAME_LENGTH = 255  # creators.username / nickname are VARCHAR(255)
MAX_DURATION_S = 2**31 - 1  # videos.duration_s is a 32-bit INTEGER
# A negative count below this is a 32-bit counter that wrapped (e.g. 4.2e9 - 2**32), not a typo.
OVERFLOW_BELOW = -(2**20)
HASHTAG = re.compile(r"#(\w+)")


class _Reject(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def validate(record: SourceRecord, default_observed_at: datetime) -> VideoRecord | Rejected:
    """Accept the record (with flags for odd values) or say why it is quarantined."""
    if record.error is not None:
        return Rejected(record.record_no, record.raw_text(), "unreadable_record", record.error)
    try:
        return _build(record.fields, default_observed_at)
    except _Reject as exc:
        return Rejected(record.record_no, record.raw_text(), exc.reason, exc.detail)


def _build(f: dict[str, Any], default_observed_at: datetime) -> VideoRecord:
    # Written for speed (it runs once a record): the checks and their order are those of the
    # helpers below, with the common case (plain ids, non-negative int counts) tested inline.
    get = f.get
    video_id = get("video_id")
    if not (type(video_id) is str and 0 < len(video_id) <= MAX_ID_LENGTH and video_id.isalnum()):
        video_id = _identifier(video_id, "video_id", "missing_id")
    creator_raw = get("creator_id")
    username = _text(get("username"))
    if _blank(creator_raw):
        if username is None:
            raise _Reject("missing_creator", "no creator id and no username")
        creator_id = "@" + username[: MAX_ID_LENGTH - 1]
    elif type(creator_raw) is str and len(creator_raw) <= MAX_ID_LENGTH and creator_raw.isalnum():
        creator_id = creator_raw
    else:
        creator_id = _identifier(creator_raw, "creator_id", "missing_creator")
    views = get("views")
    if views is not None and not (type(views) is int and 0 <= views <= MAX_COUNT):
        views = _count(views, "views")
    likes = get("likes")
    if likes is not None and not (type(likes) is int and 0 <= likes <= MAX_COUNT):
        likes = _count(likes, "likes")
    shares = get("shares")
    if shares is not None and not (type(shares) is int and 0 <= shares <= MAX_COUNT):
        shares = _count(shares, "shares")
    bookmarks = get("bookmarks")
    if bookmarks is not None and not (type(bookmarks) is int and 0 <= bookmarks <= MAX_COUNT):
        bookmarks = _count(bookmarks, "bookmarks")
    comments = get("comments")
    if comments is not None and not (type(comments) is int and 0 <= comments <= MAX_COUNT):
        comments = _count(comments, "comments")
    followers = get("follower_count")
    if followers is not None and not (type(followers) is int and 0 <= followers <= MAX_COUNT):
        followers = _count(followers, "follower_count")
    video_count = get("creator_video_count")
    if video_count is not None and not (type(video_count) is int and 0 <= video_count <= MAX_COUNT):
        video_count = _count(video_count, "creator_video_count")
    extra = get(EXTRA_COUNTS)
    if extra:
        for key, value in extra.items():
            if value is not None and not (type(value) is int and 0 <= value <= MAX_COUNT):
                _count(value, key)
    if views == 0 and (likes or shares or bookmarks or comments):
        raise _Reject("zero_filled", "0 views but likes, shares, bookmarks or comments > 0")
    observed = get("observed_at")
    observed_at = (
        default_observed_at
        if observed is None
        else (_time(observed, "observed_at") or default_observed_at)
    )
    posted = get("date_posted")
    date_posted = None if posted is None else _time(posted, "date_posted")
    caption = _text(get("caption"))
    flags = odd_values(views, likes, shares, bookmarks, comments, date_posted, observed_at)
    nickname = _text(get("nickname"))
    return VideoRecord(
        video_id,
        creator_id,
        observed_at,
        username[:MAX_NAME_LENGTH] if username is not None else None,
        nickname[:MAX_NAME_LENGTH] if nickname is not None else None,
        _text(get("url")),
        caption,
        _hashtags(get("hashtags"), caption),
        _duration(get("duration_s")),
        date_posted,
        views,
        likes,
        shares,
        bookmarks,
        comments,
        followers,
        video_count,
        flags,
        *sound_facts(
            get("music_id"), get("music_title"), get("music_original"), get("duet_from_id")
        ),
    )


def sound_facts(
    music_id: Any, music_title: Any, music_original: Any, duet_from_id: Any
) -> tuple[str | None, str | None, bool | None, str | None]:
    """(music id, music title, music original?, duet source id), each None when the source
    lacks it or holds a value we cannot read: these facts never cost a record its place."""
    return (
        _reference(music_id),
        _text(music_title),
        _flag(music_original),
        _reference(duet_from_id),
    )


def _reference(value: Any) -> str | None:
    """An id of a sound or another video: a plain id, ``"0"`` and blanks meaning none."""
    if type(value) is str:
        text = value.strip()
    elif type(value) is int:
        text = str(value)
    else:
        return None
    if not (0 < len(text) <= MAX_ID_LENGTH and text.isalnum()) or text.strip("0") == "":
        return None
    return text


_TRUE = frozenset(("true", "1", "yes", "t", "y"))
_FALSE = frozenset(("false", "0", "no", "f", "n"))


def _flag(value: Any) -> bool | None:
    """A yes/no fact as JSON (true/false, 1/0) or CSV text ("True", "false", "1") writes it."""
    if type(value) is bool:
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    if type(value) is str:
        key = value.strip().lower()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    return None


def odd_values(
    views: int | None,
    likes: int | None,
    shares: int | None,
    bookmarks: int | None,
    comments: int | None,
    date_posted: datetime | None,
    observed_at: datetime,
) -> list[str]:
    """The flags of an accepted record whose values are odd but kept."""
    flags: list[str] = []
    if views is not None:
        if likes is not None and likes > views:
            flags.append("likes_gt_views")
        if comments is not None and comments > views:
            flags.append("comments_gt_views")
        if shares is not None and shares > views:
            flags.append("shares_gt_views")
        if bookmarks is not None and bookmarks > views:
            flags.append("bookmarks_gt_views")
    if date_posted is not None and date_posted > observed_at:
        flags.append("posted_after_observed")
    return flags


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _identifier(value: Any, name: str, missing_reason: str) -> str:
    if type(value) is str and 0 < len(value) <= MAX_ID_LENGTH and value.isalnum():
        return value  # the common case: a plain numeric or word id
    if _blank(value) or isinstance(value, bool):
        raise _Reject(missing_reason, f"{name} is missing")
    if isinstance(value, float):  # 1.0 or an id too big for 64 bits: not a real id
        raise _Reject("bad_id", f"{name}={value!r} is not an identifier")
    if not isinstance(value, str | int):
        raise _Reject("bad_id", f"{name}={value!r} is not an identifier")
    text = str(value).strip()
    if not text.isprintable():
        raise _Reject("bad_id", f"{name}={text!r} holds control characters")
    if len(text) > MAX_ID_LENGTH:
        raise _Reject("bad_id", f"{name} is longer than {MAX_ID_LENGTH} characters")
    return text


def _count(value: Any, name: str) -> int | None:
    try:
        number = parse_count(value)
    except NotACount as exc:
        raise _Reject("not_a_number", f"{name}: {exc}") from None
    if number is not None and number < 0:
        if number < OVERFLOW_BELOW:
            raise _Reject("overflowed_32bit", f"{name}={number} (a wrapped 32-bit counter)")
        raise _Reject("negative_count", f"{name}={number}")
    return number


def _time(value: Any, name: str) -> datetime | None:
    try:
        return parse_timestamp(value)
    except BadTimestamp as exc:
        raise _Reject("bad_date", f"{name}: {exc}") from None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if type(value) is str else str(value)
    if "\x00" in text:
        text = text.replace("\x00", "")  # PostgreSQL text cannot hold NUL
    return text.strip() or None


def _duration(value: Any) -> int | None:
    if type(value) is int:
        return value if 0 <= value <= MAX_DURATION_S else None
    try:
        number = parse_count(value)
    except NotACount:
        return None  # a duration we cannot read is not worth losing the record over
    return number if number is not None and 0 <= number <= MAX_DURATION_S else None


def _hashtags(value: Any, caption: str | None) -> list[str] | None:
    if isinstance(value, list):
        tags = [str(v).strip().lstrip("#") for v in value if v is not None]
        return [t for t in tags if t]
    if isinstance(value, str) and value.strip():
        parts = re.split(r"[\s,;|]+", value.replace("#", " "))
        return [p for p in parts if p]
    if caption is None:
        return None
    return HASHTAG.findall(caption)
