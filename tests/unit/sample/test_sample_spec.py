"""The spec refuses impossible data sets with a clear message; the vocabulary is JSON-safe."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime

import pytest

from hackoclock.errors import InvalidInput
from hackoclock.sample import vocab
from hackoclock.sample.captions import build_text_tables
from hackoclock.sample.spec import SampleSpec


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_creators": 0}, "at least 1 creator"),
        ({"n_creators": 10, "n_videos": 5}, "must be at least --creators"),
        ({"seed": -1}, "non-negative"),
        ({"start": datetime(2026, 1, 1)}, "timezone"),
        ({"days": 0}, "posting window"),
        ({"snapshots": 0}, "snapshots"),
        ({"snapshot_hours": 0}, "at least 1 hour"),
        ({"start": datetime(2037, 12, 25, tzinfo=UTC)}, "before 2038"),
    ],
)
def test_an_impossible_spec_is_refused_with_a_reason(kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        SampleSpec(**kwargs)


def test_snapshots_come_after_the_posting_window_at_fixed_intervals() -> None:
    spec = SampleSpec(snapshots=3, snapshot_hours=96)
    end_of_window = datetime(2026, 11, 16, tzinfo=UTC)
    times = [spec.observed_at(i) for i in range(3)]
    assert times[0] > end_of_window
    assert [(b - a).total_seconds() for a, b in itertools.pairwise(times)] == [
        96 * 3600,
        96 * 3600,
    ]


def _json_safe(text: str) -> bool:
    return json.dumps(text, ensure_ascii=False)[1:-1] == text


def test_every_vocabulary_entry_can_be_pasted_into_json_unescaped() -> None:
    tables = build_text_tables(SampleSpec().rng(4))
    words = [
        *tables.phrases.to_pylist(),
        *tables.slang.to_pylist(),
        *tables.emoji.to_pylist(),
        *tables.tag_text.to_pylist(),
        *vocab.FIRST_NAMES,
        *vocab.HANDLE_WORDS,
        *vocab.SIGNATURES,
        *(part for pair in vocab.MUSIC for part in pair),
    ]
    assert [w for w in words if not _json_safe(w)] == []
    for snippet in tables.tag_scraper.to_pylist() + tables.tag_json.to_pylist():
        json.loads(snippet)
