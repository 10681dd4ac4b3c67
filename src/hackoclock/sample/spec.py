"""What to generate: the parameters of a synthetic data set, validated, and its random streams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from hackoclock.errors import InvalidInput

DEFAULT_START = datetime(2026, 11, 2, tzinfo=UTC)  # a Monday; fixed so output never depends on now
CHUNK_SIZE = 65_536  # videos per generated chunk; part of the output's identity for a seed
MAX_VIDEOS = 2**32 - 1  # the low 32 bits of a video id hold its index
FIRST_OBSERVATION_DELAY = timedelta(hours=6)  # the first snapshot comes this long after the window


@dataclass(frozen=True)
class SampleSpec:
    """Parameters of one synthetic data set; the same spec always yields the same data."""

    n_creators: int = 300
    n_videos: int = 3_000
    seed: int = 2026
    start: datetime = DEFAULT_START
    days: int = 14
    snapshots: int = 1
    snapshot_hours: int = 96
    plant: bool = True

    def __post_init__(self) -> None:
        if self.n_creators < 1:
            raise InvalidInput(f"need at least 1 creator, got {self.n_creators}")
        if self.n_videos < self.n_creators:
            raise InvalidInput(
                f"every creator posts at least one video: --videos ({self.n_videos}) "
                f"must be at least --creators ({self.n_creators})"
            )
        if self.n_videos > MAX_VIDEOS:
            raise InvalidInput(f"at most {MAX_VIDEOS} videos, got {self.n_videos}")
        if self.seed < 0:
            raise InvalidInput(f"the seed must be a non-negative integer, got {self.seed}")
        if self.start.tzinfo is None:
            raise InvalidInput("the start time needs a timezone (for example 2026-11-02T00:00Z)")
        if not 1 <= self.days <= 3650:
            raise InvalidInput(f"the posting window must be 1..3650 days, got {self.days}")
        if not 1 <= self.snapshots <= 1000:
            raise InvalidInput(f"snapshots must be 1..1000, got {self.snapshots}")
        if self.snapshot_hours < 1:
            raise InvalidInput(
                f"snapshot interval must be at least 1 hour, not {self.snapshot_hours}"
            )
        if self.last_observed_at.year >= 2038:
            raise InvalidInput("the data must end before 2038 (video ids embed 32-bit times)")

    @property
    def start_ts(self) -> int:
        """Start of the posting window, Unix seconds."""
        return int(self.start.timestamp())

    @property
    def window_seconds(self) -> int:
        return self.days * 86_400

    def observed_at(self, snapshot: int) -> datetime:
        """When snapshot ``snapshot`` (0-based) was observed: after the whole posting window."""
        delay = FIRST_OBSERVATION_DELAY + timedelta(hours=self.snapshot_hours * snapshot)
        return (self.start + timedelta(days=self.days) + delay).astimezone(UTC)

    @property
    def last_observed_at(self) -> datetime:
        return self.observed_at(self.snapshots - 1)

    @property
    def n_chunks(self) -> int:
        return -(-self.n_videos // CHUNK_SIZE)

    def rng(self, *key: int) -> np.random.Generator:
        """An independent PCG64 stream for ``key`` (e.g. creators, a chunk), fixed by the seed."""
        return np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=key))
        )
