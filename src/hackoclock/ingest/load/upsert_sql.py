"""Upsert statements shared by the SQLite and PostgreSQL loaders.

``{source}`` is ``VALUES (?, ...)`` on SQLite (executemany) or ``SELECT ... FROM`` a staging
table on PostgreSQL (filled by COPY). The rules: a video's counts come from its latest
observation; descriptive fields (url, caption, ...) are kept when a newer observation lacks
them; a creator's known values are never replaced by NULL; snapshots are unique per
(video_id, observed_at).
"""

from __future__ import annotations

CREATOR_COLUMNS = (
    "creator_id",
    "username",
    "nickname",
    "follower_count",
    "video_count",
    "stats_observed_at",
    "first_seen_at",
    "updated_at",
)
VIDEO_COLUMNS = (
    "video_id",
    "creator_id",
    "url",
    "caption",
    "hashtags",
    "duration_s",
    "music_id",
    "music_title",
    "music_original",
    "duet_from_id",
    "date_posted",
    "views",
    "likes",
    "shares",
    "bookmarks",
    "comments",
    "engagement_rate",
    "likes_per_view",
    "shares_per_view",
    "bookmarks_per_view",
    "comments_per_view",
    "observed_at",
    "flags",
    "first_batch_id",
    "updated_at",
)
SNAPSHOT_COLUMNS = (
    "video_id",
    "observed_at",
    "views",
    "likes",
    "shares",
    "bookmarks",
    "comments",
    "follower_count",
    "batch_id",
)
QUARANTINE_COLUMNS = ("batch_id", "record_no", "reason", "raw")

_NEWER_CREATOR = (
    "(creators.stats_observed_at IS NULL "
    "OR excluded.stats_observed_at >= creators.stats_observed_at)"
)


def _creator_value(name: str) -> str:
    return (
        f"CASE WHEN {_NEWER_CREATOR} THEN coalesce(excluded.{name}, creators.{name}) "
        f"ELSE coalesce(creators.{name}, excluded.{name}) END"
    )


_CREATOR_VALUES = {
    **{n: _creator_value(n) for n in ("username", "nickname", "follower_count", "video_count")},
    "stats_observed_at": f"CASE WHEN {_NEWER_CREATOR} THEN excluded.stats_observed_at "
    "ELSE creators.stats_observed_at END",
    "updated_at": "excluded.updated_at",
}

# ``{distinct}`` is the NULL-safe "differs from": ``IS NOT`` (SQLite), ``IS DISTINCT FROM``
# (PostgreSQL). A creator met again in a later chunk of the same import usually brings the
# same values: the WHERE skips writing a row that would not change (on PostgreSQL a new row
# version and its index entries).
_CREATOR_SET = ", ".join(f"{name} = {value}" for name, value in _CREATOR_VALUES.items())


def _creator_changed(distinct: str) -> str:
    """Whether the merged values differ from the stored row (``distinct``: NULL-safe test)."""
    return " OR ".join(
        f"({value}) {distinct} creators.{name}" for name, value in _CREATOR_VALUES.items()
    )


UPSERT_CREATORS = (
    "INSERT INTO creators ({cols}) {{source}} ON CONFLICT (creator_id) DO UPDATE SET "
    + _CREATOR_SET
    + " WHERE "
    + _creator_changed("{{distinct}}")
).format(cols=", ".join(CREATOR_COLUMNS))

# PostgreSQL, for rows whose key is known to be in the table (the loader looked it up): the
# same update as UPSERT_CREATORS as a plain UPDATE from the staging table ``{source}``. Unlike
# ON CONFLICT DO UPDATE, which locks (and logs) every conflicting row even when its WHERE
# skips it, a plain UPDATE leaves an unchanged row alone: a creator met again in each chunk
# costs a comparison, not a row lock.
UPDATE_CREATORS = (
    "UPDATE creators SET "
    + _CREATOR_SET
    + " FROM {source} AS excluded WHERE creators.creator_id = excluded.creator_id AND ("
    + _creator_changed("IS DISTINCT FROM")
    + ")"
)

_KEEP_KNOWN = (
    "url",
    "caption",
    "hashtags",
    "duration_s",
    "music_id",
    "music_title",
    "music_original",
    "duet_from_id",
    "date_posted",
)
# Everything else but the key and the batch that first brought the video: the latest wins.
_LATEST = tuple(c for c in VIDEO_COLUMNS if c not in (*_KEEP_KNOWN, "video_id", "first_batch_id"))

UPSERT_VIDEOS = (
    "INSERT INTO videos ({cols}) {{source}} ON CONFLICT (video_id) DO UPDATE SET "
    + ", ".join(f"{n} = coalesce(excluded.{n}, videos.{n})" for n in _KEEP_KNOWN)
    + ", "
    + ", ".join(f"{n} = excluded.{n}" for n in _LATEST)
    + " WHERE excluded.observed_at >= videos.observed_at"
).format(cols=", ".join(VIDEO_COLUMNS))

INSERT_SNAPSHOTS = (
    "INSERT INTO metric_snapshots ({cols}) {{source}} "
    "ON CONFLICT (video_id, observed_at) DO NOTHING"
).format(cols=", ".join(SNAPSHOT_COLUMNS))

INSERT_QUARANTINE = "INSERT INTO quarantined_records ({cols}) {{source}}".format(
    cols=", ".join(QUARANTINE_COLUMNS)
)
