"""The ledger's service functions (front ends call these; all take the Database first)."""

from __future__ import annotations

from hackoclock.ledger.credit import credit_run, preview_credit
from hackoclock.ledger.held import list_held, release_held, void_held
from hackoclock.ledger.marks import marks_of, read_marks
from hackoclock.ledger.models import (
    CreditChange,
    CreditPreview,
    CreditReport,
    HeldItem,
    HeldResolution,
    TransferView,
    VerifyReport,
)
from hackoclock.ledger.queries import balance, debt, history, lifetime_points
from hackoclock.ledger.verify import verify

__all__ = [
    "CreditChange",
    "CreditPreview",
    "CreditReport",
    "HeldItem",
    "HeldResolution",
    "TransferView",
    "VerifyReport",
    "balance",
    "credit_run",
    "debt",
    "history",
    "lifetime_points",
    "list_held",
    "marks_of",
    "preview_credit",
    "read_marks",
    "release_held",
    "verify",
    "void_held",
]
