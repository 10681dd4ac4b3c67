"""``verify``: recompute the ledger from its transfers and check every invariant.

Catches a transfer edited or deleted behind the application's back (its checksum no longer
matches, or a cached balance, a system account, an accrual or a redemption no longer agrees with
the transfers), a balance edited directly (cached balance differs from the sum of transfers),
and any balance, debt or stock below zero. It only reads, in one consistent snapshot, so it can run
while redemptions and crediting go on; it never repairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators
from hackoclock.db.tables_ledger import (
    ledger_accounts,
    ledger_accruals,
    ledger_transfers,
    redemptions,
    shop,
)
from hackoclock.ledger.accounts import HELD, ISSUANCE, REDEEMED, RESERVED, creator_account
from hackoclock.ledger.checksum import transfer_checksum
from hackoclock.ledger.models import VerifyReport
from hackoclock.ledger.rules import accrual_ref

MAX_PROBLEMS = 200
Key = tuple[str, str]
Moves = dict[Key, tuple[str, str, int]]

# accrual state -> the transfers it must have: (kind, debit, credit, which amount)
_ACCRUAL_TRANSFERS: dict[str, list[tuple[str, str, str, str]]] = {
    "posted": [("accrual", ISSUANCE, "creator", "amount")],
    "held": [("hold", ISSUANCE, HELD, "amount")],
    "released": [("hold", ISSUANCE, HELD, "amount"), ("release", HELD, "creator", "amount")],
    "voided": [("hold", ISSUANCE, HELD, "amount"), ("void", HELD, ISSUANCE, "amount")],
    "superseded": [("hold", ISSUANCE, HELD, "amount"), ("supersede", HELD, ISSUANCE, "amount")],
    "adjusted": [("clawback", "creator", ISSUANCE, "clawed")],
    "unchanged": [],
}
_REDEMPTION_TRANSFERS: dict[str, list[tuple[str, str, str]]] = {
    "pending": [("reserve", "creator", RESERVED)],
    "fulfilled": [("reserve", "creator", RESERVED), ("redeem", RESERVED, REDEEMED)],
    "cancelled": [("reserve", "creator", RESERVED), ("unreserve", RESERVED, "creator")],
}


class _Problems(list[str]):
    def add(self, message: str) -> None:
        self.append(message)


def _check_transfers(conn: Connection, problems: _Problems) -> tuple[dict[str, int], Moves, int]:
    sums: dict[str, int] = defaultdict(int)
    moves: Moves = {}
    count = 0
    for t in conn.execute(select(ledger_transfers).order_by(ledger_transfers.c.id)):
        count += 1
        amount = int(t.amount)
        want = transfer_checksum(
            t.debit_account, t.credit_account, amount, t.kind, t.ref, t.created_at
        )
        if want != t.checksum:
            problems.add(f"transfer {t.id} ({t.kind} {t.ref}) does not match its checksum")
        if amount <= 0:
            problems.add(f"transfer {t.id} has a non-positive amount {amount}")
        sums[t.debit_account] -= amount
        sums[t.credit_account] += amount
        moves[(t.kind, t.ref)] = (t.debit_account, t.credit_account, amount)
    if sum(sums.values()) != 0:
        problems.add(f"transfers do not net to zero (net {sum(sums.values())})")
    return sums, moves, count


def _check_accounts(
    conn: Connection, sums: dict[str, int], moves: Moves, problems: _Problems
) -> int:
    earned: dict[str, int] = defaultdict(int)
    settled: dict[str, int] = defaultdict(int)
    for (kind, _ref), (debit, credit, amount) in moves.items():
        if kind in ("accrual", "release"):
            earned[credit] += amount
        elif kind in ("clawback", "settle"):
            earned[debit] -= amount
            if kind == "settle":
                settled[debit] += amount
    debt_added: dict[str, int] = defaultdict(int)
    for r in conn.execute(select(ledger_accruals.c.creator_id, ledger_accruals.c.debt_added)):
        debt_added[creator_account(r.creator_id)] += int(r.debt_added)
    totals = {
        creator_account(r.creator_id): int(r.total_points)
        for r in conn.execute(select(creators.c.creator_id, creators.c.total_points))
    }
    count = 0
    for acct in conn.execute(select(ledger_accounts)):
        count += 1
        actual = sums.get(acct.code, 0)
        if acct.kind != "creator":
            continue
        if int(acct.balance) != actual:
            problems.add(
                f"{acct.code}: cached balance {acct.balance} but transfers sum to {actual}"
            )
        if int(acct.balance) < 0 or actual < 0:
            problems.add(f"{acct.code}: balance below zero")
        if int(acct.debt) != debt_added[acct.code] - settled[acct.code]:
            problems.add(
                f"{acct.code}: debt {acct.debt} but adjustments minus settlements give "
                f"{debt_added[acct.code] - settled[acct.code]}"
            )
        if totals.get(acct.code, 0) != earned[acct.code]:
            problems.add(
                f"{acct.code}: lifetime points {totals.get(acct.code, 0)} but the ledger says "
                f"{earned[acct.code]}"
            )
    orphans = {c for c in sums if c.startswith("creator:")} - {
        r.code for r in conn.execute(select(ledger_accounts.c.code))
    }
    for code in sorted(orphans):
        problems.add(f"transfers name an unknown account {code}")
    return count


def _expect(
    moves: Moves,
    used: set[Key],
    kind: str,
    ref: str,
    want: tuple[str, str, int],
    what: str,
    problems: _Problems,
) -> None:
    key = (kind, ref)
    used.add(key)
    got = moves.get(key)
    if got is None:
        problems.add(f"{what}: missing its {kind} transfer")
    elif got != want:
        problems.add(f"{what}: {kind} transfer is {got}, expected {want}")


def _check_accruals(conn: Connection, moves: Moves, used: set[Key], problems: _Problems) -> int:
    held_total = 0
    for r in conn.execute(select(ledger_accruals)):
        ref = accrual_ref(int(r.run_id), r.video_id)
        what = f"accrual {r.run_id}/{r.video_id} ({r.state})"
        acct = creator_account(r.creator_id)
        if r.state not in _ACCRUAL_TRANSFERS:
            problems.add(f"{what}: unknown state")
            continue
        if r.state == "held":
            held_total += int(r.amount)
        values = {"amount": int(r.amount), "clawed": int(r.clawed)}
        for kind, debit, credit, field in _ACCRUAL_TRANSFERS[r.state]:
            amount = values[field]
            if amount == 0 and field == "clawed":
                continue
            debit = acct if debit == "creator" else debit
            credit = acct if credit == "creator" else credit
            _expect(moves, used, kind, ref, (debit, credit, amount), what, problems)
        if r.state in ("posted", "released"):
            used.add(("settle", ref))
    return held_total


def _check_redemptions(
    conn: Connection, moves: Moves, used: set[Key], problems: _Problems
) -> dict[str, int]:
    totals = {"pending": 0, "fulfilled": 0}
    pending_by_reward: dict[str, int] = defaultdict(int)
    for r in conn.execute(select(redemptions)):
        what = f"redemption {r.id} ({r.status})"
        acct = creator_account(r.creator_id)
        if r.status not in _REDEMPTION_TRANSFERS:
            problems.add(f"{what}: unknown status")
            continue
        if r.status in totals:
            totals[r.status] += int(r.amount)
        if r.status == "pending":
            pending_by_reward[r.reward_id] += 1
        for kind, debit, credit in _REDEMPTION_TRANSFERS[r.status]:
            debit = acct if debit == "creator" else debit
            credit = acct if credit == "creator" else credit
            _expect(
                moves,
                used,
                kind,
                f"redemption:{r.id}",
                (debit, credit, int(r.amount)),
                what,
                problems,
            )
    for reward in conn.execute(select(shop.c.reward_id, shop.c.stock, shop.c.reserved)):
        if reward.stock is None:
            continue
        if int(reward.reserved) != pending_by_reward[reward.reward_id]:
            problems.add(
                f"reward {reward.reward_id}: {reward.reserved} reserved but "
                f"{pending_by_reward[reward.reward_id]} pending redemptions"
            )
        if int(reward.stock) < int(reward.reserved) or int(reward.stock) < 0:
            problems.add(f"reward {reward.reward_id}: stock {reward.stock} below reserved")
    return totals


def _check_system(
    sums: dict[str, int], held: int, redeemed: dict[str, int], problems: _Problems
) -> None:
    expected = {HELD: held, RESERVED: redeemed["pending"], REDEEMED: redeemed["fulfilled"]}
    for code, want in expected.items():
        if sums.get(code, 0) != want:
            problems.add(f"{code}: transfers sum to {sums.get(code, 0)}, expected {want}")


@contextmanager
def _snapshot(db: Database) -> Iterator[Connection]:
    """A read transaction that sees one consistent snapshot (REPEATABLE READ on PostgreSQL;
    a SQLite WAL read transaction already does)."""
    with db.engine.connect() as raw:
        conn = raw.execution_options(isolation_level="REPEATABLE READ") if db.is_postgres else raw
        with conn.begin():
            yield conn


def verify(db: Database) -> VerifyReport:
    """Check every ledger invariant; ``ok`` is False with one line per problem found."""
    problems = _Problems()
    with _snapshot(db) as conn:
        sums, moves, n_transfers = _check_transfers(conn, problems)
        n_accounts = _check_accounts(conn, sums, moves, problems)
        used: set[Key] = set()
        held = _check_accruals(conn, moves, used, problems)
        redeemed = _check_redemptions(conn, moves, used, problems)
        _check_system(sums, held, redeemed, problems)
        for kind, ref in sorted(set(moves) - used):
            problems.add(f"transfer {kind} {ref} belongs to no accrual or redemption")
    shown: list[str] = list(problems[:MAX_PROBLEMS])
    if len(problems) > MAX_PROBLEMS:
        shown.append(f"... and {len(problems) - MAX_PROBLEMS} more problems")
    return VerifyReport(not problems, shown, n_transfers, n_accounts)
