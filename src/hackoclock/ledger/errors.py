"""Ledger domain errors (HTTP statuses for the API edge)."""

from __future__ import annotations

from hackoclock.errors import Conflict, HackoclockError, InvalidInput, NotFound

__all__ = [
    "Conflict",
    "HackoclockError",
    "InvalidInput",
    "InvalidTransition",
    "NotFound",
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
