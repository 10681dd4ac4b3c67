"""``verify``: recompute the ledger from its transfers and check every invariant.

Catches a transfer edited or deleted behind the application's back (its checksum no longer
matches, or a cached balance, a system account, an accrual or a redemption no longer agrees with
the transfers), a balance edited directly (cached balance differs from the sum of transfers),
any balance, debt or stock below zero, and an accrual that no scoring run explains (forged
with consistent transfers: see ``verify_runs``). It only reads, in one consistent snapshot, so
it can run while redemptions and crediting go on; it never repairs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
    Select,
    String,
    and_,
    cast,
    func,
    literal,
    select,
    text,
)
from sqlalchemy.sql.elements import ColumnElement

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
from hackoclock.ledger.verify_runs import RUN_CHECKS

MAX_PROBLEMS = 200

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


def _by_kind(
    rules: Mapping[str, Sequence[tuple[str, ...]]],
) -> dict[str, dict[str, tuple[str, ...]]]:
    """The same rules read by transfer kind: kind -> {state: (debit, credit[, which amount])}."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for state, moves in rules.items():
        for kind, *rest in moves:
            out.setdefault(kind, {})[state] = tuple(rest)
    return out


_ACCRUAL_KINDS = _by_kind(_ACCRUAL_TRANSFERS)
_REDEMPTION_KINDS = _by_kind(_REDEMPTION_TRANSFERS)
# a settle transfer pays debt out of a credit: it belongs to an accrual that credited
SETTLE_STATES = ("posted", "released")
STREAM_ROWS = 10_000  # rows fetched at a time: memory follows the accounts, not the transfers


class _Problems(list[str]):
    def add(self, message: str) -> None:
        self.append(message)


@dataclass
class _Totals:
    """What the transfers add up to, per account: all that is kept of them in memory."""

    sums: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    earned: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    settled: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    kinds: Counter[str] = field(default_factory=Counter)  # transfers of each kind
    matched: Counter[str] = field(default_factory=Counter)  # of those, expected by a row
    count: int = 0


def _stream(conn: Connection, query: Select[Any]) -> Iterator[Row[Any]]:
    """The rows of ``query``, fetched a batch at a time (a server-side cursor on PostgreSQL)."""
    yield from conn.execute(query.execution_options(yield_per=STREAM_ROWS))


def _check_transfers(conn: Connection, problems: _Problems) -> _Totals:
    totals = _Totals()
    t = ledger_transfers
    for row in _stream(conn, select(t).order_by(t.c.id)):
        totals.count += 1
        amount = int(row.amount)
        want = transfer_checksum(
            row.debit_account, row.credit_account, amount, row.kind, row.ref, row.created_at
        )
        if want != row.checksum:
            problems.add(f"transfer {row.id} ({row.kind} {row.ref}) does not match its checksum")
        if amount <= 0:
            problems.add(f"transfer {row.id} has a non-positive amount {amount}")
        totals.sums[row.debit_account] -= amount
        totals.sums[row.credit_account] += amount
        totals.kinds[row.kind] += 1
        if row.kind in ("accrual", "release"):
            totals.earned[row.credit_account] += amount
        elif row.kind in ("clawback", "settle"):
            totals.earned[row.debit_account] -= amount
            if row.kind == "settle":
                totals.settled[row.debit_account] += amount
    net = sum(totals.sums.values())
    if net != 0:
        problems.add(f"transfers do not net to zero (net {net})")
    return totals


def _check_accounts(conn: Connection, totals: _Totals, problems: _Problems) -> int:
    a = ledger_accruals
    debt_added = {
        creator_account(r.creator_id): int(r.debt)
        for r in conn.execute(
            select(a.c.creator_id, func.sum(a.c.debt_added).label("debt")).group_by(a.c.creator_id)
        )
    }
    lifetime = {
        creator_account(r.creator_id): int(r.total_points)
        for r in _stream(conn, select(creators.c.creator_id, creators.c.total_points))
    }
    sums, earned, settled = totals.sums, totals.earned, totals.settled
    count = 0
    known: set[str] = set()
    for acct in _stream(conn, select(ledger_accounts)):
        count += 1
        known.add(acct.code)
        actual = sums.get(acct.code, 0)
        if acct.kind != "creator":
            continue
        if int(acct.balance) != actual:
            problems.add(
                f"{acct.code}: cached balance {acct.balance} but transfers sum to {actual}"
            )
        if int(acct.balance) < 0 or actual < 0:
            problems.add(f"{acct.code}: balance below zero")
        debt = debt_added.get(acct.code, 0) - settled.get(acct.code, 0)
        if int(acct.debt) != debt:
            problems.add(
                f"{acct.code}: debt {acct.debt} but adjustments minus settlements give {debt}"
            )
        if lifetime.get(acct.code, 0) != earned.get(acct.code, 0):
            problems.add(
                f"{acct.code}: lifetime points {lifetime.get(acct.code, 0)} but the ledger says "
                f"{earned.get(acct.code, 0)}"
            )
    for code in sorted(c for c in sums if c.startswith("creator:") and c not in known):
        problems.add(f"transfers name an unknown account {code}")
    return count


