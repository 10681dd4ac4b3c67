"""The redeem-with-confirmation flow, kept in session state so reruns never redeem twice.

Clicking "Redeem" on a reward opens a confirmation holding a fresh idempotency key. "Confirm"
sends that key to the shop; the shop charges a (creator, key) pair once, so a double click or a
rerun that repeats the call gets the same redemption back. The key is dropped only when the
confirmation closes (done or cancelled); the next "Redeem" makes a new one.

Works on any mutable mapping (``st.session_state`` in the app, a dict in unit tests).
"""

from __future__ import annotations

import uuid
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

PENDING_KEY = "hk_page_pending_redemption"


# ``st.session_state`` is a MutableMapping keyed by str | int; a plain dict fits too.
State = MutableMapping[Any, Any]


@dataclass(frozen=True, slots=True)
class PendingRedemption:
    """A redemption waiting for the creator's confirmation, with its one idempotency key."""

    creator_id: str
    reward_id: str
    idempotency_key: str


def begin(state: State, creator_id: str, reward_id: str) -> PendingRedemption:
    """Open the confirmation for ``reward_id``; reopening the same one keeps its key."""
    current = pending(state, creator_id)
    if current is not None and current.reward_id == reward_id:
        return current
    fresh = PendingRedemption(creator_id, reward_id, f"ui-{uuid.uuid4()}")
    state[PENDING_KEY] = fresh
    return fresh


def pending(state: State, creator_id: str) -> PendingRedemption | None:
    """The open confirmation for this creator, if any (another creator's is ignored)."""
    value = state.get(PENDING_KEY)
    if isinstance(value, PendingRedemption) and value.creator_id == creator_id:
        return value
    return None


def close(state: State) -> None:
    """Close the confirmation (after success, or when the creator cancels)."""
    state.pop(PENDING_KEY, None)
