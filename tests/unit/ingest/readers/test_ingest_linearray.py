"""The one-element-per-line fast path reads exactly what the general parser reads."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from hackoclock.ingest.errors import BrokenFile
from hackoclock.ingest.readers import json_array_stream as jsonstream
from hackoclock.ingest.readers.json_array_lines import ArrayReader

ITEMS = [{"id": str(i), "text": f"caption {i} 📈", "n": i} for i in range(1, 6)]


def _lines(items: list[dict[str, Any]], head: str, tail: str) -> bytes:
    body = ",\n".join(json.dumps(i, ensure_ascii=False) for i in items)
    return (head + "\n" + body + "\n" + tail).encode()


def _read(data: bytes) -> tuple[list[Any], ArrayReader]:
    reader = ArrayReader(io.BytesIO(data), ("collector",))
    return [value for _raw, value in reader.elements()], reader


@pytest.mark.parametrize(
    "data",
    [
        _lines(ITEMS, '{"headers": {"a": 1}, "collector": [', '], "zip": "z"}\n'),
        _lines(ITEMS, '{"headers": {"a": 1}, "collector": [', '],\n"zip": "z"}'),
        json.dumps({"headers": {"a": 1}, "collector": ITEMS, "zip": "z"}).encode(),
        json.dumps({"headers": {"a": 1}, "collector": ITEMS, "zip": "z"}, indent=2).encode(),
        b"\xef\xbb\xbf" + _lines(ITEMS, '{"headers": {"a": 1}, "collector": [', '], "zip": "z"}'),
    ],
    ids=["lines", "tail-split", "one-line", "pretty", "bom"],
)
def test_every_layout_yields_the_same_elements_and_other_keys(data: bytes) -> None:
    values, reader = _read(data)
    assert values == ITEMS
    assert reader.other == {"headers": {"a": 1}, "zip": "z"}
    assert reader.array_key == "collector"


def test_a_line_holding_two_elements_falls_back_to_the_general_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jsonstream, "CHUNK_CHARS", 7)
    data = _lines(ITEMS[:2], '{"collector": [', "").rstrip() + b',\n{"id": "3"}, {"id": "4"}\n]}'
    values, _reader = _read(data)
    assert [v["id"] for v in values] == ["1", "2", "3", "4"]


def test_the_raw_text_of_each_element_is_kept() -> None:
    reader = ArrayReader(io.BytesIO(_lines(ITEMS, '{"collector": [', "]}")), ("collector",))
    raws = [raw for raw, _value in reader.elements()]
    assert json.loads(raws[0]) == ITEMS[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_lines(ITEMS, '{"collector": [', "")[:-1], "truncated"),
        (_lines(ITEMS, '{"collector": [', "").rstrip(b",\n")[:-15], "truncated"),
        (_lines(ITEMS, '{"collector": [', "]"), "invalid or truncated"),
        (_lines(ITEMS, '{"collector": [', "]} extra"), "invalid or truncated"),
        (_lines(ITEMS, "[", "] extra"), "unexpected content"),
        (_lines(ITEMS, '{"collector": [', "]}").replace(b"caption 3", b"caption \xff"), "UTF-8"),
    ],
)
def test_broken_line_files_raise_broken_file(data: bytes, message: str) -> None:
    with pytest.raises(BrokenFile, match=message):
        _read(data)
