"""Points move through one door: only ``ledger/transfers.py`` writes transfers and balances,
and what it does to balances, debt and lifetime points follows from the transfers alone."""

from __future__ import annotations

import ast
import hashlib
import itertools
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hackoclock.ledger.accounts import HELD, ISSUANCE, RESERVED, creator_account
from hackoclock.ledger.checksum import SEP, checksum_params, transfer_checksum
from hackoclock.ledger.rules import PriorHeld, VideoInput, plan_credit
from hackoclock.ledger.transfers import (
    AccountChange,
    Posting,
    account_changes,
    one_statement_params,
)

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "src" / "hackoclock"
DOOR = "ledger/transfers.py"
MONEY_TABLES = {"ledger_transfers", "ledger_accounts"}
MONEY_COLUMNS = {"balance", "debt", "total_points"}
RAW_WRITE = re.compile(
    r"\b(insert\s+into|update|delete\s+from)\s+(ledger_transfers|ledger_accounts)\b", re.I
)
SHOP_TABLES = {"shop", "redemptions", "exposure_grants"}


def _called_name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _names(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


def money_writes(path: Path, root: Path) -> list[str]:
    """Statements in a file that write transfers or change balances, debt or lifetime points."""
    tree = ast.parse(path.read_text(), filename=str(path))
    where = str(path.relative_to(root))
    hits: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = _called_name(node.func)
            table = _names(node.args[0]) if node.args else ""
            if called in {"update", "delete"} and table in MONEY_TABLES:
                hits.append(f"{where}:{node.lineno} {called}({table})")
            if called == "insert" and table == "ledger_transfers":
                hits.append(f"{where}:{node.lineno} insert({table})")
            if (
                called in {"insert", "update", "delete"}
                and isinstance(node.func, ast.Attribute)
                and _names(node.func.value) in MONEY_TABLES
            ):
                hits.append(f"{where}:{node.lineno} {_names(node.func.value)}.{called}()")
            if called == "values":
                for kw in node.keywords:
                    if kw.arg in MONEY_COLUMNS:
                        hits.append(f"{where}:{node.lineno} .values({kw.arg}=...)")
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and RAW_WRITE.search(node.value)
        ):
            hits.append(f"{where}:{node.lineno} SQL text writing a ledger table")
    return hits


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_no_module_but_the_door_writes_transfers_or_balances() -> None:
    hits = [
        hit
        for path in _sources()
        if path.relative_to(PACKAGE).as_posix() != DOOR
        for hit in money_writes(path, PACKAGE)
    ]
    assert hits == [], "points move only through ledger/transfers.py: " + ", ".join(hits)


def test_the_door_itself_is_seen_writing(tmp_path: Path) -> None:
    assert money_writes(PACKAGE / DOOR, PACKAGE)  # the check would see a copy elsewhere


@pytest.mark.parametrize(
    "source",
    [
        "update(ledger_accounts).values(x=1)",
        "insert(ledger_transfers)",
        "stmt.values(balance=ledger_accounts.c.balance - 5)",
        "update(creators).values(total_points=creators.c.total_points + 1)",
        "conn.exec_driver_sql('UPDATE ledger_accounts SET balance = 0')",
        "text('insert into ledger_transfers (amount) values (1)')",
        "ledger_transfers.insert()",
    ],
)
def test_the_check_sees_each_way_of_writing_points(tmp_path: Path, source: str) -> None:
    probe = tmp_path / "sneaky.py"
    probe.write_text(source + "\n")
    assert len(money_writes(probe, tmp_path)) >= 1


def test_the_shops_tables_are_defined_in_the_shops_table_module_only() -> None:
    defined: dict[str, list[str]] = {}
    for path in _sources():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _called_name(node.func) == "Table"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value in SHOP_TABLES
            ):
                defined.setdefault(str(node.args[0].value), []).append(
                    path.relative_to(PACKAGE).as_posix()
                )
    assert defined == {name: ["db/tables_shop.py"] for name in SHOP_TABLES}


def test_there_is_one_redeeming_path_besides_the_quick_mode() -> None:
    assert not (PACKAGE / "shop" / "charge.py").exists()


def test_the_checksum_payload_is_laid_out_in_one_module_only() -> None:
    """The separator and the SQL rendering of the checksum live in ``ledger/checksum.py``."""
    layout = [p.relative_to(PACKAGE).as_posix() for p in _sources() if "\\x1f" in p.read_text()]
    in_sql = [
        p.relative_to(PACKAGE).as_posix() for p in _sources() if "func.sha256" in p.read_text()
    ]
    assert layout == in_sql == ["ledger/checksum.py"]