def _accrual_ref() -> ColumnElement[str]:
    """:func:`accrual_ref` in SQL."""
    a = ledger_accruals
    return literal("accrual:") + cast(a.c.run_id, String) + literal(":") + a.c.video_id


def _redemption_ref() -> ColumnElement[str]:
    return literal("redemption:") + redemptions.c.id


def _with_transfer(table: Any, ref: ColumnElement[str], kind: str) -> Any:
    """``table`` with its ``kind`` transfer (if any) joined on the reference."""
    t = ledger_transfers
    return table.outerjoin(t, and_(t.c.kind == kind, t.c.ref == ref))


_MOVED = (
    ledger_transfers.c.id.label("transfer_id"),
    ledger_transfers.c.debit_account,
    ledger_transfers.c.credit_account,
    ledger_transfers.c.amount.label("moved"),
)


def _compare(
    row: Row[Any], kind: str, want: tuple[str, str, int], what: str, problems: _Problems
) -> bool:
    """Whether the row has its ``kind`` transfer; a missing or different one is a problem."""
    if row.transfer_id is None:
        problems.add(f"{what}: missing its {kind} transfer")
        return False
    got = (row.debit_account, row.credit_account, int(row.moved))
    if got != want:
        problems.add(f"{what}: {kind} transfer is {got}, expected {want}")
    return True


def _check_accruals(conn: Connection, totals: _Totals, problems: _Problems) -> int:
    """Each accrual against the transfers its state requires (joined in the database)."""
    a = ledger_accruals
    for r in conn.execute(select(a).where(a.c.state.not_in(list(_ACCRUAL_TRANSFERS)))):
        problems.add(f"accrual {r.run_id}/{r.video_id} ({r.state}): unknown state")
    for kind, by_state in _ACCRUAL_KINDS.items():
        query = (
            select(a.c.run_id, a.c.video_id, a.c.creator_id, a.c.state, a.c.amount, a.c.clawed)
            .add_columns(*_MOVED)
            .select_from(_with_transfer(a, _accrual_ref(), kind))
            .where(a.c.state.in_(list(by_state)))
        )
        for r in _stream(conn, query):
            debit, credit, which = by_state[r.state]
            amount = int(r.amount) if which == "amount" else int(r.clawed)
            if amount == 0 and which == "clawed":
                continue  # nothing clawed back, no transfer expected
            acct = creator_account(r.creator_id)
            want = (
                acct if debit == "creator" else debit,
                acct if credit == "creator" else credit,
                amount,
            )
            what = f"accrual {r.run_id}/{r.video_id} ({r.state})"
            totals.matched[kind] += _compare(r, kind, want, what, problems)
    settles = (
        select(func.count(ledger_transfers.c.id))
        .select_from(_with_transfer(a, _accrual_ref(), "settle"))
        .where(a.c.state.in_(SETTLE_STATES))
    )
    totals.matched["settle"] += int(conn.execute(settles).scalar_one())
    held = select(func.coalesce(func.sum(a.c.amount), 0)).where(a.c.state == "held")
    return int(conn.execute(held).scalar_one())


def _check_redemptions(conn: Connection, totals: _Totals, problems: _Problems) -> dict[str, int]:
    r_ = redemptions
    for r in conn.execute(select(r_).where(r_.c.status.not_in(list(_REDEMPTION_TRANSFERS)))):
        problems.add(f"redemption {r.id} ({r.status}): unknown status")
    for kind, by_status in _REDEMPTION_KINDS.items():
        query = (
            select(r_.c.id, r_.c.creator_id, r_.c.status, r_.c.amount)
            .add_columns(*_MOVED)
            .select_from(_with_transfer(r_, _redemption_ref(), kind))
            .where(r_.c.status.in_(list(by_status)))
        )
        for r in _stream(conn, query):
            debit, credit = by_status[r.status]
            acct = creator_account(r.creator_id)
            want = (
                acct if debit == "creator" else debit,
                acct if credit == "creator" else credit,
                int(r.amount),
            )
            what = f"redemption {r.id} ({r.status})"
            totals.matched[kind] += _compare(r, kind, want, what, problems)
    summed = select(r_.c.status, func.sum(r_.c.amount)).group_by(r_.c.status)
    amounts = {str(status): int(total) for status, total in conn.execute(summed)}
    waiting_query = (
        select(r_.c.reward_id, func.count())
        .where(r_.c.status == "pending")
        .group_by(r_.c.reward_id)
    )
    pending = {str(reward_id): int(n) for reward_id, n in conn.execute(waiting_query)}
    for reward in conn.execute(select(shop.c.reward_id, shop.c.stock, shop.c.reserved)):
        if reward.stock is None:
            continue
        waiting = pending.get(reward.reward_id, 0)
        if int(reward.reserved) != waiting:
            problems.add(
                f"reward {reward.reward_id}: {reward.reserved} reserved but "
                f"{waiting} pending redemptions"
            )
        if int(reward.stock) < int(reward.reserved) or int(reward.stock) < 0:
            problems.add(f"reward {reward.reward_id}: stock {reward.stock} below reserved")
    return {status: amounts.get(status, 0) for status in ("pending", "fulfilled")}


