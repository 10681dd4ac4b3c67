"""Ledger domain errors (HTTP statuses for the API edge)."""

from __future__ import annotations

from hackoclock.errors import Conflict, HackoclockError, InvalidInput, InvalidTransition, NotFound

__all__ = [
    "Conflict",
    "HackoclockError",
    "InvalidInput",
    "InvalidTransition",
    "NotFound",
    "Overdrawn",
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
