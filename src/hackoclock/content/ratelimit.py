"""A thread-safe token bucket: at most ``per_minute`` acquisitions a minute on average."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
    """``acquire()`` blocks until a token is free. ``capacity`` bounds bursts (default 1, so
    requests are spread evenly: one every 60/per_minute seconds)."""

    def __init__(
        self,
        per_minute: float,
        *,
        capacity: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("requests per minute must be positive")
        if capacity < 1:
            raise ValueError("bucket capacity must be at least 1")
        self.rate = per_minute / 60.0
        self.capacity = capacity
        self._tokens = capacity
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._lock = threading.Lock()

    def _take(self) -> float:
        """Take a token if one is free (return 0), else return how long to wait."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            if self._tokens >= 1:
                self._tokens -= 1
                return 0.0
            return (1 - self._tokens) / self.rate

    def acquire(self) -> None:
        while (wait := self._take()) > 0:
            self._sleep(wait)