def _check_system(
    sums: dict[str, int], held: int, redeemed: dict[str, int], problems: _Problems
) -> None:
    expected = {HELD: held, RESERVED: redeemed["pending"], REDEEMED: redeemed["fulfilled"]}
    for code, want in expected.items():
        if sums.get(code, 0) != want:
            problems.add(f"{code}: transfers sum to {sums.get(code, 0)}, expected {want}")


def _check_orphans(conn: Connection, totals: _Totals, problems: _Problems) -> None:
    """Transfers that no accrual or redemption explains.

    Every expected transfer found was counted per kind, and (kind, ref) is unique, so a kind
    with more transfers than found ones has orphans. Only then are they looked for one by one
    (the expected references of that kind held in memory: a tampered ledger's cost).
    """
    for kind in sorted(totals.kinds):
        if totals.kinds[kind] == totals.matched[kind]:
            continue
        expected = _expected_refs(conn, kind)
        t = ledger_transfers
        for row in _stream(conn, select(t.c.ref).where(t.c.kind == kind).order_by(t.c.ref)):
            if row.ref not in expected:
                problems.add(f"transfer {kind} {row.ref} belongs to no accrual or redemption")


def _expected_refs(conn: Connection, kind: str) -> set[str]:
    a, r = ledger_accruals, redemptions
    states = list(_ACCRUAL_KINDS.get(kind, {}))
    if kind == "settle":
        states = list(SETTLE_STATES)
    refs: set[str] = set()
    if states:
        query = select(_accrual_ref()).where(a.c.state.in_(states))
        if kind == "clawback":
            query = query.where(a.c.clawed != 0)
        refs.update(ref for (ref,) in _stream(conn, query))
    statuses = list(_REDEMPTION_KINDS.get(kind, {}))
    if statuses:
        query = select(_redemption_ref()).where(r.c.status.in_(statuses))
        refs.update(ref for (ref,) in _stream(conn, query))
    return refs


@contextmanager
def _snapshot(db: Database) -> Iterator[Connection]:
    """A read transaction that sees one consistent snapshot (REPEATABLE READ on PostgreSQL;
    a SQLite WAL read transaction already does)."""
    with db.engine.connect() as raw:
        conn = raw.execution_options(isolation_level="REPEATABLE READ") if db.is_postgres else raw
        with conn.begin():
            if db.is_postgres:
                # Every query here reads whole tables through a server-side cursor, which
                # PostgreSQL plans for the first tenth of the rows: with stale statistics
                # (a freshly loaded ledger) that was a nested loop over all transfers per
                # accrual, quadratic (30,000 accruals: 129 s). Plan for all the rows, no
                # nested loops: hash or merge joins (the same 30,000: under a second).
                conn.execute(text("SET LOCAL cursor_tuple_fraction = 1.0"))
                conn.execute(text("SET LOCAL enable_nestloop = off"))
            yield conn


def verify(db: Database) -> VerifyReport:
    """Check every ledger invariant; ``ok`` is False with one line per problem found."""
    problems = _Problems()
    with _snapshot(db) as conn:
        totals = _check_transfers(conn, problems)
        n_accounts = _check_accounts(conn, totals, problems)
        held = _check_accruals(conn, totals, problems)
        redeemed = _check_redemptions(conn, totals, problems)
        _check_system(totals.sums, held, redeemed, problems)
        _check_orphans(conn, totals, problems)
        for check in RUN_CHECKS:  # accruals against the runs that explain them, and so on
            problems.extend(check(conn))
    shown: list[str] = list(problems[:MAX_PROBLEMS])
    if len(problems) > MAX_PROBLEMS:
        shown.append(f"... and {len(problems) - MAX_PROBLEMS} more problems")
    return VerifyReport(not problems, shown, totals.count, n_accounts)
