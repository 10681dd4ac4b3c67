"""Per-transfer checksum: a SHA-256 over the fields that give a transfer its meaning.

``verify`` recomputes it for every transfer, so a row edited in the database without going
through the application (amount, accounts, kind, reference or time changed) is reported.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from hackoclock.ledger.clock import as_utc


def transfer_checksum(
    debit: str, credit: str, amount: int, kind: str, ref: str, created_at: datetime
) -> str:
    stamp = as_utc(created_at).strftime("%Y-%m-%dT%H:%M:%S.%f")
    payload = "\x1f".join((debit, credit, str(int(amount)), kind, ref, stamp))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
