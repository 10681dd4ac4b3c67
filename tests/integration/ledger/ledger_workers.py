"""Workers for the concurrency tests (module-level so ``multiprocessing`` spawn can import them)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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


CREDIT_CHILD = """
import sys
from hackoclock.db.engine import Database
from hackoclock.ledger.service import credit_run

def progress(done, total):
    print(done, flush=True)

credit_run(Database(sys.argv[1]), int(sys.argv[2]), progress=progress, chunk_size=100)
print("finished", flush=True)
"""


def kill_crediting_after_its_first_chunk(url: str, run_id: int) -> str:
    """Credit ``run_id`` in a child process (chunks of 100), SIGKILL it as soon as it reports
    its first committed chunk; returns that first progress line."""
    child = subprocess.Popen(
        [sys.executable, "-c", CREDIT_CHILD, url, str(run_id)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    first = child.stdout.readline().strip()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    return first
