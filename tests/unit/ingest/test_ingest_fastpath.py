"""The scraper fast path gives exactly what the general path gives (differential tests)."""

from __future__ import annotations

import copy
import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from hackoclock.ingest.model import VideoRecord
from hackoclock.ingest.prepare import PreparedChunk, PrepareJob, prepare_chunks
from hackoclock.ingest.readers.jsonl import jsonl_objects, jsonl_record
from hackoclock.ingest.readers.scraper import scraper_items, scraper_record
from hackoclock.ingest.readers.sniff import detect_format
from hackoclock.ingest.validate import validate
from hackoclock.ingest.validate_fast import flat_item, scraper_item
from hackoclock.sample.generate import write_jsonl_history, write_scraper_json

DEFAULT_OBSERVED = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 28, 12, 30, tzinfo=UTC)

# Values a damaged field may take: clean ones, and every kind the general path treats apart.
ODD_VALUES: list[Any] = [
    None,
    "",
    "   ",
    "abc",
    "12",
    " 12 ",
    "1.5K",
    "12a",
    "a b",
    "١٢",  # Arabic-Indic digits: str.isalnum() is True
    "x\x00y",
    "\x00",
    "a\tb",
    "null",
    "NaN",
    "2021-03-04T05:06:07Z",
    "2021-03-04 05:06:07",
    "1999-12-31T23:59:59+00:00",
    "1608214517",
    0,
    1,
    7,
    100,
    -1,
    -5,
    -(2**31),
    2**31,
    2**63 - 1,
    2**63,
    -(2**63),
    946_684_799,
    946_684_800,
    1_608_214_517,
    4_133_980_799,
    4_133_980_800,
    1_608_214_517_000,
    0.0,
    1.0,
    12.5,
    1e30,
    float("nan"),
    True,
    False,
    [],
    ["#a", "b", None, " ", 3],
    [{"name": "fyp"}, {"name": None}, {"title": "x"}, "plain"],
    {},
    {"id": "9"},
    "x" * 64,
    "x" * 65,
    "y" * 300,
    "2026-03-07T20:42:30Z",
    "2026-03-07T20:42:30.5+02:00",
    "2026-02-30T00:00:00Z",
    "3000-01-01T00:00:00Z",
    "yesterday",
    "1608214517.0",
]
ITEM_FIELDS = (
    "id",
    "text",
    "createTime",
    "webVideoUrl",
    "playCount",
    "diggCount",
    "shareCount",
    "commentCount",
    "collectCount",
    "hashtags",
    "videoMeta",
    "authorMeta",
    "collected_at_utc",
    "collectedAt",
    "observed_at",
    "scrapedAt",
)
AUTHOR_FIELDS = ("id", "name", "nickName", "fans", "video", "heart", "following")
FLAT_FIELDS = (
    "video_id",
    "author_id",
    "author_username",
    "author_nickname",
    "video_url",
    "desc",
    "hashtags",
    "duration",
    "create_time",
    "collected_at_utc",
    "collected_at",
    "scrapedAt",
    "play_count",
    "like_count",
    "share_count",
    "favorite_count",
    "collect_count",
    "comment_count",
    "author_follower_count",
    "author_video_count",
    "author_total_likes",
    "stats",
)


def _general(number: int, raw: str | bytes, item: Any) -> Any:
    return validate(scraper_record(number, raw, item), DEFAULT_OBSERVED)


def _compare(items: list[Any]) -> tuple[int, int]:
    """Check every fast-path answer against the general path; (fast, general) counts."""
    fast = general = 0
    for number, item in enumerate(items, start=1):
        expected = _general(number, json.dumps(item), item)
        got = scraper_item(item, DEFAULT_OBSERVED) if type(item) is dict else None
        if got is None:
            general += 1
            continue
        fast += 1
        assert isinstance(expected, VideoRecord), (item, expected)
        assert got == expected, item
    return fast, general


