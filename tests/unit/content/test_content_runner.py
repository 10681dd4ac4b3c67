"""The batch runner keeps going past failures, inline and on a thread pool."""

from __future__ import annotations

import threading
import time

import pytest

from hackoclock.content.model import ContentError, ContentScore, VideoInput
from hackoclock.content.runner import run_provider
from hackoclock.content.store import Failure


class ListProvider:
    name = "test"
    model = "m"
    version = "v1"

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self.active = 0
        self.peak = 0
        self.lock = threading.Lock()

    def score(self, video: VideoInput) -> ContentScore:
        with self.lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            time.sleep(0.002 if self.workers > 1 else 0)
            if video.video_id.startswith("bad"):
                raise ContentError("cannot read", reason="invalid_answer", attempts=2)
            if video.video_id.startswith("boom"):
                raise RuntimeError("unexpected")
            return ContentScore(video.video_id, 0.7, self.name, self.model, self.version, "ok")
        finally:
            with self.lock:
                self.active -= 1


def videos(*ids: str) -> list[VideoInput]:
    return [VideoInput(i, "caption") for i in ids]


def test_a_failing_video_does_not_stop_the_others() -> None:
    outcomes = list(run_provider(ListProvider(), videos("a", "bad1", "boom", "b")))
    scored = [o.video_id for o in outcomes if isinstance(o, ContentScore)]
    failed = {o.video_id: o for o in outcomes if isinstance(o, Failure)}
    assert scored == ["a", "b"]
    assert failed["bad1"].reason == "invalid_answer" and failed["bad1"].attempts == 2
    assert failed["boom"].reason == "error" and "RuntimeError" in failed["boom"].message


def test_the_thread_pool_scores_every_video_with_bounded_concurrency() -> None:
    provider = ListProvider(workers=3)
    ids = [f"v{i:03d}" for i in range(40)]
    outcomes = list(run_provider(provider, videos(*ids)))
    assert sorted(o.video_id for o in outcomes) == ids
    assert 1 <= provider.peak <= 3


def test_keyboard_interrupt_in_a_provider_propagates() -> None:
    class Interrupting(ListProvider):
        def score(self, video: VideoInput) -> ContentScore:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        list(run_provider(Interrupting(), videos("a")))
