"""Sound and form facts: read from each source shape, kept only when readable, never a reason
to quarantine, and the same on the fast path as on the general one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from hackoclock.ingest.model import SourceRecord, VideoRecord
from hackoclock.ingest.readers.aliases import canonical_columns
from hackoclock.ingest.readers.itemlist import map_item
from hackoclock.ingest.readers.jsonl import map_flat
from hackoclock.ingest.readers.scraper import map_scraper_item
from hackoclock.ingest.validate import sound_facts, validate
from hackoclock.ingest.validate_fast import flat_item, scraper_item

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _accepted(fields: dict[str, Any]) -> VideoRecord:
    out = validate(SourceRecord(1, "{}", fields), NOW)
    assert isinstance(out, VideoRecord)
    return out


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, True),
        (False, False),
        ("True", True),
        ("false", False),
        (" 1 ", True),
        (0, False),
        ("maybe", None),
        (2, None),
        (None, None),
        (1.0, None),
    ],
)
def test_the_original_flag_reads_json_booleans_and_csv_text_and_nothing_else(
    raw: object, expected: bool | None
) -> None:
    assert sound_facts(None, None, raw, None)[2] is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("6790057285814061057", "6790057285814061057"),
        (57419989, "57419989"),
        (" 42 ", "42"),
        ("0", None),
        ("000", None),
        ("", None),
        ("not an id!", None),
        ("9" * 65, None),
        (3.5, None),
        (True, None),
    ],
)
def test_a_sound_or_duet_reference_is_a_plain_id_and_zero_means_none(
    raw: object, expected: str | None
) -> None:
    assert sound_facts(raw, None, None, raw)[0::3] == (expected, expected)


def test_an_unreadable_sound_fact_keeps_the_record_without_it() -> None:
    video = _accepted({"video_id": "1", "creator_id": "2", "music_id": [1], "music_original": {}})
    assert (video.music_id, video.music_original) == (None, None)


def test_each_reader_maps_its_sources_music_fields() -> None:
    scraper = map_scraper_item(
        {"id": "1", "musicMeta": {"musicId": "9", "musicName": "Oh No", "musicOriginal": False}}
    )
    assert (scraper["music_id"], scraper["music_title"], scraper["music_original"]) == (
        "9",
        "Oh No",
        False,
    )
    item = map_item(
        {
            "id": "1",
            "music": {"id": "8", "title": "t", "original": True},
            "duetInfo": {"duetFromId": "7"},
        }
    )
    assert (item["music_id"], item["music_original"], item["duet_from_id"]) == ("8", True, "7")
    flat = map_flat({"video_id": "1", "music_id": "6", "music_title": "original sound"})
    assert (flat["music_id"], flat["music_title"], flat["music_original"]) == (
        "6",
        "original sound",
        None,
    )
    columns = canonical_columns(["music_id", "music_title", "music_originality", "duetFromId"])
    assert sorted(columns.values()) == ["duet_from_id", "music_id", "music_original", "music_title"]


def test_the_fast_paths_keep_the_same_sound_facts_as_the_general_path() -> None:
    item = {
        "id": "11",
        "authorMeta": {"id": "22", "name": "n"},
        "musicMeta": {"musicId": "33", "musicName": "Element", "musicOriginal": False},
        "playCount": 5,
    }
    fast = scraper_item(item, NOW)
    assert fast is not None and fast == _accepted(map_scraper_item(item))
    assert (fast.music_id, fast.music_title, fast.music_original) == ("33", "Element", False)
    flat = {"video_id": "11", "author_id": "22", "music_id": "44", "duet_from_id": "55"}
    quick = flat_item(flat, NOW)
    assert quick is not None and quick == _accepted(map_flat(flat))
    assert (quick.music_id, quick.duet_from_id) == ("44", "55")
