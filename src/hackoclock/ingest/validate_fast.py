"""Fast path: validate a plainly clean record straight from its decoded JSON.

For the tiktok-scraper export and flattened JSON Lines, the general path maps each record
onto the canonical field names (``map_scraper_item`` / ``map_flat``) and then validates that
dict (:func:`~hackoclock.ingest.validate.validate`). For the common, clean record this module
does both at once, without building the intermediate dicts: it accepts a record only when
every value is of the plain kind the general path accepts without a second look (ids plain
alphanumeric strings, counts ints in range or missing, times the general parser reads, no
count pattern that validation rejects). For anything else it returns None and the caller
sends the record through the general path unchanged, so the outcome (accepted record, flags,
or quarantine reason) is the same by construction; the text fields, hashtags, durations and
(JSON Lines) times go through the very helpers the general path uses.
``tests/unit/ingest/test_ingest_fastpath.py`` compares both paths on every shared data file
and on thousands of randomly damaged records.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hackoclock.ingest.model import VideoRecord
from hackoclock.ingest.parse_counts import MAX_COUNT
from hackoclock.ingest.parse_times import _FIRST_SECOND, _LAST_SECOND, BadTimestamp, parse_timestamp
from hackoclock.ingest.readers.common import OBSERVED_KEYS
from hackoclock.ingest.validate import (
    MAX_ID_LENGTH,
    MAX_NAME_LENGTH,
    _duration,
    _hashtags,
    _text,
    odd_values,
    sound_facts,
)

_fromtimestamp = datetime.fromtimestamp
_OBSERVED = frozenset(OBSERVED_KEYS)


def _plain_count(value: Any) -> bool:
    return value is None or (type(value) is int and 0 <= value <= MAX_COUNT)


def _plain_counts(
    views: Any, likes: Any, shares: Any, bookmarks: Any, comments: Any, followers: Any, videos: Any
) -> bool:
    """Each count missing, or an int in 0..MAX_COUNT (written out, one call a record)."""
    return (
        (views is None or (type(views) is int and 0 <= views <= MAX_COUNT))
        and (likes is None or (type(likes) is int and 0 <= likes <= MAX_COUNT))
        and (shares is None or (type(shares) is int and 0 <= shares <= MAX_COUNT))
        and (bookmarks is None or (type(bookmarks) is int and 0 <= bookmarks <= MAX_COUNT))
        and (comments is None or (type(comments) is int and 0 <= comments <= MAX_COUNT))
        and (followers is None or (type(followers) is int and 0 <= followers <= MAX_COUNT))
        and (videos is None or (type(videos) is int and 0 <= videos <= MAX_COUNT))
    )


def scraper_item(item: dict[str, Any], default_observed_at: datetime) -> VideoRecord | None:
    """The accepted record for a plainly clean scraper item, else None (use the general path).

    Mirrors ``validate(SourceRecord(..., map_scraper_item(item)), default_observed_at)`` for
    the items it accepts.
    """
    get = item.get
    video_id = get("id")
    if not (type(video_id) is str and 0 < len(video_id) <= MAX_ID_LENGTH and video_id.isalnum()):
        return None
    author = get("authorMeta")
    if type(author) is not dict:
        return None
    aget = author.get
    creator_id = aget("id")
    if not (
        type(creator_id) is str and 0 < len(creator_id) <= MAX_ID_LENGTH and creator_id.isalnum()
    ):
        return None
    views = get("playCount")
    likes = get("diggCount")
    shares = get("shareCount")
    bookmarks = get("collectCount")
    comments = get("commentCount")
    followers = aget("fans")
    video_count = aget("video")
    if not (
        _plain_counts(views, likes, shares, bookmarks, comments, followers, video_count)
        and _plain_count(aget("heart"))
        and _plain_count(aget("following"))
    ):
        return None
    if views == 0 and (likes or shares or bookmarks or comments):
        return None  # zero_filled: quarantined by the general path
    observed_at = default_observed_at
    if not _OBSERVED.isdisjoint(item):  # (one C call where most items have none of them)
        for key in OBSERVED_KEYS:
            observed = get(key)
            if observed is not None:
                if type(observed) is not int or not _FIRST_SECOND <= observed <= _LAST_SECOND:
                    return None
                observed_at = _fromtimestamp(observed, UTC)
                break
    posted = get("createTime")
    if posted is None:
        date_posted = None
    elif type(posted) is int and _FIRST_SECOND <= posted <= _LAST_SECOND:
        date_posted = _fromtimestamp(posted, UTC)
    else:
        return None
    caption = _text(get("text"))
    flags = odd_values(views, likes, shares, bookmarks, comments, date_posted, observed_at)
    username = _text(aget("name"))
    nickname = _text(aget("nickName"))
    tags = get("hashtags")
    names = (
        [h.get("name") if isinstance(h, dict) else h for h in tags]
        if isinstance(tags, list)
        else None
    )
    meta = get("videoMeta")
    music = get("musicMeta")
    sound = (
        sound_facts(music.get("musicId"), music.get("musicName"), music.get("musicOriginal"), None)
        if type(music) is dict
        else (None, None, None, None)
    )
    return VideoRecord(
        video_id,
        creator_id,
        observed_at,
        username[:MAX_NAME_LENGTH] if username is not None else None,
        nickname[:MAX_NAME_LENGTH] if nickname is not None else None,
        _text(get("webVideoUrl")),
        caption,
        _hashtags(names, caption),
        _duration(meta.get("duration") if isinstance(meta, dict) else None),
        date_posted,
        views,
        likes,
        shares,
        bookmarks,
        comments,
        followers,
        video_count,
        flags,
        *sound,
    )


_TIMES: dict[str, datetime | None] = {}
_TIMES_MAX = 4096


def _observed_time(value: Any) -> datetime | None:
    """``parse_timestamp(value)``, remembered for text: the records of one collection run
    share their observation time, and ISO text costs several microseconds to read."""
    if type(value) is not str:
        return parse_timestamp(value)
    try:
        return _TIMES[value]
    except KeyError:
        pass
    moment = parse_timestamp(value)  # BadTimestamp is not remembered: the record goes the
    if len(_TIMES) >= _TIMES_MAX:  # general way, which reads it again and says why
        _TIMES.clear()
    _TIMES[value] = moment
    return moment


def flat_item(obj: dict[str, Any], default_observed_at: datetime) -> VideoRecord | None:
    """The accepted record for a plainly clean flattened JSON Lines record, else None.

    Mirrors ``validate(SourceRecord(..., map_flat(obj)), default_observed_at)`` for the
    records it accepts. Times are read by the general parser (ISO text is common here); a time
    it refuses sends the record to the general path.
    """
    if "stats" in obj or "statsV2" in obj:
        return None  # a nested TikTokApi dict: mapped another way
    get = obj.get
    video_id = get("video_id")
    if not (type(video_id) is str and 0 < len(video_id) <= MAX_ID_LENGTH and video_id.isalnum()):
        return None
    raw_username = get("author_username")
    username = _text(raw_username)
    creator_raw = get("author_id")
    if creator_raw is None:
        if username is None:
            return None  # missing_creator
        creator_id = "@" + username[: MAX_ID_LENGTH - 1]
    elif (
        type(creator_raw) is str and 0 < len(creator_raw) <= MAX_ID_LENGTH and creator_raw.isalnum()
    ):
        creator_id = creator_raw
    else:
        return None
    views = get("play_count")
    likes = get("like_count")
    shares = get("share_count")
    bookmarks = get("favorite_count")
    if bookmarks is None:
        bookmarks = get("collect_count")
    comments = get("comment_count")
    followers = get("author_follower_count")
    video_count = get("author_video_count")
    if not (
        _plain_counts(views, likes, shares, bookmarks, comments, followers, video_count)
        and _plain_count(get("author_total_likes"))
    ):
        return None
    if views == 0 and (likes or shares or bookmarks or comments):
        return None  # zero_filled: quarantined by the general path
    observed = None
    if not _OBSERVED.isdisjoint(obj):
        for key in OBSERVED_KEYS:
            observed = get(key)
            if observed is not None:
                break
    posted = get("create_time")
    try:
        observed_at = (
            default_observed_at
            if observed is None
            else (_observed_time(observed) or default_observed_at)
        )
        date_posted = None if posted is None else parse_timestamp(posted)
    except BadTimestamp:
        return None  # bad_date
    caption = _text(get("desc"))
    flags = odd_values(views, likes, shares, bookmarks, comments, date_posted, observed_at)
    nickname = _text(get("author_nickname"))
    url = get("video_url")
    if url is None and raw_username and video_id:
        url = f"https://www.tiktok.com/@{raw_username}/video/{video_id}"
    return VideoRecord(
        video_id,
        creator_id,
        observed_at,
        username[:MAX_NAME_LENGTH] if username is not None else None,
        nickname[:MAX_NAME_LENGTH] if nickname is not None else None,
        _text(url),
        caption,
        _hashtags(get("hashtags"), caption),
        _duration(get("duration")),
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
