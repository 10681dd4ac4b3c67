"""Planted manipulations are listed in the manifest and visible in the data."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hackoclock.sample.generate import generate, manifest_path, write_parquet
from hackoclock.sample.plan import KINDS


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[pa.Table, dict[str, Any]]:
    path = tmp_path_factory.mktemp("planted") / "sample.parquet"
    write_parquet(path, 2_500, 20_000, 99)
    return pq.read_table(path), json.loads(manifest_path(path).read_text())


def _rows(table: pa.Table, ids: list[str]) -> pa.Table:
    return table.filter(pa.compute.is_in(table["video_id"], pa.array(ids)))


def _entries(manifest: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in manifest["planted"] if e["kind"] == kind]


def test_the_manifest_lists_every_kind_with_a_reason(planted: tuple) -> None:
    _, manifest = planted
    assert {e["kind"] for e in manifest["planted"]} == set(KINDS)
    assert all(e["why"] and e["video_ids"] for e in manifest["planted"])


def test_the_manifest_matches_the_planted_column(planted: tuple) -> None:
    table, manifest = planted
    listed = {v: e["kind"] for e in manifest["planted"] for v in e["video_ids"]}
    marked = table.filter(table["planted"].is_valid())
    assert (
        dict(zip(marked["video_id"].to_pylist(), marked["planted"].to_pylist(), strict=True))
        == listed
    )


def test_bought_views_are_high_with_engagement_far_below_the_median(planted: tuple) -> None:
    table, manifest = planted
    (entry,) = _entries(manifest, "bought_views")
    bought = _rows(table, entry["video_ids"])
    rate = lambda t: (t["likes"].to_numpy() + t["comments"].to_numpy()) / t["views"].to_numpy()  # noqa: E731
    assert bought.num_rows == 20
    assert (bought["views"].to_numpy() > 5 * np.median(table["views"].to_numpy())).all()
    assert (rate(bought) < np.median(rate(table)) / 10).all()


def test_pods_have_near_identical_abnormally_high_likes(planted: tuple) -> None:
    table, manifest = planted
    pods = _entries(manifest, "engagement_pod")
    assert len(pods) >= 1
    median_rate = np.median(table["likes"].to_numpy() / table["views"].to_numpy())
    for pod in pods:
        rows = _rows(table, pod["video_ids"])
        likes = rows["likes"].to_numpy()
        assert len(pod["creator_ids"]) >= 5
        assert set(rows["creator_id"].to_pylist()) == set(pod["creator_ids"])
        assert likes.max() / likes.min() < 1.03
        assert (likes / rows["views"].to_numpy() > 3 * median_rate).all()


def test_a_burst_creator_posts_one_caption_many_times_within_36_hours(planted: tuple) -> None:
    table, manifest = planted
    for burst in _entries(manifest, "duplicate_burst"):
        rows = _rows(table, burst["video_ids"])
        posted = rows["date_posted"].cast(pa.timestamp("s", tz="UTC")).cast(pa.int64()).to_numpy()
        assert rows.num_rows >= 12
        assert set(rows["caption"].to_pylist()) == {burst["caption"]}
        assert set(rows["creator_id"].to_pylist()) == set(burst["creator_ids"])
        assert posted.max() - posted.min() <= 36 * 3600


def test_likes_above_views_are_planted(planted: tuple) -> None:
    table, manifest = planted
    (entry,) = _entries(manifest, "likes_above_views")
    rows = _rows(table, entry["video_ids"])
    assert (rows["likes"].to_numpy() > rows["views"].to_numpy()).all()


def test_nothing_is_planted_when_asked_not_to_or_when_the_set_is_tiny() -> None:
    for batches in (generate(100, 1_000, 1, plant=False), generate(5, 50, 1)):
        assert all(b["planted"].null_count == b.num_rows for b in batches)
