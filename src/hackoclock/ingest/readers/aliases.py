"""CSV header aliases: the many spellings of each field, mapped to the canonical names.

Headers are compared after lower-casing and dropping everything but letters and digits, so
``Video ID``, ``video_id`` and ``videoId`` are one name. ``video_stats`` is the Santa Clara
dialect's (mislabelled) likes column.
"""

from __future__ import annotations

import re

EXTRA_PREFIX = "extra:"  # a count we check but do not store (see model.EXTRA_COUNTS)

ALIASES: dict[str, tuple[str, ...]] = {
    "video_id": ("videoid", "id", "awemeid", "itemid", "postid", "tiktokid"),
    "creator_id": ("creatorid", "userid", "authorid", "ownerid", "accountid"),
    "username": (
        "username",
        "authoruniqueid",
        "uniqueid",
        "authorusername",
        "authorname",
        "handle",
        "creatorusername",
        "creatorname",
        "creator",
        "author",
        "user",
    ),
    "nickname": ("nickname", "authornickname", "displayname", "usernickname", "creatornickname"),
    "url": ("url", "videolink", "videourl", "link", "webvideourl", "shareurl", "permalink"),
    "caption": ("caption", "desc", "description", "videodesc", "text", "title", "videocaption"),
    "hashtags": ("hashtags", "tags", "hashtag", "challenges"),
    "duration_s": (
        "durations",
        "duration",
        "videoduration",
        "videolength",
        "length",
        "durationsec",
    ),
    "date_posted": (
        "dateposted",
        "createtime",
        "createdat",
        "videotime",
        "posted",
        "postedat",
        "postdate",
        "publishedat",
        "publishdate",
        "uploaddate",
        "uploadedat",
        "date",
        "createdate",
        "timestamp",
        "videocreatetime",
    ),
    "observed_at": (
        "observedat",
        "collectedatutc",
        "collectedat",
        "scrapedat",
        "snapshotat",
        "fetchedat",
        "capturedat",
        "retrievedat",
    ),
    "views": (
        "views",
        "viewcount",
        "viewscount",
        "plays",
        "playcount",
        "nplays",
        "nviews",
        "videoplaycount",
        "videoviews",
        "statsplaycount",
        "videoviewcount",
    ),
    "likes": (
        "likes",
        "likecount",
        "likescount",
        "diggcount",
        "nlikes",
        "hearts",
        "heartcount",
        "videodiggcount",
        "videolikes",
        "videolikecount",
        "videostats",
        "statsdiggcount",
    ),
    "shares": (
        "shares",
        "sharecount",
        "sharescount",
        "nshares",
        "videosharecount",
        "statssharecount",
    ),
    "bookmarks": (
        "bookmarks",
        "bookmarkcount",
        "collectcount",
        "collects",
        "favorites",
        "favoritecount",
        "favouritecount",
        "saves",
        "savecount",
        "nbookmarks",
        "nsaves",
        "videocollectcount",
        "statscollectcount",
    ),
    "comments": (
        "comments",
        "commentcount",
        "commentscount",
        "ncomments",
        "videocommentcount",
        "statscommentcount",
    ),
    "follower_count": (
        "followercount",
        "followerscount",
        "followers",
        "authorfollowercount",
        "fans",
        "nfollowers",
        "userfollowercount",
        "creatorfollowercount",
        "authorfans",
    ),
    "creator_video_count": ("authorvideocount", "uservideocount", "creatorvideocount"),
    "music_id": ("musicid", "soundid", "musicmetamusicid"),
    "music_title": ("musictitle", "musicname", "soundtitle", "soundname", "musicmetamusicname"),
    "music_original": (
        "musicoriginal",
        "musicoriginality",
        "originalsound",
        "musicisoriginal",
        "musicmetamusicoriginal",
    ),
    "duet_from_id": ("duetfromid", "duetinfoduetfromid"),
    EXTRA_PREFIX + "author_heart": ("authorheartcount", "authorheart", "authortotallikes"),
}

_LOOKUP = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
_NON_ALNUM = re.compile(r"[^a-z0-9]")


def normalize_header(header: str) -> str:
    """``"Video ID"`` -> ``"videoid"``."""
    return _NON_ALNUM.sub("", header.lower())


def canonical_columns(headers: list[str]) -> dict[int, str]:
    """Column index -> canonical field, for the headers we know (the first spelling wins)."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        name = _LOOKUP.get(normalize_header(header))
        if name is not None and name not in taken:
            mapping[index] = name
            taken.add(name)
    return mapping
