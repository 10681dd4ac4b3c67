"""Frozen results the ledger services return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class AccrualState(StrEnum):
    """An accrual's lifecycle (the values stored in ``ledger_accruals.state``).

    ``posted``, ``held``, ``adjusted`` (a downward difference) and ``unchanged`` are written by
    crediting; a held accrual becomes ``released`` or ``voided`` by an operator, or
    ``superseded`` by a later run of the same period.
    """

    POSTED = "posted"
    HELD = "held"
    RELEASED = "released"
    VOIDED = "voided"
    SUPERSEDED = "superseded"
    ADJUSTED = "adjusted"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class CreditReport:
    """What one ``credit_run`` call posted (zero everywhere when the run was already credited)."""

    run_id: int
    videos_in_run: int
    accruals_written: int
    points_to_creators: int
    points_held: int
    points_clawed_back: int
    debt_added: int
    superseded: int
    chunks: int

    @property
    def already_credited(self) -> bool:
        return self.accruals_written == 0


@dataclass(frozen=True)
class TransferView:
    """A transfer seen from one creator's account: ``amount`` > 0 in, < 0 out."""

    id: int
    created_at: datetime
    kind: str
    ref: str
    amount: int
    counterparty: str


@dataclass(frozen=True)
class HeldItem:
    run_id: int
    video_id: str
    creator_id: str
    amount: int
    period_start: datetime
    period_end: datetime
    flags: object
    created_at: datetime


@dataclass(frozen=True)
class HeldResolution:
    """The outcome of releasing or voiding one held accrual."""

    run_id: int
    video_id: str
    creator_id: str
    amount: int
    state: AccrualState
    debt_settled: int
    operator: str


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    problems: list[str] = field(default_factory=list)
    transfers_checked: int = 0
    accounts_checked: int = 0
