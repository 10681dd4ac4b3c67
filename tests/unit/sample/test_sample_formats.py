"""The files parse as JSON and carry the keys of the real exports the importers read."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hackoclock.errors import InvalidInput
from hackoclock.sample.generate import (
    SCHEMA,
    SampleSpec,
    generate,
    write_jsonl_history,
    write_parquet,
    write_sample,
    write_scraper_json,
)

SPEC = {"n_creators": 60, "n_videos": 600, "seed": 5}


@pytest.fixture(scope="module")
def scraper(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("scraper") / "sample.json"
    write_scraper_json(path, **SPEC)
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    path = tmp_path_factory.mktemp("jsonl") / "sample.jsonl"
    write_jsonl_history(path, **SPEC, snapshots=4)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_scraper_export_has_the_real_files_keys_plus_fans_and_bookmarks(
    scraper: dict[str, Any], shared_data: Path
) -> None:
    real = json.loads((shared_data / "tiktok-trending-2020-12.json").read_text(encoding="utf-8"))
    ours, theirs = scraper["collector"][0], real["collector"][0]
    assert set(scraper) == set(real)
    assert set(ours) == set(theirs) | {"collectCount"}
    assert set(ours["authorMeta"]) == set(theirs["authorMeta"]) | {"fans"}
    assert set(ours["musicMeta"]) == set(theirs["musicMeta"])
    assert set(ours["videoMeta"]) == set(theirs["videoMeta"])
    tagged = next(v for v in scraper["collector"] if v["hashtags"])
    assert set(tagged["hashtags"][0]) == {"id", "name", "title", "cover"}
    assert len(scraper["collector"]) == SPEC["n_videos"]


def test_scraper_counts_are_integers_and_captions_name_their_hashtags(
    scraper: dict[str, Any],
) -> None:
    for item in scraper["collector"]:
        for key in ("playCount", "diggCount", "shareCount", "commentCount", "collectCount"):
            assert isinstance(item[key], int) and item[key] >= 0
        assert isinstance(item["authorMeta"]["fans"], int)
        for tag in item["hashtags"]:
            assert "#" + tag["name"] in item["text"]
        for mention in item["mentions"]:
            assert mention in item["text"]


def test_the_history_has_the_real_jsonl_keys(
    history: list[dict[str, Any]], shared_data: Path
) -> None:
    real_keys: set[str] = set()
    for line in (shared_data / "tiktokapi-trending-2024-2026.jsonl").read_text().splitlines():
        real_keys |= set(json.loads(line))
    assert all(set(record) == real_keys for record in history)


def test_the_history_has_every_video_once_per_snapshot_with_growing_counts(
    history: list[dict[str, Any]],
) -> None:
    by_video: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in history:
        by_video[record["video_id"]].append(record)
    assert len(by_video) == SPEC["n_videos"]
    counts = ("play_count", "like_count", "comment_count", "share_count", "favorite_count")
    for records in by_video.values():
        assert len(records) == 4
        times = [r["collected_at_utc"] for r in records]
        assert times == sorted(times) and len(set(times)) == 4
        for earlier, later in itertools.pairwise(records):
            assert all(later[c] >= earlier[c] for c in counts)
    grew = sum(r[-1]["play_count"] > r[0]["play_count"] for r in by_video.values())
    assert grew > SPEC["n_videos"] // 2


def test_the_history_derived_fields_agree_with_the_counts(history: list[dict[str, Any]]) -> None:
    for r in history:
        saves = r["favorite_count"]
        assert (
            r["engagement_total"] == r["like_count"] + r["comment_count"] + r["share_count"] + saves
        )
        assert r["like_rate"] == pytest.approx(r["like_count"] / r["play_count"], abs=1e-6)
        assert r["hashtag_count"] == len(r["hashtags"])
        assert r["desc_length"] == len(r["desc"])
        assert r["video_url"].endswith(f"@{r['author_username']}/video/{r['video_id']}")


def test_the_first_snapshot_equals_the_scraper_export_of_the_same_spec(
    scraper: dict[str, Any], history: list[dict[str, Any]]
) -> None:
    first = {r["video_id"]: r for r in history[: SPEC["n_videos"]]}
    for item in scraper["collector"]:
        record = first[item["id"]]
        assert (item["playCount"], item["diggCount"], item["collectCount"]) == (
            record["play_count"],
            record["like_count"],
            record["favorite_count"],
        )
        assert item["authorMeta"]["fans"] == record["author_follower_count"]
        assert item["text"] == record["desc"]


def test_parquet_holds_the_generated_records(tmp_path: Path) -> None:
    path = tmp_path / "sample.parquet"
    result = write_parquet(path, **SPEC, snapshots=2)
    table = pq.read_table(path)
    expected = pa.Table.from_batches(list(generate(**SPEC, snapshots=2)), schema=SCHEMA)
    assert result.records == table.num_rows == 2 * SPEC["n_videos"]
    assert table["video_id"].to_pylist() == expected["video_id"].to_pylist()
    assert table["views"].to_pylist() == expected["views"].to_pylist()


def test_a_failed_write_leaves_no_file_behind(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"

    def explode(_: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_jsonl_history(path, **SPEC, progress=explode)
    assert list(tmp_path.iterdir()) == []


def test_the_scraper_format_refuses_several_snapshots(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="one observation"):
        write_sample(tmp_path / "x.json", SampleSpec(snapshots=2), "scraper")
    with pytest.raises(InvalidInput, match="unknown format"):
        write_sample(tmp_path / "x.csv", SampleSpec(), "csv")
    assert list(tmp_path.iterdir()) == []
