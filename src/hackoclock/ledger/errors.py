"""Ledger domain errors (HTTP statuses for the API edge)."""

from __future__ import annotations

from hackoclock.errors import Conflict, HackoclockError, InvalidInput, InvalidTransition, NotFound

__all__ = [
    "Conflict",
    "CreditRefused",
    "HackoclockError",
    "InvalidInput",
    "InvalidTransition",
    "NotFound",
    "Overdrawn",
    "PlanChanged",
    "RunNotCreditable",
]


class RunNotCreditable(HackoclockError):
    """The scoring run has not finished, so its points cannot be credited."""

    status = 409
    code = "run_not_creditable"


class Overdrawn(HackoclockError):
    """A posting would take an account below zero (or names a creator account that does not
    exist); nothing may be kept of the transaction. The shop answers it as
    ``InsufficientPoints``."""

    status = 402
    code = "insufficient_points"


class CreditRefused(HackoclockError):
    """Crediting the run would pay something twice (or take back what it should not): refused
    before anything is posted; the message says why and what to do."""

    status = 409
    code = "credit_refused"


class PlanChanged(HackoclockError):
    """The crediting plan no longer matches the previewed one (its token)."""

    status = 409
    code = "plan_changed"
