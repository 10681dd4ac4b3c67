"""Numbers written the way people read them: 12.3K views, 1.2M, 12,345 points."""

from __future__ import annotations

from datetime import datetime

_UNITS = (("T", 10**12), ("B", 10**9), ("M", 10**6), ("K", 10**3))
MISSING = "—"


def compact(value: int | None) -> str:
    """A count in at most four characters plus a unit: 999, 12.3K, 1.2M, 3B.

    One decimal below 100 of a unit, none above; rounding that reaches the next unit moves up
    (999,950 is "1M", not "1000K"). ``None`` (a count the source did not carry) is a dash.
    """
    if value is None:
        return MISSING
    sign = "-" if value < 0 else ""
    n = abs(int(value))
    if n < 1000:
        return f"{sign}{n}"
    for index, (unit, size) in enumerate(_UNITS):
        if n < size:
            continue
        text = _scaled(n, size)
        if float(text) >= 1000 and index > 0:
            bigger_unit, bigger_size = _UNITS[index - 1]
            return f"{sign}{_scaled(n, bigger_size)}{bigger_unit}"
        return f"{sign}{text}{unit}"
    return f"{sign}{n}"  # pragma: no cover - the loop always returns for n >= 1000


def _scaled(n: int, size: int) -> str:
    """``n / size`` with one decimal under 100, none from 100 up; a trailing ".0" dropped."""
    scaled = n / size
    text = f"{scaled:.1f}" if round(scaled, 1) < 100 else f"{scaled:.0f}"
    return text.removesuffix(".0")


def points(value: int | None) -> str:
    """Points with thousands separators: 12,345 pts. Points are integers, never rounded away."""
    if value is None:
        return MISSING
    return f"{int(value):,} pts"


def number(value: int | None) -> str:
    """An integer with thousands separators (12,345)."""
    if value is None:
        return MISSING
    return f"{int(value):,}"


def percent(fraction: float | None, *, digits: int = 0) -> str:
    """A 0..1 fraction as a percentage: 0.375 -> "38%"."""
    if fraction is None:
        return MISSING
    return f"{fraction * 100:.{digits}f}%"


def when(moment: datetime | None) -> str:
    """A timestamp in UTC, to the minute: 2026-11-28 18:09 UTC."""
    if moment is None:
        return MISSING
    return moment.strftime("%Y-%m-%d %H:%M UTC")


_MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~$:")


def plain(text: str | None) -> str:
    """User text (captions, usernames) made safe inside Streamlit markdown: every markdown
    character is backslash-escaped, so "[x](javascript:...)" or "<b>" shows as typed."""
    if text is None:
        return MISSING
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)


EPOCH_YEAR = 1970  # a scoring run without a start scores everything since the epoch


def span(start: datetime, end: datetime) -> str:
    """A period in days: '2020-12-01 to 2020-12-08', or 'all time to 2026-11-28'."""
    first = "all time" if start.year <= EPOCH_YEAR else f"{start:%Y-%m-%d}"
    return f"{first} to {end:%Y-%m-%d}"
