"""Create and verify bearer JWTs (claims ``sub``, ``role``, ``exp``; HS256 or RS256).

Verification trusts nothing in the token before the signature checks out: the algorithm must
be one this deployment is configured for (``none`` never is), HS256 is checked only against the
HMAC secret and RS256 only against the RSA public keys, so an HS256 token "signed" with the
public key (algorithm confusion) fails like any other bad signature.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from hackoclock.auth.errors import AuthError
from hackoclock.auth.keys import HS256, RS256, rsa_key_for, signing_key, verify_keys
from hackoclock.auth.principal import ROLES, Principal, Role
from hackoclock.settings import Settings

MAX_SUB_LENGTH = 64
MAX_TOKEN_LENGTH = 8192
REQUIRED_CLAIMS = ("exp", "sub", "role")
_TTL_RE = re.compile(r"^\s*(\d+)\s*([smhdw]?)\s*$")
_TTL_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_ttl(text: str) -> timedelta:
    """'90', '90s', '15m', '1h', '7d', '2w' -> timedelta (must be positive)."""
    match = _TTL_RE.match(text)
    if not match or int(match.group(1)) <= 0:
        raise ValueError(f"bad TTL {text!r}: use a positive number with s, m, h, d or w")
    return timedelta(seconds=int(match.group(1)) * _TTL_UNITS[match.group(2)])


def _check_identity(sub: object, role: object) -> tuple[str, Role]:
    if not isinstance(sub, str) or not sub.strip() or len(sub) > MAX_SUB_LENGTH:
        raise AuthError(f"token 'sub' must be a non-empty string of at most {MAX_SUB_LENGTH}")
    if role not in ROLES:
        raise AuthError("token 'role' must be 'creator' or 'operator'")
    return sub, role  # type: ignore[return-value]


def create_token(
    settings: Settings,
    *,
    sub: str,
    role: Role,
    ttl: timedelta | int,
    now: datetime | None = None,
) -> str:
    """A signed token for ``sub`` with ``role`` that expires after ``ttl`` (seconds or delta)."""
    _check_identity(sub, role)
    lifetime = ttl if isinstance(ttl, timedelta) else timedelta(seconds=ttl)
    if lifetime <= timedelta(0):
        raise ValueError("ttl must be positive")
    issued = now or datetime.now(UTC)
    claims: dict[str, Any] = {"sub": sub, "role": role, "iat": issued, "exp": issued + lifetime}
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    alg, key = signing_key(settings)
    headers = {"kid": settings.jwt_key_id} if alg == RS256 and settings.jwt_key_id else None
    return jwt.encode(claims, key, algorithm=alg, headers=headers)


def _header(token: str) -> dict[str, Any]:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise AuthError("malformed token")
    try:
        return jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise AuthError("malformed token") from exc


def verify_token(settings: Settings, token: str) -> Principal:
    """The Principal a valid token names; AuthError for anything else."""
    header = _header(token)
    keys = verify_keys(settings)
    alg = header.get("alg")
    if alg not in keys.algorithms:
        raise AuthError(f"token algorithm {alg!r} is not accepted")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise AuthError("malformed token")
    key: Any = keys.secret if alg == HS256 else rsa_key_for(keys, kid)
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[alg],
            leeway=settings.jwt_leeway_s,
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": list(REQUIRED_CLAIMS), "verify_aud": bool(settings.jwt_audience)},
        )
    except jwt.ExpiredSignatureError as exc:
        raise AuthError("token expired") from exc
    except jwt.InvalidSignatureError as exc:
        raise AuthError("token signature is not valid") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise AuthError(f"token lacks the {exc.claim!r} claim") from exc
    except jwt.PyJWTError as exc:
        raise AuthError(f"invalid token: {exc}") from exc
    sub, role = _check_identity(claims.get("sub"), claims.get("role"))
    return Principal(sub=sub, role=role)
