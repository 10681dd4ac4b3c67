"""Authentication errors: a token that is missing, malformed, expired or not ours."""

from __future__ import annotations

from hackoclock.errors import HackoclockError


class AuthError(HackoclockError):
    """The caller could not be authenticated (HTTP 401)."""

    status = 401
    code = "unauthorized"


class AuthNotConfigured(HackoclockError):
    """No JWT secret or key is configured (and demo mode is off)."""

    status = 503
    code = "auth_not_configured"
