"""The provider interface: a video in, a content score out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

NEUTRAL_SCORE = 0.5


@dataclass(frozen=True, slots=True)
class VideoInput:
    """What a provider may look at: the caption and hashtags, the page URL, a local file."""

    video_id: str
    caption: str | None = None
    hashtags: Sequence[str] = ()
    url: str | None = None
    path: Path | None = None


@dataclass(frozen=True, slots=True)
class ContentScore:
    """One provider's judgement of one video. ``score`` is in [0, 1]; 0.5 is neutral.

    ``score`` is None when the provider cannot judge the video (a caption in a language it does
    not read, nothing to read); ``unknown_reason`` then says why (``UNKNOWN_REASONS``). An
    unknown score is stored as NULL, so scoring leaves the content component out for the video.
    """

    video_id: str
    score: float | None
    provider: str
    model: str
    version: str
    rationale: str
    neutral: bool = False
    details: dict[str, object] = field(default_factory=dict)
    unknown_reason: str | None = None

    def __post_init__(self) -> None:
        if self.score is None:
            if not self.unknown_reason:
                raise ValueError("an unknown content score needs its reason")
        elif self.unknown_reason is not None:
            raise ValueError("a content score with a value has no unknown reason")
        elif not 0.0 <= self.score <= 1.0:
            raise ValueError(f"content score {self.score!r} is outside 0..1")

    @property
    def unknown(self) -> bool:
        return self.score is None


NOTHING_TO_READ = "nothing_to_read"
LANGUAGE_NOT_COVERED = "language_not_covered"
LANGUAGE_UNSURE = "language_unsure"
TOO_LITTLE_TO_JUDGE = "too_little_to_judge"
UNKNOWN_REASONS = (NOTHING_TO_READ, LANGUAGE_NOT_COVERED, LANGUAGE_UNSURE, TOO_LITTLE_TO_JUDGE)


@runtime_checkable
class ContentProvider(Protocol):
    """Scores videos. ``name``/``model``/``version`` identify the stored scores it produces."""

    name: str
    model: str
    version: str
    workers: int

    def score(self, video: VideoInput) -> ContentScore:
        """Score one video or raise ``ContentError`` (or any other Exception) for it alone."""
        ...


class ContentError(Exception):
    """A video could not be scored. ``reason`` is a short category stored with the failure."""

    reason: str = "error"

    def __init__(self, message: str, *, reason: str | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.message = message
        if reason is not None:
            self.reason = reason
        self.attempts = attempts


class VideoUnavailable(ContentError):
    reason = "video_unavailable"


class InvalidAnswer(ContentError):
    reason = "invalid_answer"


class FileProcessingFailed(ContentError):
    reason = "file_failed"


class ProviderTimeout(ContentError):
    reason = "timeout"


class RetriesExhausted(ContentError):
    reason = "retries_exhausted"
