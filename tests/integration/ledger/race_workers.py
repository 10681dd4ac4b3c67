"""Workers for the fulfil/cancel race (module level, so ``multiprocessing`` spawn imports them)."""

from __future__ import annotations

import threading
from typing import Any

from hackoclock.db.engine import Database
from hackoclock.errors import HackoclockError
from hackoclock.shop.service import cancel, fulfil


def transition(db: Database, op: str, redemption_id: str) -> str:
    """'ok:<status>', the domain error's code, or 'bug:<exception type>' (what a 500 would be)."""
    try:
        done = fulfil(db, redemption_id) if op == "fulfil" else cancel(db, redemption_id)
    except HackoclockError as exc:
        return exc.code
    except Exception as exc:  # the race test counts these as the bug
        return f"bug:{type(exc).__name__}"
    return f"ok:{done.status}"


def race_in_process(
    url: str, ops: list[str], redemption_ids: list[str], start: Any, results: Any
) -> None:
    """One process: a thread per op; every round, all threads of all processes move together."""
    db = Database(url, pool_size=len(ops))
    try:
        with db.read():  # connect (and import everything) before the race starts
            pass
        out: dict[int, list[tuple[str, str]]] = {i: [] for i in range(len(redemption_ids))}

        def worker(op: str) -> None:
            for i, rid in enumerate(redemption_ids):
                start.wait(timeout=120)
                out[i].append((op, transition(db, op, rid)))

        threads = [threading.Thread(target=worker, args=(op,)) for op in ops]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=180)
        results.put(out)
    finally:
        db.dispose()
