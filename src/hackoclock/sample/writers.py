"""Stream a synthetic data set to a file, chunk by chunk, with its manifest beside it.

Each writer writes ``<out>.tmp`` and renames it when done, so a failed run leaves no half file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from hackoclock.sample.dataset import SCHEMA, SampleGenerator
from hackoclock.sample.json_text import (
    SCRAPER_HEADERS,
    jsonl_authors,
    jsonl_lines,
    scraper_authors,
    scraper_objects,
)
from hackoclock.sample.manifest import manifest_path, write_manifest
from hackoclock.sample.ordered_map import ordered_map
from hackoclock.sample.spec import SampleSpec
from hackoclock.sample.videos import Chunk, observe

Progress = Callable[[int], None]  # called with the number of records just written
FORMATS = ("scraper", "jsonl", "parquet")


@dataclass(frozen=True)
class WriteResult:
    """What a writer produced."""

    path: Path
    manifest: Path | None
    records: int  # videos x snapshots
    bytes: int


def _write_strings(out: BinaryIO, strings: pa.Array, drop_tail: int = 0) -> None:
    """Write the concatenated values of a null-free string array straight from its buffer."""
    if strings.null_count:
        raise RuntimeError("sample generator bug: a JSON text came out null")
    _, offsets_buf, data = strings.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int32)
    first, last = offsets[strings.offset], offsets[strings.offset + len(strings)]
    out.write(memoryview(data)[first : last - drop_tail])


@contextmanager
def _atomic(path: Path) -> Iterator[BinaryIO]:
    tmp = path.with_name(path.name + ".tmp")
    try:
        with tmp.open("wb") as out:
            yield out
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _finish(gen: SampleGenerator, path: Path, fmt: str, manifest: bool) -> WriteResult:
    side = manifest_path(path) if manifest else None
    if side is not None:
        write_manifest(side, gen.collector.manifest(fmt))
    spec = gen.spec
    return WriteResult(path, side, spec.n_videos * spec.snapshots, path.stat().st_size)


def write_scraper(
    path: Path, spec: SampleSpec, *, manifest: bool = True, progress: Progress | None = None
) -> WriteResult:
    """tiktok-scraper export: ``{"headers": ..., "collector": [...], "zip": "trend"}``."""
    gen = SampleGenerator(spec)
    at_ts = int(spec.observed_at(0).timestamp())
    author_meta = scraper_authors(gen.creators)

    def render(k: int) -> tuple[int, Chunk, pa.Array]:
        chunk = gen.chunk(k)
        counts = observe(chunk, at_ts)
        return k, chunk, scraper_objects(gen.creators, author_meta, gen.text, chunk, counts)

    with _atomic(path) as out:
        out.write(b'{"headers":' + SCRAPER_HEADERS.encode() + b',"collector":[\n')
        for k, chunk, objects in ordered_map(render, range(spec.n_chunks)):
            gen.collect(k, chunk)
            _write_strings(out, objects, drop_tail=2 if k == spec.n_chunks - 1 else 0)
            if progress:
                progress(len(chunk))
        out.write(b'\n],"zip":"trend"}\n')
    return _finish(gen, path, "scraper", manifest)


def write_jsonl(
    path: Path, spec: SampleSpec, *, manifest: bool = True, progress: Progress | None = None
) -> WriteResult:
    """JSON Lines history, one flattened TikTokApi record per video and snapshot, oldest
    snapshot first; counts never fall between snapshots."""
    gen = SampleGenerator(spec)
    authors = jsonl_authors(gen.creators, *gen.author_stats())

    def render(job: tuple[int, int]) -> tuple[int, Chunk, pa.Array]:
        snapshot, k = job
        observed_at = spec.observed_at(snapshot)
        chunk = gen.chunk(k)
        counts = observe(chunk, int(observed_at.timestamp()))
        return k, chunk, jsonl_lines(gen.creators, authors, gen.text, chunk, counts, observed_at)

    jobs = ((s, k) for s in range(spec.snapshots) for k in range(spec.n_chunks))
    with _atomic(path) as out:
        for k, chunk, lines in ordered_map(render, jobs):
            gen.collect(k, chunk)
            _write_strings(out, lines)
            if progress:
                progress(len(chunk))
    return _finish(gen, path, "jsonl", manifest)


def write_parquet_file(
    path: Path, spec: SampleSpec, *, manifest: bool = True, progress: Progress | None = None
) -> WriteResult:
    """The flat records of ``generate`` (one row per video and snapshot) as Parquet."""
    gen = SampleGenerator(spec)
    with _atomic(path) as out, pq.ParquetWriter(out, SCHEMA) as writer:
        for batch in gen.batches():
            writer.write_batch(batch)
            if progress:
                progress(batch.num_rows)
    return _finish(gen, path, "parquet", manifest)


WRITERS: dict[str, Callable[..., WriteResult]] = {
    "scraper": write_scraper,
    "jsonl": write_jsonl,
    "parquet": write_parquet_file,
}
