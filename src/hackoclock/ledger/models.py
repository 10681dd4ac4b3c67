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


@dataclass(frozen=True)
class CreditChange:
    """What crediting a run would do for one creator (or, as ``CreditPreview.totals``, for all).

    ``to_post``: points credited (accruals; any debt they settle is in ``debt_settled``);
    ``already_paid``: points earlier credits already paid for the same views (value runs: the
    points of the videos' paid-views marks) or the same period (other methods), not paid again;
    ``clawed_back``: points taken back (from the balance, or recorded as debt: ``debt_added``);
    ``held``: points that go to the held account; ``superseded``: earlier held points returned.
    """

    creator_id: str
    videos: int = 0
    to_post: int = 0
    already_paid: int = 0
    clawed_back: int = 0
    debt_added: int = 0
    debt_settled: int = 0
    held: int = 0
    superseded: int = 0


@dataclass(frozen=True)
class CreditPreview:
    """The plan for crediting a run, computed without posting anything.

    ``token`` (None when refused) is a hash of the planned postings and of the state they were
    computed from; ``credit_run(..., confirm=token)`` posts only if the plan still gives it.
    """

    run_id: int
    method: str
    period_start: datetime
    period_end: datetime
    replace: bool
    creators: list[CreditChange]
    totals: CreditChange
    accruals: int
    refusals: list[str]
    token: str | None

    @property
    def refused(self) -> bool:
        return bool(self.refusals)
