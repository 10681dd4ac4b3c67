"""The batch runner: feeds videos to a provider (inline or on a bounded thread pool) and
yields each outcome as it lands. One video failing never stops the batch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from hackoclock.content.model import ContentError, ContentProvider, ContentScore, VideoInput
from hackoclock.content.store import Failure

Outcome = ContentScore | Failure
MAX_ERROR_CHARS = 2000


def score_one(provider: ContentProvider, video: VideoInput) -> Outcome:
    """The provider's score, or the failure it raised (KeyboardInterrupt still propagates)."""
    try:
        return provider.score(video)
    except ContentError as exc:
        return Failure(video.video_id, exc.reason, exc.message[:MAX_ERROR_CHARS], exc.attempts)
    except Exception as exc:  # one bad video must not stop the batch
        message = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_CHARS]
        return Failure(video.video_id, "error", message, 1)


def with_local_files(videos: Iterable[VideoInput], videos_dir: Path | None) -> Iterator[VideoInput]:
    """Attach ``<videos_dir>/<video_id>.mp4`` to each video when that file exists."""
    for video in videos:
        if videos_dir is not None and video.path is None:
            candidate = videos_dir / f"{video.video_id}.mp4"
            if candidate.is_file():
                video = VideoInput(
                    video.video_id, video.caption, video.hashtags, video.url, candidate
                )
        yield video


def run_provider(
    provider: ContentProvider, videos: Iterable[VideoInput], *, workers: int | None = None
) -> Iterator[Outcome]:
    """Outcomes in completion order. With more than one worker at most ``2 * workers`` videos
    are in flight, so memory stays bounded however many videos there are."""
    n = max(1, workers if workers is not None else provider.workers)
    if n == 1:
        for video in videos:
            yield score_one(provider, video)
        return
    pool = ThreadPoolExecutor(max_workers=n, thread_name_prefix=f"content-{provider.name}")
    pending: set[Future[Outcome]] = set()
    try:
        for video in videos:
            pending.add(pool.submit(score_one, provider, video))
            if len(pending) >= 2 * n:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in done)
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
