"""The records that flow through an import: raw source records and validated videos."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

FORMATS = ("scraper", "itemlist", "jsonl", "csv")

# Canonical field names a reader maps its source fields onto (values still raw).
COUNT_FIELDS = ("views", "likes", "shares", "bookmarks", "comments")
CREATOR_COUNT_FIELDS = ("follower_count", "creator_video_count")
# Key of a dict of counts a source carries that we do not store, but which still tell whether
# a record is sane (e.g. an author's total likes overflowed to a negative number).
EXTRA_COUNTS = "extra_counts"


@dataclass(slots=True)
class SourceRecord:
    """One record as read: its 1-based number in the file, its raw text, its mapped fields.

    ``fields`` uses the canonical names (``video_id``, ``views``, ``date_posted``, ...) with the
    values as the source wrote them; ``error`` is set when the reader could not map the record.
    """

    record_no: int
    raw: str | bytes
    fields: dict[str, Any]
    error: str | None = None
    raw_row: list[str] | None = None  # CSV: the row's cells, turned into text only if needed

    def raw_text(self) -> str:
        """The record as the file wrote it (CSV rows are re-quoted as one CSV line)."""
        if self.raw_row is None:
            raw = self.raw
            return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(self.raw_row)
        return buffer.getvalue()


@dataclass(slots=True)
class VideoRecord:
    """A validated observation of one video (and its creator) at ``observed_at``."""

    video_id: str
    creator_id: str
    observed_at: datetime
    username: str | None = None
    nickname: str | None = None
    url: str | None = None
    caption: str | None = None
    hashtags: list[str] | None = None
    duration_s: int | None = None
    date_posted: datetime | None = None
    views: int | None = None
    likes: int | None = None
    shares: int | None = None
    bookmarks: int | None = None
    comments: int | None = None
    follower_count: int | None = None
    creator_video_count: int | None = None
    flags: list[str] = field(default_factory=list)
    # Sound and form facts, where the source has them (see docs/ingest.md, "Sound and form").
    music_id: str | None = None
    music_title: str | None = None
    music_original: bool | None = None
    duet_from_id: str | None = None


@dataclass(slots=True)
class Rejected:
    """A record that goes to quarantine: ``reason`` is a short code, ``detail`` says why."""

    record_no: int
    raw: str
    reason: str
    detail: str

    @property
    def text(self) -> str:
        return f"{self.reason}: {self.detail}" if self.detail else self.reason