def _damage(rng: random.Random, item: dict[str, Any]) -> dict[str, Any]:
    damaged = copy.deepcopy(item)
    for _ in range(rng.randint(1, 3)):
        author = damaged.get("authorMeta")
        if isinstance(author, dict) and rng.random() < 0.4:
            target, key = author, rng.choice(AUTHOR_FIELDS)
        else:
            target, key = damaged, rng.choice(ITEM_FIELDS)
        if rng.random() < 0.15:
            target.pop(key, None)
        elif key == "videoMeta" and rng.random() < 0.5:
            target[key] = {"duration": rng.choice(ODD_VALUES)}
        else:
            target[key] = copy.deepcopy(rng.choice(ODD_VALUES))
    return damaged


def _chunk_fields(chunk: PreparedChunk) -> tuple[Any, ...]:
    return (
        chunk.records_read,
        chunk.accepted,
        chunk.flagged,
        dict(chunk.reasons),
        chunk.creators,
        chunk.videos,
        chunk.snapshots,
        chunk.quarantine,
    )


def _both_ways(path: Path, fmt: str, *, sqlite: bool, chunk_records: int) -> None:
    job = PrepareJob(path, fmt, DEFAULT_OBSERVED, NOW, 3, sqlite, chunk_records)
    fast = [_chunk_fields(c) for c in prepare_chunks(job)]
    general = [_chunk_fields(c) for c in prepare_chunks(job, fast=False)]
    assert fast == general


