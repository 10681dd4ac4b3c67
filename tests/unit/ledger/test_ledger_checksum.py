"""Transfer checksums change when any field that gives a transfer meaning changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hackoclock.ledger.checksum import transfer_checksum

T = datetime(2026, 11, 28, 12, 0, 0, 123456, tzinfo=UTC)
BASE = ("creator:a", "sys:reserved", 100, "reserve", "redemption:1", T)


def test_the_checksum_is_stable_for_the_same_transfer() -> None:
    assert transfer_checksum(*BASE) == transfer_checksum(*BASE)
    assert len(transfer_checksum(*BASE)) == 64


def test_every_field_changes_the_checksum() -> None:
    original = transfer_checksum(*BASE)
    variants = [
        ("creator:b", *BASE[1:]),
        (BASE[0], "sys:redeemed", *BASE[2:]),
        (*BASE[:2], 101, *BASE[3:]),
        (*BASE[:3], "redeem", *BASE[4:]),
        (*BASE[:4], "redemption:2", T),
        (*BASE[:5], T + timedelta(microseconds=1)),
    ]
    assert all(transfer_checksum(*v) != original for v in variants)  # type: ignore[arg-type]


def test_the_same_instant_in_another_zone_or_naive_utc_gives_the_same_checksum() -> None:
    other_zone = T.astimezone(timezone(timedelta(hours=8)))
    naive = T.replace(tzinfo=None)
    assert transfer_checksum(*BASE[:5], other_zone) == transfer_checksum(*BASE)
    assert transfer_checksum(*BASE[:5], naive) == transfer_checksum(*BASE)
