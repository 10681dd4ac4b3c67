"""Bearer-token authentication: ``create_token`` / ``verify_token`` -> ``Principal``."""

from hackoclock.auth.errors import AuthError, AuthNotConfigured
from hackoclock.auth.keys import DEMO_SECRET
from hackoclock.auth.principal import ROLES, Principal, Role
from hackoclock.auth.tokens import create_token, parse_ttl, verify_token

__all__ = [
    "DEMO_SECRET",
    "ROLES",
    "AuthError",
    "AuthNotConfigured",
    "Principal",
    "Role",
    "create_token",
    "parse_ttl",
    "verify_token",
]
