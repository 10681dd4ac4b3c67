"""Parse counts as sources write them: 123, "1,234", "38.9K", "2M", "1.2B", 12.0."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

MAX_COUNT = 2**63 - 1
SUFFIXES = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
MISSING = frozenset({"", "null", "none", "nan", "n/a", "na", "-", "--"})


class NotACount(ValueError):
    """The value is present but is not a whole number of things."""


def parse_count(value: Any) -> int | None:
    """A count as an int, None when missing; raise NotACount when it is not a count.

    Sign is kept (validation decides what a negative means). Suffixes K/M/B multiply and the
    result is rounded to the nearest integer ("38.9K" -> 38900).
    """
    if value is None:
        return None
    if type(value) is int:
        if abs(value) > MAX_COUNT:
            raise NotACount(f"{value} is too large")
        return value
    if isinstance(value, bool):
        raise NotACount(f"{value!r} is a boolean")
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if not value.is_integer():
            raise NotACount(f"{value!r} is not a whole number")
        if abs(value) > MAX_COUNT:
            raise NotACount(f"{value!r} is too large")
        return int(value)
    if isinstance(value, str):
        return _parse_text(value)
    raise NotACount(f"{value!r} is not a number")


def _parse_text(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "").lower()
    if cleaned in MISSING:
        return None
    multiplier = 1
    for suffix in ("bn", "k", "m", "b"):
        if cleaned.endswith(suffix):
            multiplier = SUFFIXES[suffix]
            cleaned = cleaned[: -len(suffix)]
            break
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise NotACount(f"{text!r} is not a number") from None
    if not number.is_finite():
        raise NotACount(f"{text!r} is not a finite number")
    scaled = number * multiplier
    if abs(scaled) > MAX_COUNT:
        raise NotACount(f"{text!r} is too large")
    if multiplier == 1 and scaled != scaled.to_integral_value():
        raise NotACount(f"{text!r} is not a whole number")
    return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))
