"""Timestamps as sources write them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hackoclock.ingest.parse_times import BadTimestamp, parse_timestamp


@pytest.mark.parametrize(
    "value",
    [
        1608214517,
        "1608214517",
        1608214517000,
        1608214517.0,
        "2020-12-17T14:15:17Z",
        "2020-12-17T15:15:17+01:00",
        "2020-12-17 14:15:17",
    ],
)
def test_unix_seconds_milliseconds_and_iso_read_as_the_same_utc_moment(value: object) -> None:
    assert parse_timestamp(value) == datetime(2020, 12, 17, 14, 15, 17, tzinfo=UTC)


@pytest.mark.parametrize("missing", [None, "", "null"])
def test_a_missing_time_is_none(missing: object) -> None:
    assert parse_timestamp(missing) is None


@pytest.mark.parametrize("bad", ["yesterday", "2020-13-45", 0, "1", True, -5])
def test_an_unreadable_or_implausible_time_is_refused(bad: object) -> None:
    with pytest.raises(BadTimestamp):
        parse_timestamp(bad)
