"""An ordered, bounded map over worker threads: output stays deterministic, memory stays flat.

NumPy's random generators and Arrow's string kernels release the GIL, so chunks are generated
and formatted on the spare core while the main thread writes the previous one.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def ordered_map(
    fn: Callable[[T], R], items: Iterable[T], workers: int | None = None, ahead: int = 3
) -> Iterator[R]:
    """``map(fn, items)`` computed by ``workers`` threads, at most ``ahead`` results pending."""
    workers = workers or default_workers()
    if workers == 1:
        yield from map(fn, items)
        return
    pending: deque[Future[R]] = deque()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sample") as pool:
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                if len(pending) >= ahead:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
