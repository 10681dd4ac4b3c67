"""Streaming the elements of a big JSON array."""

from __future__ import annotations

import io
import json

import pytest

from hackoclock.ingest.errors import BrokenFile
from hackoclock.ingest.readers import json_array_stream as jsonstream
from hackoclock.ingest.readers.json_array_stream import JsonStream


@pytest.fixture(autouse=True)
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of a few characters, so every value straddles chunk boundaries."""
    monkeypatch.setattr(jsonstream, "CHUNK_CHARS", 5)


def test_elements_under_the_key_stream_with_their_raw_text_and_other_keys_are_kept() -> None:
    doc = {"headers": {"a": 1}, "collector": [{"id": "1", "t": "é 📈"}, {"id": 2}], "zip": 7}
    stream = JsonStream(io.StringIO(json.dumps(doc, ensure_ascii=False)), ("collector",))
    elements = list(stream.elements())
    assert [value for _raw, value in elements] == doc["collector"]
    assert [json.loads(raw) for raw, _value in elements] == doc["collector"]
    assert stream.other == {"headers": {"a": 1}, "zip": 7}
    assert stream.array_key == "collector"


def test_a_bare_top_level_array_streams_too() -> None:
    stream = JsonStream(io.StringIO(' [ {"id": 1} , {"id": 22} ] \n'), ("collector",))
    assert [v for _r, v in stream.elements()] == [{"id": 1}, {"id": 22}]


def test_many_elements_stream_in_order() -> None:
    items = [{"id": str(i), "n": i * 1000} for i in range(500)]
    text = json.dumps({"collector": items})
    stream = JsonStream(io.StringIO(text), ("collector",))
    assert [v for _r, v in stream.elements()] == items


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"collector": [{"id": 1}, {"id": ', "truncated"),
        ('{"collector": [{"id": 1}', "truncated"),
        ('{"collector": [{"id": 1}]', "truncated"),
        ("not json", "not a JSON"),
        ('{"collector": [{"id": 1}]} trailing', "unexpected content"),
        ('{"collector": [{"id": tru}]}', "invalid JSON"),
    ],
)
def test_broken_json_raises_broken_file(text: str, message: str) -> None:
    with pytest.raises(BrokenFile, match=message):
        list(JsonStream(io.StringIO(text), ("collector",)).elements())
