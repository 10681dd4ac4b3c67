"""Workers for the concurrency tests (module-level so ``multiprocessing`` spawn can import them)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from hackoclock.db.engine import Database
from hackoclock.errors import HackoclockError
from hackoclock.shop.service import redeem


def outcome(call: Callable[[], object]) -> str:
    """'ok:<redemption id>' or the domain error's code."""
    try:
        result = call()
    except HackoclockError as exc:
        return exc.code
    return f"ok:{getattr(result, 'id', result)}"


def redeem_all_at_once(db: Database, calls: list[tuple[str, str, str]]) -> list[str]:
    """Run redeem(creator, reward, key) for every call in its own thread, released together."""
    barrier = threading.Barrier(len(calls), timeout=60)

    def one(call: tuple[str, str, str]) -> str:
        barrier.wait()
        return outcome(lambda: redeem(db, *call))

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(one, calls))


def redeem_in_process(
    url: str, calls: list[tuple[str, str, str]], start: Any, results: Any
) -> None:
    """A separate process: open its own Database, wait for every process, redeem, report."""
    db = Database(url)
    try:
        with db.read():  # connect (and import everything) before the race starts
            pass
        start.wait(timeout=120)
        results.put(redeem_all_at_once(db, calls))
    finally:
        db.dispose()
