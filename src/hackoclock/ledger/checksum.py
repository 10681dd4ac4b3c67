"""Per-transfer checksum: a SHA-256 over the fields that give a transfer its meaning.

``verify`` recomputes it for every transfer, so a row edited in the database without going
through the application (amount, accounts, kind, reference or time changed) is reported.

The payload is defined once, here: debit, credit, amount, kind, ref and ``created_at`` (UTC,
microseconds), joined by ``SEP``. It is rendered twice from that one definition: in Python
(``transfer_checksum``) and in SQL (``checksum_sql``) for a transfer posted inside one
PostgreSQL statement whose amount only the database knows. Both split the payload the same way,
around the amount: ``head`` (debit, credit) + amount + ``tail`` (kind, ref, time).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import Text, bindparam, cast, func, literal_column
from sqlalchemy.sql.elements import ColumnElement

from hackoclock.ledger.clock import as_utc

SEP = "\x1f"
STAMP = "%Y-%m-%dT%H:%M:%S.%f"


def _around_amount(
    debit: str, credit: str, kind: str, ref: str, created_at: datetime
) -> tuple[str, str]:
    """The payload before and after the amount."""
    stamp = as_utc(created_at).strftime(STAMP)
    return SEP.join((debit, credit)) + SEP, SEP + SEP.join((kind, ref, stamp))


def transfer_checksum(
    debit: str, credit: str, amount: int, kind: str, ref: str, created_at: datetime
) -> str:
    head, tail = _around_amount(debit, credit, kind, ref, created_at)
    payload = head + str(int(amount)) + tail
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def checksum_sql(amount: ColumnElement[Any], prefix: str) -> ColumnElement[str]:
    """The checksum in PostgreSQL for a transfer whose ``amount`` is a SQL expression.

    The other fields come as two bound parameters, ``<prefix>sum_head`` and
    ``<prefix>sum_tail``, whose values ``checksum_params`` gives.
    """
    head = bindparam(f"{prefix}sum_head", type_=Text())
    tail = bindparam(f"{prefix}sum_tail", type_=Text())
    payload = head + cast(amount, Text) + tail
    digest = func.sha256(func.convert_to(payload, literal_column("'UTF8'")))
    return func.encode(digest, literal_column("'hex'"))


def checksum_params(
    prefix: str, debit: str, credit: str, kind: str, ref: str, created_at: datetime
) -> dict[str, str]:
    """The values of ``checksum_sql``'s parameters for one transfer."""
    head, tail = _around_amount(debit, credit, kind, ref, created_at)
    return {f"{prefix}sum_head": head, f"{prefix}sum_tail": tail}
