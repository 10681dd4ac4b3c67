"""Demo mode's guards: loopback only, and never beside a real key.

Demo mode signs and verifies tokens with a *published* secret (the API) or lets anyone pick
any creator (the app), so whoever reaches a demo server is whoever they like. Hence:

- a demo server binds only to a loopback address (``serve api --demo`` / ``serve ui --demo``
  refuse any other), and the API in demo mode also answers only loopback clients, for a
  server started some other way (``uvicorn --factory ... --host 0.0.0.0``);
- demo mode and a real key never coexist: with ``HACKOCLOCK_DEMO_MODE`` on and a JWT secret,
  public key, JWKS or private key configured, tokens are neither signed nor verified and the
  servers refuse to start, because an environment variable left over from a demo must not
  quietly open a production process.
"""

from __future__ import annotations

import ipaddress

from hackoclock.auth.errors import AuthNotConfigured
from hackoclock.settings import Settings

LOOPBACK_NAMES = frozenset({"localhost"})
_KEY_SETTINGS = (
    ("jwt_secret", "HACKOCLOCK_JWT_SECRET"),
    ("jwt_public_key_file", "HACKOCLOCK_JWT_PUBLIC_KEY_FILE"),
    ("jwt_jwks_file", "HACKOCLOCK_JWT_JWKS_FILE"),
    ("jwt_private_key_file", "HACKOCLOCK_JWT_PRIVATE_KEY_FILE"),
)


class DemoModeRefused(AuthNotConfigured):
    """Demo mode was asked for where it is not allowed (HTTP 503, CLI exit code 2)."""

    code = "demo_mode_refused"


def is_loopback(host: str | None) -> bool:
    """True for ``localhost`` and any loopback IP (127.0.0.0/8, ``::1``, ``[::1]``)."""
    if not host:
        return False
    name = host.strip().lower()
    if name in LOOPBACK_NAMES:
        return True
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # another host name: it may resolve to anything


def real_keys(settings: Settings) -> list[str]:
    """The environment names of the real keys configured (empty when there are none)."""
    return [env for field, env in _KEY_SETTINGS if getattr(settings, field) is not None]


def check_demo_keys(settings: Settings) -> None:
    """Raise DemoModeRefused when demo mode is on beside a real key."""
    keys = real_keys(settings)
    if settings.demo_mode and keys:
        raise DemoModeRefused(
            f"demo mode (HACKOCLOCK_DEMO_MODE or --demo) is on but a real key is configured "
            f"({', '.join(keys)}); demo mode uses a published secret, so it never runs beside "
            "a real key: unset HACKOCLOCK_DEMO_MODE (production) or the key (a demo)"
        )


def check_demo_address(host: str) -> None:
    """Raise DemoModeRefused unless ``host`` is a loopback address."""
    if not is_loopback(host):
        raise DemoModeRefused(
            f"demo mode listens only on loopback (127.0.0.1, ::1 or localhost), not {host!r}: "
            "its secret is published, so anyone who reaches the port could act as anyone"
        )


def check_demo(settings: Settings, host: str) -> None:
    """Both guards, for a server about to start in demo mode (no-op when demo mode is off)."""
    if settings.demo_mode:
        check_demo_keys(settings)
        check_demo_address(host)
