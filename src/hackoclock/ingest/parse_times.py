"""Parse timestamps as sources write them: Unix seconds or milliseconds, ISO 8601."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

MIN_YEAR = 2000
MAX_YEAR = 2100
MS_THRESHOLD = 100_000_000_000  # numbers above this are milliseconds (year 5138 in seconds)
# Unix seconds of 2000-01-01T00:00:00Z and 2100-12-31T23:59:59Z: whole seconds in between
# are read without further checks (the common case).
_FIRST_SECOND = 946_684_800
_LAST_SECOND = 4_133_980_799


class BadTimestamp(ValueError):
    """The value is present but is not a readable point in time."""


def parse_timestamp(value: Any) -> datetime | None:
    """A timezone-aware UTC datetime (whole seconds), None when missing.

    Naive ISO strings are read as UTC. Years outside 2000..2100 are rejected as unreadable.
    """
    if type(value) is int and _FIRST_SECOND <= value <= _LAST_SECOND:
        return datetime.fromtimestamp(value, tz=UTC)
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadTimestamp(f"{value!r} is not a time")
    if isinstance(value, int | float):
        return _from_epoch(float(value), value)
    if not isinstance(value, str):
        raise BadTimestamp(f"{value!r} is not a time")
    text = value.strip()
    if not text or text.lower() in ("null", "none", "nan"):
        return None
    try:
        return _from_epoch(float(text), value)
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BadTimestamp(f"{value!r} is not a readable time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return _checked(parsed.astimezone(UTC).replace(microsecond=0), value)


def _from_epoch(number: float, original: Any) -> datetime:
    if number != number:
        raise BadTimestamp(f"{original!r} is not a time")
    if abs(number) >= MS_THRESHOLD:
        number /= 1000
    try:
        moment = datetime.fromtimestamp(int(number), tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise BadTimestamp(f"{original!r} is out of range") from None
    return _checked(moment, original)


def _checked(moment: datetime, original: Any) -> datetime:
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise BadTimestamp(f"{original!r} is outside {MIN_YEAR}..{MAX_YEAR}")
    return moment
