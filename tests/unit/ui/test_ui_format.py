from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hackoclock.ui.format import MISSING, compact, number, percent, plain, points, when


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1K"),
        (12_345, "12.3K"),
        (44_800, "44.8K"),
        (99_949, "99.9K"),
        (100_000, "100K"),
        (999_499, "999K"),
        (999_950, "1M"),
        (1_234_567, "1.2M"),
        (251_000_000, "251M"),
        (999_999_999, "1B"),
        (1_500_000_000, "1.5B"),
        (-12_345, "-12.3K"),
    ],
)
def test_compact_writes_counts_as_people_read_them(value: int, text: str) -> None:
    assert compact(value) == text


def test_a_missing_count_is_a_dash_not_zero() -> None:
    assert compact(None) == MISSING
    assert points(None) == MISSING


def test_points_keep_every_digit_with_thousands_separators() -> None:
    assert points(1_234_567) == "1,234,567 pts"
    assert number(12_345) == "12,345"


def test_percent_and_timestamps_are_readable() -> None:
    assert percent(0.375) == "38%"
    assert percent(0.3751, digits=1) == "37.5%"
    assert when(datetime(2026, 11, 28, 18, 9, 33, tzinfo=UTC)) == "2026-11-28 18:09 UTC"


def test_plain_escapes_markdown_so_user_text_cannot_become_a_link_or_html() -> None:
    hostile = "[click](javascript:alert(1)) <b>bold</b> **x**"
    escaped = plain(hostile)
    assert "\\[click\\]" in escaped
    assert "\\<b\\>" in escaped
    assert "\\*\\*x\\*\\*" in escaped
    assert escaped.replace("\\", "") == hostile
