"""JSON text of synthetic videos, built column-wise with Arrow string kernels (no Python loop).

``scraper_objects`` gives one tiktok-scraper ``collector`` item per video; ``jsonl_lines`` one
flattened TikTokApi record per video and snapshot. All vocabulary is JSON-safe, so the text is
pasted, not escaped (``tests/unit/sample`` checks that every line parses).
"""

from __future__ import annotations

import zlib
from datetime import datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hackoclock.sample import vocab
from hackoclock.sample.captions import TextTables
from hackoclock.sample.creators import Creators
from hackoclock.sample.videos import Chunk

CDN = "https://p16.tiktokcdn.com"
MUSIC_CDN = "https://sf16.tiktokcdn.com/obj/"
SCRAPER_HEADERS = (
    '{"user-agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 '
    '(KHTML, like Gecko) Chrome/86.0.4136.144 Safari/537.36",'
    '"referer":"https://www.tiktok.com/","cookie":""}'
)
_BOOL = pa.array(["false", "true"])


def _join(*parts: object) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _text(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


def _bool(mask: np.ndarray) -> pa.Array:
    return _BOOL.take(pa.array(mask.astype(np.int8)))


def _music_id(name: str) -> str:
    return str(6_800_000_000_000_000_000 + zlib.crc32(name.encode()) * 1_000)


def _catalogue_music() -> pa.Array:
    snippets = []
    for name, author in vocab.MUSIC:
        mid = _music_id(name)
        snippets.append(
            f'{{"musicId":"{mid}","musicName":"{name}","musicAuthor":"{author}",'
            f'"musicOriginal":false,"playUrl":"{MUSIC_CDN}{mid}.mp3",'
            f'"coverThumb":"{CDN}/m/100/{mid}.jpeg",'
            f'"coverMedium":"{CDN}/m/200/{mid}.jpeg",'
            f'"coverLarge":"{CDN}/m/720/{mid}.jpeg"}}'
        )
    return pa.array(snippets)


_CATALOGUE = _catalogue_music()
_MUSIC_IDS = pa.array([_music_id(name) for name, _ in vocab.MUSIC])
_MUSIC_TITLES = pa.array([name for name, _ in vocab.MUSIC])
_HEIGHTS = np.array([h for h, _ in vocab.VIDEO_SIZES])
_WIDTHS = np.array([w for _, w in vocab.VIDEO_SIZES])


def video_urls(usernames: pa.Array, video_ids: pa.Array) -> pa.Array:
    """``https://www.tiktok.com/@<username>/video/<id>``."""
    return _join("https://www.tiktok.com/@", usernames, "/video/", video_ids)


def scraper_authors(creators: Creators) -> pa.Array:
    """Each creator's ``authorMeta`` object, built once per data set."""
    token = creators.token
    return _join(
        '{"id":"', creators.creator_id, '","secUid":"MS4wLjABAAAA', token, '","name":"',
        creators.username, '","nickName":"', creators.nickname, '","verified":',
        _bool(creators.verified), ',"signature":"', creators.signature, '","avatar":"', CDN,
        "/avt/", token, '.jpeg","fans":', _text(creators.followers), "}",
    )  # fmt: skip


def scraper_objects(
    creators: Creators,
    author_meta: pa.Array,
    text: TextTables,
    chunk: Chunk,
    counts: dict[str, np.ndarray],
) -> pa.Array:
    """One tiktok-scraper ``collector`` object per video, each followed by ``,\n``, with
    ``authorMeta.fans`` and ``collectCount`` (followers and bookmarks, which the 2020 Kaggle
    export lacks). ``author_meta`` is ``scraper_authors(creators)``."""
    who = pa.array(chunk.creator)
    vid = chunk.video_id
    cover = _join(CDN, "/obj/", vid, ".jpeg")
    original = pa.array(chunk.music < 0)
    own_music = _join(
        '{"musicId":"', vid, '","musicName":"original sound","musicAuthor":"',
        creators.nickname.take(who), '","musicOriginal":true,"playUrl":"', MUSIC_CDN, vid,
        '.mp3","coverThumb":"', cover, '","coverMedium":"', cover, '","coverLarge":"', cover,
        '"}',
    )  # fmt: skip
    music = pc.if_else(original, own_music, _CATALOGUE.take(pa.array(np.maximum(chunk.music, 0))))
    mentions = pc.if_else(pc.equal(chunk.mention, ""), "[]", _join('["', chunk.mention, '"]'))
    url = video_urls(creators.username.take(who), vid)
    return _join(
        '{"id":"', vid, '","text":"', chunk.caption, '","createTime":', _text(chunk.create_ts),
        ',"authorMeta":', author_meta.take(who), ',"musicMeta":', music,
        ',"covers":{"default":"', cover, '","origin":"', CDN, "/obj/", vid, '_o.jpeg","dynamic":"',
        CDN, "/obj/", vid, '_d.webp"},"webVideoUrl":"', url,
        '","videoUrl":"https://v16.tiktokcdn.com/', vid,
        '.mp4","videoUrlNoWaterMark":"","videoMeta":{"height":', _text(_HEIGHTS[chunk.size]),
        ',"width":', _text(_WIDTHS[chunk.size]), ',"duration":', _text(chunk.duration),
        '},"diggCount":', _text(counts["likes"]), ',"shareCount":', _text(counts["shares"]),
        ',"playCount":', _text(counts["views"]), ',"commentCount":', _text(counts["comments"]),
        ',"collectCount":', _text(counts["bookmarks"]), ',"downloaded":false,"mentions":',
        mentions, ',"hashtags":', text.tag_scraper.take(pa.array(chunk.tags)), "},\n",
    )  # fmt: skip


def _rate(part: np.ndarray, views: np.ndarray) -> pa.Array:
    return pc.cast(pc.round(pa.array(part / np.maximum(views, 1)), 6), pa.string())


def jsonl_authors(creators: Creators, video_count: np.ndarray, total_likes: np.ndarray) -> pa.Array:
    """Each creator's ``author_*`` fields of a JSONL record, built once per data set."""
    return _join(
        ',"author_id":"', creators.creator_id, '","author_username":"', creators.username,
        '","author_nickname":"', creators.nickname, '","author_verified":',
        _bool(creators.verified), ',"author_follower_count":', _text(creators.followers),
        ',"author_video_count":', _text(video_count), ',"author_total_likes":',
        _text(total_likes),
    )  # fmt: skip


def jsonl_lines(
    creators: Creators,
    authors: pa.Array,
    text: TextTables,
    chunk: Chunk,
    counts: dict[str, np.ndarray],
    observed_at: datetime,
) -> pa.Array:
    """One flattened TikTokApi record per video (``trending_history.jsonl`` shape), each ending
    in a newline. ``authors`` is ``jsonl_authors(...)``."""
    who = pa.array(chunk.creator)
    views, likes = counts["views"], counts["likes"]
    comments, shares, saves = counts["comments"], counts["shares"], counts["bookmarks"]
    original = pa.array(chunk.music < 0)
    catalogue = pa.array(np.maximum(chunk.music, 0))
    music_id = pc.if_else(original, chunk.video_id, _MUSIC_IDS.take(catalogue))
    music_title = pc.if_else(original, "original sound", _MUSIC_TITLES.take(catalogue))
    collected = observed_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    url = video_urls(creators.username.take(who), chunk.video_id)
    ts = chunk.create_ts
    return _join(
        '{"collected_at_utc":"', collected, '","proxy_used":"","video_id":"', chunk.video_id,
        '","video_url":"', url, '","desc":"', chunk.caption,
        '","create_time":', _text(ts), ',"duration":', _text(chunk.duration),
        ',"region":"US","play_count":', _text(views), ',"like_count":', _text(likes),
        ',"comment_count":', _text(comments), ',"share_count":', _text(shares),
        ',"favorite_count":', _text(saves), authors.take(who), ',"music_id":"', music_id,
        '","music_title":"', music_title, '","hashtags":', text.tag_json.take(pa.array(chunk.tags)),
        ',"hashtag_count":', _text(text.tag_count[chunk.tags]),
        ',"is_ad":false,"engagement_total":', _text(likes + comments + shares + saves),
        ',"like_rate":', _rate(likes, views), ',"comment_rate":', _rate(comments, views),
        ',"share_rate":', _rate(shares, views), ',"favorite_rate":', _rate(saves, views),
        ',"posted_hour_utc":', _text(ts // 3_600 % 24),
        ',"posted_weekday_utc":', _text((ts // 86_400 + 3) % 7),
        ',"desc_length":', _text(pc.utf8_length(chunk.caption).to_numpy()),
        ',"has_emoji":', _bool(chunk.has_emoji), "}\n",
    )  # fmt: skip
