"""Domain errors. Raised by services; translated only at the edges (HTTP status, exit code)."""

from __future__ import annotations


class HackoclockError(Exception):
    """Base of every error a user can cause. ``status`` is the HTTP status an API maps it to."""

    status: int = 400
    code: str = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(HackoclockError):
    status = 404
    code = "not_found"


class InvalidInput(HackoclockError):
    status = 422
    code = "invalid_input"


class Conflict(HackoclockError):
    status = 409
    code = "conflict"


class InvalidTransition(HackoclockError):
    """A state change its lifecycle does not allow (fulfilling a cancelled redemption, releasing
    an accrual that is not held)."""

    status = 409
    code = "invalid_transition"
