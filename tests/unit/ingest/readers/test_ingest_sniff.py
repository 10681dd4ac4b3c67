"""Telling a file's format from its first bytes."""

from __future__ import annotations

import pytest

from hackoclock.ingest.errors import UnknownFormat
from hackoclock.ingest.readers.sniff import sniff


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        ('{"headers": {}, "collector": [{"id": "1"', "scraper"),
        ('{"collector": [{"id": "1"}]}\n', "scraper"),
        ('[{"id": "1", "authorMeta": {"id": "2"}}]', "scraper"),
        ('{\n  "extra": {"now": 1},\n  "itemList": [', "itemlist"),
        ('[{"id": "1", "stats": {"playCount": 3}}]', "itemlist"),
        ('{"video_id": "1", "play_count": 5}\n{"video_id": "2"}\n', "jsonl"),
        ("video_id,creator_id,views,likes\n1,2,3,4\n", "csv"),
        ("user_name;user_id;video_id;n_plays\n", "csv"),
        ("Video ID\tViews\n", "csv"),
    ],
)
def test_each_format_is_recognised_from_its_first_bytes(head: str, fmt: str) -> None:
    assert sniff(head) == fmt


@pytest.mark.parametrize(
    "head",
    ["hello world", "name,age\nbob,3\n", '{"something": [1, 2]}\n', "[1, 2, 3]", "<html>"],
)
def test_content_of_no_known_format_is_refused_with_a_clear_error(head: str) -> None:
    with pytest.raises(UnknownFormat):
        sniff(head)
