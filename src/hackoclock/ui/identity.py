"""Who is using the app: the signed-in Principal and how they signed in (pure, no Streamlit)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from hackoclock.auth import ROLES, AuthError, Principal

Via = Literal["token", "oidc", "demo"]

# Claims an OIDC identity provider must send so the app knows which creator (or operator) the
# person is. The provider's own ``sub`` is an opaque id and is never taken as a creator id.
OIDC_SUB_CLAIM = "hackoclock_sub"
OIDC_ROLE_CLAIM = "hackoclock_role"


@dataclass(frozen=True, slots=True)
class Identity:
    """A signed-in person: the verified principal and the way they proved it."""

    principal: Principal
    via: Via

    @property
    def is_demo(self) -> bool:
        return self.via == "demo"

    @property
    def label(self) -> str:
        """How the sidebar names this person: 'creator 6745191554350760966 (token)'."""
        return f"{self.principal.role} {self.principal.sub} ({self.via})"


def principal_from_claims(claims: Mapping[str, object]) -> Principal:
    """The Principal an OIDC login names through the ``hackoclock_sub``/``hackoclock_role`` claims.

    Raises AuthError when the claims are missing or malformed: signing in somebody as a creator
    we cannot name would show them nobody's data, or worse, somebody else's.
    """
    sub = claims.get(OIDC_SUB_CLAIM)
    role = claims.get(OIDC_ROLE_CLAIM, "creator")
    if not isinstance(sub, str) or not sub.strip():
        raise AuthError(
            f"your identity provider sent no '{OIDC_SUB_CLAIM}' claim; "
            "ask an operator to link your account to your creator id"
        )
    if role not in ROLES:
        raise AuthError(f"'{OIDC_ROLE_CLAIM}' must be 'creator' or 'operator', not {role!r}")
    return Principal(sub=sub.strip(), role=role)  # type: ignore[arg-type]
