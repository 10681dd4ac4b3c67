"""A chunk of validated records, reduced to the rows the loaders write.

Within a chunk a video keeps only its latest observation (ties: the later record), a creator
the merge of what its records say (newer known values win, NULL never replaces a value), and a
snapshot the last record for each (video, observation time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from hackoclock.ingest.model import VideoRecord


@dataclass(slots=True)
class CreatorRow:
    creator_id: str
    username: str | None
    nickname: str | None
    follower_count: int | None
    video_count: int | None
    stats_observed_at: datetime

    def merge(self, r: VideoRecord) -> None:
        """Fold in another observation of this creator."""
        if r.observed_at >= self.stats_observed_at:  # newer: its known values win
            if r.username is not None:
                self.username = r.username
            if r.nickname is not None:
                self.nickname = r.nickname
            if r.follower_count is not None:
                self.follower_count = r.follower_count
            if r.creator_video_count is not None:
                self.video_count = r.creator_video_count
            self.stats_observed_at = r.observed_at
        else:  # older: it only fills what is still unknown
            if self.username is None:
                self.username = r.username
            if self.nickname is None:
                self.nickname = r.nickname
            if self.follower_count is None:
                self.follower_count = r.follower_count
            if self.video_count is None:
                self.video_count = r.creator_video_count


@dataclass(slots=True)
class Chunk:
    creators: dict[str, CreatorRow] = field(default_factory=dict)
    videos: dict[str, VideoRecord] = field(default_factory=dict)
    snapshots: dict[tuple[str, datetime], VideoRecord] = field(default_factory=dict)

    def add(self, r: VideoRecord) -> None:
        creator = self.creators.get(r.creator_id)
        if creator is None:
            self.creators[r.creator_id] = CreatorRow(
                r.creator_id,
                r.username,
                r.nickname,
                r.follower_count,
                r.creator_video_count,
                r.observed_at,
            )
        else:
            creator.merge(r)
        current = self.videos.get(r.video_id)
        if current is None or r.observed_at >= current.observed_at:
            self.videos[r.video_id] = r
        self.snapshots[(r.video_id, r.observed_at)] = r

    def __len__(self) -> int:
        return len(self.snapshots)
