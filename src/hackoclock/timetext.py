"""Dates, times and periods as people type them (CLI options, API fields): one parser.

- a moment is an ISO 8601 date (``2026-12-01``, midnight) or date-time (``2026-12-01T09:30``,
  ``2026-12-01T09:30:00Z``, ``2026-12-01 09:30+01:00``); without a zone it is UTC, unless the
  caller asks for a zone (``naive="reject"``: the API, whose clients send explicit times);
- a period is ``START..END`` (either side may be empty: open-ended) and must start before it ends.

Bad input raises ``InvalidInput`` naming the option or field and showing an example, which the
front ends turn into exit code 2 (CLI) or a 422 (API).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from hackoclock.errors import InvalidInput

EXAMPLE = "e.g. 2026-12-01 or 2026-12-01T09:30:00Z"
PERIOD_EXAMPLE = "e.g. 2026-12-01..2026-12-08"

Naive = Literal["utc", "reject"]


def parse_moment(text: str, *, what: str = "time", naive: Naive = "utc") -> datetime:
    """An aware datetime from ISO 8601 text (see the module docstring)."""
    cleaned = text.strip()
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise InvalidInput(f"{what}: not an ISO date or date-time: {text!r} ({EXAMPLE})") from None
    if moment.tzinfo is not None:
        return moment
    if naive == "reject":
        raise InvalidInput(f"{what}: {text!r} needs a time zone, e.g. 2026-12-01T09:30:00Z")
    return moment.replace(tzinfo=UTC)


def parse_optional_moment(
    text: str | None, *, what: str = "time", naive: Naive = "utc"
) -> datetime | None:
    """``parse_moment``, with None (or blank text) for no moment."""
    if text is None or not text.strip():
        return None
    return parse_moment(text, what=what, naive=naive)


def check_order(start: datetime | None, end: datetime | None, *, what: str = "period") -> None:
    """Raise unless ``start`` is before ``end`` (an open end is always fine)."""
    if start is not None and end is not None and end <= start:
        raise InvalidInput(f"the {what} must start before it ends ({start} .. {end})")


def parse_period(
    text: str | None, *, what: str = "--period"
) -> tuple[datetime | None, datetime | None]:
    """``START..END`` of moments (UTC unless a zone is given); either side may be empty."""
    if text is None or not text.strip():
        return None, None
    if ".." not in text:
        raise InvalidInput(f"{what} must look like START..END ({PERIOD_EXAMPLE}), got {text!r}")
    left, right = text.split("..", 1)
    start = parse_optional_moment(left, what=f"{what} start")
    end = parse_optional_moment(right, what=f"{what} end")
    check_order(start, end)
    return start, end