@pytest.fixture(scope="module")
def sample_items(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    path = tmp_path_factory.mktemp("fastpath") / "sample.json"
    write_scraper_json(path, 40, 600, seed=7, manifest=False)
    with path.open("rb") as stream:
        return [item for _, _, item in scraper_items(stream)]


def _shared_files(shared_data: Path) -> list[Path]:
    files = sorted(p for p in shared_data.rglob("*") if p.is_file() and p.suffix != ".md")
    assert len(files) >= 5
    return files


def test_every_shared_data_file_prepares_the_same_chunks_both_ways(shared_data: Path) -> None:
    for path in _shared_files(shared_data):
        fmt = detect_format(path)
        for sqlite in (True, False):
            _both_ways(path, fmt, sqlite=sqlite, chunk_records=97)


def test_the_fast_path_takes_the_shared_scraper_file_and_agrees_per_item(
    shared_data: Path,
) -> None:
    path = shared_data / "tiktok-trending-2020-12.json"
    assert detect_format(path) == "scraper"
    with path.open("rb") as stream:
        items = [item for _, _, item in scraper_items(stream)]
    fast, general = _compare(items)
    assert fast > 0.9 * len(items)  # the real export is mostly clean
    assert fast + general == len(items)


def test_generated_items_go_the_fast_way_and_agree(sample_items: list[dict[str, Any]]) -> None:
    fast, general = _compare(sample_items)
    assert (fast, general) == (len(sample_items), 0)  # the synthetic export is all clean
    flagged = [scraper_item(item, DEFAULT_OBSERVED) for item in sample_items]
    assert any(r is not None and r.flags for r in flagged)  # flagged ones go fast too


def test_thousands_of_randomly_damaged_items_agree(sample_items: list[dict[str, Any]]) -> None:
    rng = random.Random(2026)
    damaged = [_damage(rng, rng.choice(sample_items)) for _ in range(6000)]
    damaged += [rng.choice(ODD_VALUES) for _ in range(200)]  # items that are not objects
    fast, general = _compare(damaged)
    assert fast > 500 and general > 2000  # both paths are exercised


def test_a_damaged_file_prepares_the_same_chunks_both_ways(
    sample_items: list[dict[str, Any]], tmp_path: Path
) -> None:
    rng = random.Random(11)
    items: list[Any] = []
    for _ in range(3000):
        item = rng.choice(sample_items)
        items.append(_damage(rng, item) if rng.random() < 0.5 else item)  # repeats too
    items += [rng.choice(ODD_VALUES) for _ in range(50)]
    rng.shuffle(items)
    lines = ",\n".join(json.dumps(item, ensure_ascii=rng.random() < 0.5) for item in items)
    path = tmp_path / "damaged.json"
    path.write_text('{"collector": [\n' + lines + '\n], "zip": "x"}\n', encoding="utf-8")
    for sqlite in (True, False):
        _both_ways(path, "scraper", sqlite=sqlite, chunk_records=500)


def test_a_clean_item_is_read_the_fast_way_with_the_general_paths_values() -> None:
    item = {
        "id": "123",
        "text": " hi #fyp #Dance\x00 ",
        "createTime": 1_608_214_517,
        "authorMeta": {"id": "9", "name": " ana ", "nickName": "Ana", "fans": 5, "heart": 7},
        "webVideoUrl": "https://www.tiktok.com/@ana/video/123",
        "videoMeta": {"duration": 15},
        "playCount": 10,
        "diggCount": 20,
        "shareCount": 1,
        "commentCount": 0,
        "hashtags": [{"name": "fyp"}, {"name": "Dance"}],
        "collectedAt": 1_700_000_000,
    }
    record = scraper_item(item, DEFAULT_OBSERVED)
    assert record is not None
    assert record == _general(1, json.dumps(item), item)
    assert (record.video_id, record.creator_id, record.username) == ("123", "9", "ana")
    assert record.caption == "hi #fyp #Dance"
    assert record.hashtags == ["fyp", "Dance"]
    assert record.observed_at == datetime.fromtimestamp(1_700_000_000, UTC)
    assert record.flags == ["likes_gt_views"]
    assert record.duration_s == 15 and record.bookmarks is None


@pytest.mark.parametrize(
    "change",
    [
        {"id": 123},
        {"id": "12-3"},
        {"playCount": "10"},
        {"playCount": -1},
        {"playCount": 0},  # 0 views with likes: zero_filled
        {"createTime": "2020-12-17"},
        {"createTime": 1_608_214_517_000},
        {"collected_at_utc": "2024-01-01T00:00:00Z"},
        {"authorMeta": None},
        {"authorMeta": {"id": "", "name": "ana"}},
        {"authorMeta": {"id": "9", "heart": -(2**31)}},
        {"authorMeta": {"id": "9", "fans": 1.0}},
    ],
)
def test_anything_not_plainly_clean_is_left_to_the_general_path(change: dict[str, Any]) -> None:
    item = {"id": "123", "authorMeta": {"id": "9"}, "playCount": 10, "diggCount": 2}
    item.update(change)
    assert scraper_item(item, DEFAULT_OBSERVED) is None


def _compare_flat(lines: list[Any]) -> tuple[int, int]:
    """JSON Lines: every fast-path answer against the general path; (fast, general)."""
    fast = general = 0
    for number, obj in enumerate(lines, start=1):
        raw = json.dumps(obj).encode()
        expected = validate(jsonl_record(number, raw, obj, None), DEFAULT_OBSERVED)
        got = flat_item(obj, DEFAULT_OBSERVED) if type(obj) is dict else None
        if got is None:
            general += 1
            continue
        fast += 1
        assert isinstance(expected, VideoRecord), (obj, expected)
        assert got == expected, obj
    return fast, general


@pytest.fixture(scope="module")
def history_lines(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    path = tmp_path_factory.mktemp("fastpath") / "history.jsonl"
    write_jsonl_history(path, 30, 300, seed=9, manifest=False)
    with path.open("rb") as stream:
        return [obj for _, _, obj, _ in jsonl_objects(stream)]


def test_json_lines_go_the_fast_way_and_agree(
    history_lines: list[dict[str, Any]], shared_data: Path
) -> None:
    fast, general = _compare_flat(history_lines)
    assert fast > 0.9 * len(history_lines)
    with (shared_data / "tiktokapi-trending-2024-2026.jsonl").open("rb") as stream:
        shared = [obj for _, _, obj, _ in jsonl_objects(stream)]
    fast, general = _compare_flat(shared)
    assert fast > 0.5 * len(shared) and general > 0  # creator from the username; overflows


def _damage_flat(rng: random.Random, obj: dict[str, Any]) -> dict[str, Any]:
    damaged = copy.deepcopy(obj)
    for _ in range(rng.randint(1, 3)):
        key = rng.choice(FLAT_FIELDS)
        if rng.random() < 0.2:
            damaged.pop(key, None)
        else:
            damaged[key] = copy.deepcopy(rng.choice(ODD_VALUES))
    return damaged


def test_thousands_of_randomly_damaged_json_lines_agree(
    history_lines: list[dict[str, Any]],
) -> None:
    rng = random.Random(77)
    damaged: list[Any] = [_damage_flat(rng, rng.choice(history_lines)) for _ in range(6000)]
    damaged += [rng.choice(ODD_VALUES) for _ in range(200)]
    fast, general = _compare_flat(damaged)
    assert fast > 500 and general > 2000


def test_a_damaged_json_lines_file_prepares_the_same_chunks_both_ways(
    history_lines: list[dict[str, Any]], tmp_path: Path
) -> None:
    rng = random.Random(13)
    lines: list[str] = []
    for _ in range(3000):
        obj = rng.choice(history_lines)
        lines.append(json.dumps(_damage_flat(rng, obj) if rng.random() < 0.5 else obj))
    lines += [json.dumps(rng.choice(ODD_VALUES)) for _ in range(30)]
    lines += ["{not json", "", "   "] * 5
    rng.shuffle(lines)
    path = tmp_path / "damaged.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for sqlite in (True, False):
        _both_ways(path, "jsonl", sqlite=sqlite, chunk_records=400)


def test_a_clean_json_line_is_read_the_fast_way_with_the_general_paths_values() -> None:
    obj = {
        "video_id": "55",
        "author_username": " bo ",
        "desc": "hey #a",
        "collected_at_utc": "2026-03-07T20:42:30Z",
        "create_time": 1_767_917_439,
        "play_count": 10,
        "like_count": 3,
        "collect_count": 2,
        "author_total_likes": 9,
    }
    record = flat_item(obj, DEFAULT_OBSERVED)
    assert record is not None
    assert record == validate(jsonl_record(1, b"{}", obj, None), DEFAULT_OBSERVED)
    assert (record.creator_id, record.username, record.bookmarks) == ("@bo", "bo", 2)
    assert record.url == "https://www.tiktok.com/@ bo /video/55"  # as the general path builds it
    assert record.observed_at == datetime(2026, 3, 7, 20, 42, 30, tzinfo=UTC)
    assert record.hashtags == ["a"]


@pytest.mark.parametrize(
    "change",
    [
        {"stats": {"playCount": 1}},
        {"author_id": " "},
        {"author_id": None, "author_username": None},
        {"play_count": "10"},
        {"author_total_likes": -(2**31)},
        {"collected_at_utc": "yesterday"},
        {"create_time": "1999-01-01T00:00:00Z"},
        {"play_count": 0},
    ],
)
def test_json_lines_not_plainly_clean_are_left_to_the_general_path(
    change: dict[str, Any],
) -> None:
    obj = {"video_id": "1", "author_id": "9", "author_username": "x", "play_count": 5}
    obj["like_count"] = 1
    obj.update(change)
    assert flat_item(obj, DEFAULT_OBSERVED) is None


def test_remembered_observation_times_stay_bounded_and_right() -> None:
    from hackoclock.ingest import validate_fast as fastpath

    base = {"video_id": "1", "author_id": "9", "play_count": 5}
    for second in range(fastpath._TIMES_MAX + 50):
        text = f"2026-03-07T20:{second // 3600 % 60:02d}:{second % 60:02d}+0{second % 3}:00"
        obj = dict(base, collected_at=text)
        for _ in range(2):  # the second time from memory
            record = flat_item(obj, DEFAULT_OBSERVED)
            assert record == validate(jsonl_record(1, b"{}", obj, None), DEFAULT_OBSERVED)
        assert len(fastpath._TIMES) <= fastpath._TIMES_MAX
    assert flat_item(dict(base, collected_at="null"), DEFAULT_OBSERVED) is not None
    assert flat_item(dict(base, collected_at="nope"), DEFAULT_OBSERVED) is None
    assert "nope" not in fastpath._TIMES
