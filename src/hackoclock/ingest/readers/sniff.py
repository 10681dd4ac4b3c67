"""Tell the format of a file from its first bytes."""

from __future__ import annotations

import json
from pathlib import Path

from hackoclock.ingest.errors import BrokenFile, UnknownFormat
from hackoclock.ingest.model import FORMATS
from hackoclock.ingest.readers.aliases import canonical_columns
from hackoclock.ingest.readers.csvfile import DELIMITERS

HEAD_BYTES = 256 * 1024
BOM = "\ufeff"
JSONL_ID_KEYS = ("video_id", "id", "stats")


def read_head(path: Path) -> str:
    """The first bytes of the file as text; BrokenFile when empty or not UTF-8."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
        at_end = not handle.read(1)
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if at_end or exc.start < len(head) - 4:  # not just a character cut by the 256 KiB limit
            raise BrokenFile(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        text = head[: exc.start].decode("utf-8")
    text = text.removeprefix(BOM)
    if not text.strip():
        raise BrokenFile("the file is empty")
    return text


def detect_format(path: Path, requested: str | None = None) -> str:
    """``requested`` when given (checked), else the format the content looks like."""
    if requested is not None:
        if requested not in FORMATS:
            raise UnknownFormat(f"unknown format {requested!r}; choose one of {', '.join(FORMATS)}")
        read_head(path)  # still refuse empty and non-UTF-8 files up front
        return requested
    return sniff(read_head(path))


def sniff(head: str) -> str:
    """The format of a file that starts with ``head``."""
    text = head.lstrip()
    if text.startswith("{"):
        return _sniff_object(text)
    if text.startswith("["):
        if '"authorMeta"' in text:
            return "scraper"
        if '"stats"' in text or '"statsV2"' in text or '"author"' in text:
            return "itemlist"
        raise UnknownFormat("a JSON array of items that are neither scraper nor itemList items")
    first_line = text.split("\n", 1)[0]
    if any(d in first_line for d in ",;\t|"):
        delimiter = max(DELIMITERS, key=first_line.count)
        headers = [h.strip().strip('"') for h in first_line.split(delimiter)]
        if "video_id" in canonical_columns(headers).values():
            return "csv"
    raise UnknownFormat("not a supported format (scraper JSON, itemList JSON, JSON Lines, CSV)")


def _sniff_object(text: str) -> str:
    line, newline, _rest = text.partition("\n")
    if newline:
        try:
            first = json.loads(line)
        except json.JSONDecodeError:
            first = None
        if isinstance(first, dict):
            if "collector" in first:
                return "scraper"
            if "itemList" in first or "items" in first:
                return "itemlist"
            if any(key in first for key in JSONL_ID_KEYS):
                return "jsonl"
            raise UnknownFormat("a JSON object that is not a video record (no video_id or id)")
    collector = _key_at(text, "collector")
    items = min(_key_at(text, "itemList"), _key_at(text, "items"))
    if collector < items:
        return "scraper"
    if items < collector:
        return "itemlist"
    if '"video_id"' in line or '"play_count"' in line:
        return "jsonl"
    raise UnknownFormat('a JSON object without a "collector" or "itemList" array')


def _key_at(text: str, key: str) -> int:
    index = text.find(f'"{key}"')
    return index if index >= 0 else len(text) + 1
