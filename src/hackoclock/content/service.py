"""``analyze``: score every video not yet scored by a provider, storing results as they land.

Results are committed in small batches (every ``batch_size`` outcomes or ``flush_seconds``),
and whatever has landed is committed before an interruption propagates, so a rerun after
Ctrl-C or a crash resumes where the last one stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hackoclock.content.model import ContentProvider, ContentScore
from hackoclock.content.runner import run_provider, with_local_files
from hackoclock.content.store import (
    Failure,
    ProviderKey,
    count_videos,
    iter_videos,
    save_results,
    sync_sentiment,
)
from hackoclock.db.engine import Database
from hackoclock.errors import InvalidInput

DEFAULT_SENTIMENT_PROVIDER = "lexicon"
FLUSH_SECONDS = 2.0

Progress = Callable[[int, int], None]
"""Called with (videos done, videos to do) after each video."""


@dataclass
class AnalyzeReport:
    """What one ``analyze`` call did."""

    provider: str
    model: str
    version: str
    total_videos: int = 0
    to_do: int = 0
    scored: int = 0
    neutral: int = 0
    unknown: dict[str, int] = field(default_factory=dict)  # reason -> videos without a score
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    sentiment_updated: bool = False

    @property
    def failed(self) -> int:
        return len(self.failures)


@dataclass
class _Pending:
    scores: list[ContentScore] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    since: float = field(default_factory=time.monotonic)

    def __len__(self) -> int:
        return len(self.scores) + len(self.failures)


def analyze(
    db: Database,
    provider: ContentProvider,
    *,
    limit: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    sentiment_provider: str = DEFAULT_SENTIMENT_PROVIDER,
    videos_dir: Path | None = None,
    workers: int | None = None,
    batch_size: int | None = None,
) -> AnalyzeReport:
    """Score the videos ``provider`` has not scored yet (all of them with ``force``).

    ``videos.sentiment`` is updated when ``provider.name`` is ``sentiment_provider`` (the
    configured provider). Failures are stored and reported; they never stop the batch.
    """
    if limit is not None and limit < 0:
        raise InvalidInput(f"--limit must be 0 or more, got {limit}")
    if workers is not None and workers < 1:
        raise InvalidInput(f"--workers must be 1 or more, got {workers}")
    key = ProviderKey(provider.name, provider.model, provider.version)
    total, already = count_videos(db, key)
    report = AnalyzeReport(key.provider, key.model, key.version, total_videos=total)
    report.skipped = 0 if force else already
    candidates = total if force else total - already
    report.to_do = candidates if limit is None else min(limit, candidates)
    set_sentiment = provider.name == sentiment_provider
    report.sentiment_updated = set_sentiment
    size = batch_size or (500 if (workers or provider.workers) <= 1 else 1)

    videos = with_local_files(iter_videos(db, key, force=force, limit=limit), videos_dir)
    pending = _Pending()
    done = 0
    try:
        for outcome in run_provider(provider, videos, workers=workers):
            if isinstance(outcome, Failure):
                pending.failures.append(outcome)
                report.failures.append(outcome)
            else:
                pending.scores.append(outcome)
                report.scored += 1
                report.neutral += int(outcome.neutral)
                if outcome.unknown_reason is not None:
                    reason = outcome.unknown_reason
                    report.unknown[reason] = report.unknown.get(reason, 0) + 1
            done += 1
            if progress is not None:
                progress(done, report.to_do)
            if len(pending) >= size or time.monotonic() - pending.since >= FLUSH_SECONDS:
                batch, pending = pending, _Pending()
                _flush(db, key, batch, set_sentiment)
    finally:  # commit what has landed, even when interrupted
        _flush(db, key, pending, set_sentiment)
    if set_sentiment:
        sync_sentiment(db, key)
    return report


def _flush(db: Database, key: ProviderKey, pending: _Pending, set_sentiment: bool) -> None:
    save_results(db, key, pending.scores, pending.failures, set_sentiment=set_sentiment)
