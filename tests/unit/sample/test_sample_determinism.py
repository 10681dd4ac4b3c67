"""Same seed, same bytes: the generator never depends on time, dict order or thread timing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from hackoclock.sample import ordered_map as sample_parallel
from hackoclock.sample.generate import (
    generate,
    manifest_path,
    write_jsonl_history,
    write_parquet,
    write_scraper_json,
)
from hackoclock.sample.ordered_map import ordered_map


def _bytes(path: Path) -> tuple[bytes, bytes]:
    return path.read_bytes(), manifest_path(path).read_bytes()


@pytest.mark.parametrize("writer", [write_scraper_json, write_jsonl_history, write_parquet])
def test_the_same_seed_writes_byte_identical_files(writer: object, tmp_path: Path) -> None:
    first, second = tmp_path / "a.out", tmp_path / "b.out"
    writer(first, 40, 400, 7)  # type: ignore[operator]
    writer(second, 40, 400, 7)  # type: ignore[operator]
    assert _bytes(first) == _bytes(second)


def test_a_different_seed_writes_different_data(tmp_path: Path) -> None:
    write_scraper_json(tmp_path / "a.json", 40, 400, 7)
    write_scraper_json(tmp_path / "b.json", 40, 400, 8)
    assert (tmp_path / "a.json").read_bytes() != (tmp_path / "b.json").read_bytes()


def test_one_thread_and_two_threads_write_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sample_parallel, "default_workers", lambda: 2)
    write_jsonl_history(tmp_path / "two.jsonl", 30, 300, 3, snapshots=2)
    monkeypatch.setattr(sample_parallel, "default_workers", lambda: 1)
    write_jsonl_history(tmp_path / "one.jsonl", 30, 300, 3, snapshots=2)
    assert _bytes(tmp_path / "two.jsonl") == _bytes(tmp_path / "one.jsonl")


def test_generate_yields_equal_batches_for_equal_seeds() -> None:
    first = list(generate(50, 500, 11))
    second = list(generate(50, 500, 11))
    assert len(first) == len(second) == 1
    assert first[0].equals(second[0])
    assert not first[0].equals(next(generate(50, 500, 12)))


def test_ordered_map_keeps_the_input_order_whatever_finishes_first() -> None:
    def slow_for_small(x: int) -> int:
        time.sleep(0.02 if x % 2 == 0 else 0.0)
        return x * x

    assert list(ordered_map(slow_for_small, range(9), workers=2, ahead=3)) == [
        x * x for x in range(9)
    ]
