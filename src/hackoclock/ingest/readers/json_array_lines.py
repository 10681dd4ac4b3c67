"""Fast path for JSON arrays written one element per line (``json.dumps`` per item).

Most big exports put each array element on its own line. Then each line is decoded on its own
(``json.loads`` on bytes, several times faster than walking the text). The head line
(``{"headers": ..., "collector": [``) and the tail (``], "zip": ...}``) are checked as JSON
too. When the layout is anything else, or a line turns out not to hold exactly one element,
reading continues with the general :class:`JsonStream` from that point, so every valid JSON
document reads the same either way.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from hackoclock.ingest.errors import BrokenFile
from hackoclock.ingest.readers import json_codec as fastjson
from hackoclock.ingest.readers.json_array_stream import JsonStream

MAX_HEAD_BYTES = 1 << 20
BOM = b"\xef\xbb\xbf"
_loads = fastjson.loads


class ArrayReader:
    """Iterate ``(raw, value)`` for each element of the array at ``keys`` (see JsonStream)."""

    def __init__(self, stream: BinaryIO, keys: tuple[str, ...]) -> None:
        self._stream = stream
        self._keys = keys
        self.other: dict[str, Any] = {}
        self.array_key: str | None = None

    def elements(self) -> Iterator[tuple[str | bytes, Any]]:
        try:
            yield from self._elements()
        except UnicodeDecodeError as exc:
            raise BrokenFile(f"not UTF-8 text ({exc.reason})") from None

    def _elements(self) -> Iterator[tuple[str | bytes, Any]]:
        in_object = self._read_head()
        if in_object is None:
            self._stream.seek(0)
            yield from self._general(lambda js: js.elements())
            return
        stream = self._stream
        next_offset = stream.tell()  # counted from here on: tell() is a system call a line
        while True:
            offset = next_offset
            line = stream.readline()
            next_offset += len(line)
            if not line:
                raise BrokenFile("truncated JSON: the file ends inside an array")
            body = line.strip()
            if not body:
                continue
            if body[0] == 0x5D:  # "]"
                self._check_tail(body[1:] + stream.read(), in_object)
                return
            if body[-1] == 0x2C:  # ","
                body = body[:-1]
            try:
                value = _loads(body)
            except json.JSONDecodeError:
                if not line.endswith(b"\n"):
                    raise BrokenFile("truncated JSON: the last line is cut off") from None
                stream.seek(offset)
                yield from self._general(lambda js: js.resume_array(in_object=in_object))
                return
            yield body, value

    def _read_head(self) -> bool | None:
        """Consume the head line; True/False (inside an object/array) if the fast path fits."""
        head = self._stream.readline(MAX_HEAD_BYTES).removeprefix(BOM).strip()
        if head == b"[":
            return False
        if not (head.startswith(b"{") and head.endswith(b"[")):
            return None
        try:
            doc = _loads(head + b"]}")
        except json.JSONDecodeError:
            return None
        if not isinstance(doc, dict) or not doc:
            return None
        key = list(doc)[-1]
        if key not in self._keys or doc[key] != []:
            return None
        self.array_key = key
        self.other = {k: v for k, v in doc.items() if k != key}
        return True

    def _check_tail(self, tail: bytes, in_object: bool) -> None:
        text = tail.strip()
        if not in_object:
            if text:
                raise BrokenFile("unexpected content after the end of the JSON document")
            return
        try:
            rest = _loads(b'{"":0' + text) if text.startswith(b",") else _loads(b"{" + text)
        except json.JSONDecodeError as exc:
            raise BrokenFile(f"invalid or truncated JSON after the array: {exc.msg}") from None
        rest.pop("", None)
        self.other.update(rest)

    def _general(self, walk: Any) -> Iterator[tuple[str | bytes, Any]]:
        text = io.TextIOWrapper(self._stream, encoding="utf-8-sig", newline="")
        json_stream = JsonStream(text, self._keys)
        json_stream.array_key = self.array_key
        yield from walk(json_stream)
        self.other.update(json_stream.other)
        self.array_key = json_stream.array_key
        text.detach()