# --- what the door does to accounts, derived from the postings ---------------------------


def test_a_release_that_settles_debt_changes_balance_debt_and_lifetime_by_the_rest() -> None:
    acct = creator_account("ann")
    changes = account_changes(
        [Posting(HELD, acct, 50, "release", "r"), Posting(acct, ISSUANCE, 20, "settle", "r")]
    )
    assert changes == {acct: AccountChange(balance=30, debt=-20, earned=30)}


def test_redeeming_moves_the_balance_but_not_the_lifetime_points() -> None:
    acct = creator_account("ann")
    assert account_changes([Posting(acct, RESERVED, 40, "reserve", "x")]) == {
        acct: AccountChange(balance=-40)
    }
    assert account_changes([Posting(RESERVED, acct, 40, "unreserve", "x")]) == {
        acct: AccountChange(balance=40)
    }


def test_system_accounts_get_no_change_and_debt_added_is_counted() -> None:
    acct = creator_account("bo")
    changes = account_changes([Posting(ISSUANCE, HELD, 9, "hold", "h")], {acct: 7})
    assert changes == {acct: AccountChange(debt=7)}


@pytest.mark.parametrize(
    "bad",
    [Posting("a", "b", 0, "accrual", "r"), Posting("a", "a", 5, "accrual", "r")],
)
def test_the_door_refuses_an_empty_or_circular_transfer(bad: Posting) -> None:
    with pytest.raises(ValueError):
        account_changes([bad])


def _inputs(creator: str, spec: tuple[int, int, bool, bool, int]) -> VideoInput:
    points, settled, held, voided, prior = spec
    return VideoInput(
        video_id=f"v{points}-{settled}-{held}-{voided}-{prior}",
        creator_id=creator,
        points=points,
        eligible=True,
        held=held,
        settled=settled,
        prior_held=(PriorHeld(1, prior),) if prior else (),
        voided=voided,
    )


SPECS = list(itertools.product((0, 40, 100), (0, 60, 100), (False, True), (False, True), (0, 30)))


@pytest.mark.parametrize(("balance", "debt"), [(0, 0), (25, 0), (0, 80), (500, 35)])
def test_the_door_derives_from_a_crediting_plan_exactly_what_the_plan_computed(
    balance: int, debt: int
) -> None:
    items = [_inputs("ann", s) for s in SPECS[::3]] + [_inputs("bo", s) for s in SPECS[1::3]]
    plan = plan_credit(7, items, {"ann": (balance, debt), "bo": (debt, balance)})
    debt_added: dict[str, int] = {}
    for a in plan.accruals:
        code = creator_account(a.creator_id)
        debt_added[code] = debt_added.get(code, 0) + a.debt_added
    derived = account_changes(plan.postings, debt_added)
    planned = {
        creator_account(c): AccountChange(e.balance, e.debt, e.earned)
        for c, e in plan.effects.items()
        if e.balance or e.debt or e.earned
    }
    assert {c: v for c, v in derived.items() if v != AccountChange()} == planned


# --- one checksum definition ------------------------------------------------------------

WHEN = datetime(2026, 12, 8, 1, 2, 3, 456789, tzinfo=UTC)


def test_the_checksum_covers_the_documented_payload() -> None:
    payload = SEP.join(
        ("creator:a", RESERVED, "500", "reserve", "redemption:1", "2026-12-08T01:02:03.456789")
    )
    want = hashlib.sha256(payload.encode()).hexdigest()
    assert transfer_checksum("creator:a", RESERVED, 500, "reserve", "redemption:1", WHEN) == want


def test_the_sql_rendering_takes_the_same_payload_around_the_amount() -> None:
    params = checksum_params("p_", "creator:a", RESERVED, "reserve", "redemption:1", WHEN)
    payload = params["p_sum_head"] + "500" + params["p_sum_tail"]
    assert hashlib.sha256(payload.encode()).hexdigest() == transfer_checksum(
        "creator:a", RESERVED, 500, "reserve", "redemption:1", WHEN
    )


@pytest.mark.parametrize(
    ("debit", "credit", "kind"),
    [
        (ISSUANCE, creator_account("a"), "accrual"),  # not out of a creator account
        (creator_account("a"), creator_account("b"), "reserve"),  # two balances
        (creator_account("a"), ISSUANCE, "clawback"),  # lifetime points too
    ],
)
def test_the_one_statement_mode_takes_only_a_plain_debit(
    debit: str, credit: str, kind: str
) -> None:
    with pytest.raises(ValueError):
        one_statement_params(debit, credit, kind, "ref", WHEN)
