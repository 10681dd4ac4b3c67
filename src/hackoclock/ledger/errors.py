"""Ledger domain errors (HTTP statuses for the API edge)."""

from __future__ import annotations

from hackoclock.errors import Conflict, HackoclockError, InvalidInput, NotFound

__all__ = [
    "Conflict",
    "CreditRefused",
    "HackoclockError",
    "InvalidInput",
    "InvalidTransition",
    "NotFound",
    "PlanChanged",
    "RunNotCreditable",
]


class InvalidTransition(HackoclockError):
    """A state change that the lifecycle does not allow (e.g. fulfilling a cancelled redemption)."""

    status = 409
    code = "invalid_transition"


class RunNotCreditable(HackoclockError):
    """The scoring run has not finished, so its points cannot be credited."""

    status = 409
    code = "run_not_creditable"


class CreditRefused(HackoclockError):
    """Crediting the run would pay something twice (or take back what it should not): refused
    before anything is posted; the message says why and what to do."""

    status = 409
    code = "credit_refused"


class PlanChanged(HackoclockError):
    """The crediting plan no longer matches the previewed one (its token)."""

    status = 409
    code = "plan_changed"
