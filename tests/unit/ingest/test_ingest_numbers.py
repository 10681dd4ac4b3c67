"""Counts as sources write them."""

from __future__ import annotations

import pytest

from hackoclock.ingest.parse_counts import NotACount, parse_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("38.9K", 38_900),
        ("38.9k", 38_900),
        ("2M", 2_000_000),
        ("1,234", 1_234),
        ("1.2B", 1_200_000_000),
        ("12", 12),
        (" 7 ", 7),
        ("1 234 567", 1_234_567),
        ("1.23456K", 1_235),
        ("-5", -5),
        (12.0, 12),
        (44800, 44_800),
    ],
)
def test_a_count_written_by_a_source_becomes_an_integer(text: object, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize("missing", [None, "", "  ", "null", "NaN", "N/A", "-", float("nan")])
def test_a_missing_count_is_none_not_zero(missing: object) -> None:
    assert parse_count(missing) is None


@pytest.mark.parametrize("bad", ["abc", "12x", "1.5", 2.5, True, "1e999999", [1], "K"])
def test_a_value_that_is_not_a_count_is_refused(bad: object) -> None:
    with pytest.raises(NotACount):
        parse_count(bad)


@pytest.mark.parametrize("huge", ["99999999999B", 2**63, 1.2e21, -(2**70)])
def test_a_count_too_large_for_64_bits_is_refused(huge: object) -> None:
    with pytest.raises(NotACount):
        parse_count(huge)
