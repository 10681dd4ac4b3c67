"""Verification and signing keys from the settings: HS256 secret, RS256 PEM or JWKS file.

Key files are read once and cached by (path, modification time, size), so a rotated file is
picked up without a restart and a busy server does not re-read the file per request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key

from hackoclock.auth.demo import check_demo_keys
from hackoclock.auth.errors import AuthError, AuthNotConfigured
from hackoclock.settings import Settings

HS256 = "HS256"
RS256 = "RS256"
# Only for demo mode (`serve api --demo`): a published secret, so never trust it in production.
DEMO_SECRET = "hackoclock-demo-secret-do-not-use-in-production"
MIN_SECRET_BYTES = 32


@dataclass(frozen=True)
class VerifyKeys:
    """What this deployment accepts: an HMAC secret and/or RSA public keys by ``kid``."""

    secret: bytes | None
    rsa_keys: dict[str | None, RSAPublicKey]  # key None: the single PEM key (no kid needed)

    @property
    def algorithms(self) -> list[str]:
        algs = []
        if self.secret is not None:
            algs.append(HS256)
        if self.rsa_keys:
            algs.append(RS256)
        return algs


def _file_stamp(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
    except OSError as exc:
        raise AuthNotConfigured(f"cannot read key file {path}: {exc.strerror}") from exc
    return (str(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=16)
def _load_public_pem(stamp: tuple[str, int, int]) -> RSAPublicKey:
    path = Path(stamp[0])
    try:
        key = load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise AuthNotConfigured(f"{path} is not a PEM public key: {exc}") from exc
    if not isinstance(key, RSAPublicKey):
        raise AuthNotConfigured(f"{path} is not an RSA public key")
    return key


@lru_cache(maxsize=16)
def _load_jwks(stamp: tuple[str, int, int]) -> dict[str | None, RSAPublicKey]:
    path = Path(stamp[0])
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AuthNotConfigured(f"{path} is not a JSON file: {exc}") from exc
    entries = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise AuthNotConfigured(f"{path} has no 'keys' list (not a JWKS)")
    keys: dict[str | None, RSAPublicKey] = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA":
            continue  # other key types are not ours to use
        if entry.get("alg", RS256) != RS256 or entry.get("use", "sig") != "sig":
            continue
        try:
            key = jwt.PyJWK.from_dict(entry, algorithm=RS256).key
        except jwt.PyJWTError as exc:
            raise AuthNotConfigured(f"{path}: bad key {entry.get('kid')!r}: {exc}") from exc
        keys[entry.get("kid")] = key
    if not keys:
        raise AuthNotConfigured(f"{path} holds no RS256 signing key")
    return keys


def secret_bytes(settings: Settings) -> bytes | None:
    """The HMAC secret in use: the configured one, the demo one in demo mode, or None.

    Demo mode beside a real key is refused (``DemoModeRefused``), never resolved quietly.
    """
    check_demo_keys(settings)
    if settings.jwt_secret is not None:
        value = settings.jwt_secret.get_secret_value().encode()
        if len(value) < MIN_SECRET_BYTES:
            raise AuthNotConfigured(f"the JWT secret must be at least {MIN_SECRET_BYTES} bytes")
        return value
    if settings.demo_mode:
        return DEMO_SECRET.encode()
    return None


def verify_keys(settings: Settings) -> VerifyKeys:
    """The keys tokens are checked against; raises AuthNotConfigured when there are none."""
    rsa: dict[str | None, RSAPublicKey] = {}
    if settings.jwt_public_key_file is not None:
        rsa[None] = _load_public_pem(_file_stamp(settings.jwt_public_key_file))
    if settings.jwt_jwks_file is not None:
        rsa.update(_load_jwks(_file_stamp(settings.jwt_jwks_file)))
    keys = VerifyKeys(secret=secret_bytes(settings), rsa_keys=rsa)
    if not keys.algorithms:
        raise AuthNotConfigured(
            "no JWT secret or public key configured (set HACKOCLOCK_JWT_SECRET, "
            "HACKOCLOCK_JWT_PUBLIC_KEY_FILE or HACKOCLOCK_JWT_JWKS_FILE, or use demo mode)"
        )
    return keys


def rsa_key_for(keys: VerifyKeys, kid: str | None) -> RSAPublicKey:
    """The RSA key a token names by ``kid``; without a kid, the only key there is."""
    if kid is not None and kid in keys.rsa_keys:
        return keys.rsa_keys[kid]
    if kid is None and len(keys.rsa_keys) == 1:
        return next(iter(keys.rsa_keys.values()))
    if kid is not None and set(keys.rsa_keys) == {None}:
        return keys.rsa_keys[None]  # a single PEM key accepts any kid
    raise AuthError("token signed with an unknown key")


@lru_cache(maxsize=4)
def _load_private_pem(stamp: tuple[str, int, int]) -> RSAPrivateKey:
    path = Path(stamp[0])
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise AuthNotConfigured(f"{path} is not an unencrypted PEM private key: {exc}") from exc
    if not isinstance(key, RSAPrivateKey):
        raise AuthNotConfigured(f"{path} is not an RSA private key")
    return key


def signing_key(settings: Settings) -> tuple[str, bytes | RSAPrivateKey]:
    """(algorithm, key) for tokens this app signs: the HMAC secret, else the RSA private key."""
    secret = secret_bytes(settings)
    if secret is not None:
        return HS256, secret
    if settings.jwt_private_key_file is not None:
        return RS256, _load_private_pem(_file_stamp(settings.jwt_private_key_file))
    raise AuthNotConfigured(
        "cannot sign tokens: set HACKOCLOCK_JWT_SECRET (HS256) or "
        "HACKOCLOCK_JWT_PRIVATE_KEY_FILE (RS256), or use demo mode"
    )
