"""One parser for the dates, times and periods people type (CLI options and API fields)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from hackoclock.errors import InvalidInput
from hackoclock.timetext import check_order, parse_moment, parse_optional_moment, parse_period

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "hackoclock"
DEC_1 = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2026-12-01", DEC_1),
        ("2026-12-01T09:30", DEC_1.replace(hour=9, minute=30)),
        ("2026-12-01T09:30:00Z", DEC_1.replace(hour=9, minute=30)),
        (" 2026-12-01 09:30+01:00 ", DEC_1.replace(hour=8, minute=30)),
    ],
)
def test_a_moment_is_an_iso_date_or_time_and_utc_without_a_zone(text: str, want: datetime) -> None:
    got = parse_moment(text)
    assert got == want and got.tzinfo is not None


def test_a_zone_given_is_kept() -> None:
    got = parse_moment("2026-12-01T09:30+01:00")
    assert got.utcoffset() == timedelta(hours=1)
    assert got.tzinfo == timezone(timedelta(hours=1))


def test_bad_text_names_the_option_and_shows_an_example() -> None:
    with pytest.raises(
        InvalidInput, match=r"--start: not an ISO date or date-time: 'soon' \(e\.g\."
    ):
        parse_moment("soon", what="--start")


def test_the_api_mode_asks_for_a_zone() -> None:
    with pytest.raises(InvalidInput, match="active_from: '2026-12-01' needs a time zone"):
        parse_moment("2026-12-01", what="active_from", naive="reject")
    assert parse_moment("2026-12-01T00:00Z", naive="reject") == DEC_1


def test_no_text_is_no_moment() -> None:
    assert parse_optional_moment(None) is None
    assert parse_optional_moment("  ") is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (None, (None, None)),
        ("2026-12-01..2026-12-08", (DEC_1, DEC_1 + timedelta(days=7))),
        ("2026-12-01..", (DEC_1, None)),
        ("..2026-12-01", (None, DEC_1)),
    ],
)
def test_a_period_is_start_dot_dot_end_with_open_ends(
    text: str | None, want: tuple[datetime | None, datetime | None]
) -> None:
    assert parse_period(text) == want


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yesterday", "--period must look like START..END"),
        ("2021-01-01..2020-01-01", "must start before it ends"),
        ("2021-01-01..2021-01-01", "must start before it ends"),
        ("2021-01-01..soon", "--period end: not an ISO date"),
    ],
)
def test_a_bad_period_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_period(text)


def test_an_open_period_is_always_in_order() -> None:
    check_order(DEC_1, None)
    check_order(None, DEC_1)


@pytest.mark.parametrize("front_end", ["cli", "api"])
def test_front_ends_read_times_only_through_timetext(front_end: str) -> None:
    own = [
        p.relative_to(PACKAGE).as_posix()
        for p in sorted((PACKAGE / front_end).rglob("*.py"))
        if "fromisoformat" in p.read_text() or "AwareDatetime | None" in p.read_text()
    ]
    assert own == []
