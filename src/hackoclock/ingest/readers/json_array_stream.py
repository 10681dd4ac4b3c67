"""Stream the elements of a big JSON array without loading the file.

``JsonStream`` walks a text stream chunk by chunk with ``json.JSONDecoder.raw_decode``. It
yields each element of the top-level array (``[...]``) or of the array under one key of the
top-level object (``{"collector": [...]}``), with the element's raw text; values under the
other top-level keys are decoded whole and kept in ``other`` (they are small in practice).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from hackoclock.ingest.errors import BrokenFile

CHUNK_CHARS = 1 << 20
MAX_ELEMENT_CHARS = 64 << 20
WHITESPACE = " \t\n\r"
_decoder = json.JSONDecoder()
_decode = _decoder.raw_decode


class JsonStream:
    """Iterate ``(raw_text, value)`` for each element of the array at ``array_keys``."""

    def __init__(self, stream: TextIO, array_keys: tuple[str, ...]) -> None:
        self._stream = stream
        self._keys = array_keys
        self._buf = ""
        self._pos = 0
        self._eof = False
        self.other: dict[str, Any] = {}
        self.array_key: str | None = None

    def elements(self) -> Iterator[tuple[str, Any]]:
        first = self._next_char()
        if first == "[":
            self._pos += 1
            yield from self._array()
        elif first == "{":
            self._pos += 1
            yield from self._object()
        else:
            raise BrokenFile("not a JSON object or array")
        if self._next_char() != "":
            raise BrokenFile("unexpected content after the end of the JSON document")

    def resume_array(self, *, in_object: bool) -> Iterator[tuple[str, Any]]:
        """Continue inside the array (the stream is positioned at an element or the ``]``)."""
        yield from self._array()
        if in_object:
            yield from self._object()
        if self._next_char() != "":
            raise BrokenFile("unexpected content after the end of the JSON document")

    def _object(self) -> Iterator[tuple[str, Any]]:
        while True:
            char = self._next_char()
            if char == "}":
                self._pos += 1
                return
            if char == ",":
                self._pos += 1
                continue
            key = self._value()
            if not isinstance(key, str):
                raise BrokenFile("invalid JSON: an object key is not a string")
            if self._next_char() != ":":
                raise BrokenFile("invalid JSON: expected ':' after a key")
            self._pos += 1
            if key in self._keys and self.array_key is None and self._next_char() == "[":
                self.array_key = key
                self._pos += 1
                yield from self._array()
            else:
                self.other[key] = self._value()

    def _array(self) -> Iterator[tuple[str, Any]]:
        while True:
            char = self._next_char()
            if char == "]":
                self._pos += 1
                return
            if char == ",":
                self._pos += 1
                continue
            if char == "":
                raise BrokenFile("truncated JSON: the file ends inside an array")
            if self._pos > CHUNK_CHARS:  # drop what was consumed before starting a value
                self._buf = self._buf[self._pos :]
                self._pos = 0
            start = self._pos
            value = self._value()
            yield self._buf[start : self._pos], value

    def _value(self) -> Any:
        """Decode one value at the cursor, reading more of the file until it is complete."""
        self._next_char()
        while True:
            try:
                value, end = _decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if self._eof:
                    raise BrokenFile(_describe(exc, self._eof)) from None
                if len(self._buf) - self._pos > MAX_ELEMENT_CHARS:
                    raise BrokenFile(
                        f"invalid JSON or a record over {MAX_ELEMENT_CHARS} chars"
                    ) from None
                self._fill(compact=False)
                continue
            if end == len(self._buf) and not self._eof and not isinstance(value, dict | list):
                self._fill(compact=False)  # a number or literal may continue in the next chunk
                continue
            self._pos = end
            return value

    def _next_char(self) -> str:
        """Skip whitespace and return the next character ('' at the end of the file)."""
        while True:
            buf, pos, size = self._buf, self._pos, len(self._buf)
            while pos < size and buf[pos] in WHITESPACE:
                pos += 1
            self._pos = pos
            if pos < size:
                return buf[pos]
            if self._eof:
                return ""
            self._fill(compact=True)

    def _fill(self, *, compact: bool) -> None:
        """Read the next chunk; drop what was consumed only when no value is half-read."""
        if compact and self._pos > CHUNK_CHARS:
            self._buf = self._buf[self._pos :]
            self._pos = 0
        try:
            chunk = self._stream.read(CHUNK_CHARS)
        except UnicodeDecodeError as exc:
            raise BrokenFile(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        if chunk:
            self._buf += chunk
        else:
            self._eof = True


def _describe(exc: json.JSONDecodeError, eof: bool) -> str:
    if eof and ("Unterminated" in exc.msg or exc.pos >= len(exc.doc) - 1):
        return "truncated JSON: the file ends in the middle of a value"
    return f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
