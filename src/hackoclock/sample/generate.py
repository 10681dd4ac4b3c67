"""Synthetic TikTok-like sample data: the Python API of ``hackoclock sample``.

``generate`` streams flat Arrow record batches; the writers stream real file formats (the
tiktok-scraper JSON export, a TikTokApi JSON Lines history, Parquet) with a sidecar manifest of
the planted manipulations. The same arguments always give byte-identical output. See
``docs/sample-data.md`` for the model.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from hackoclock.errors import InvalidInput
from hackoclock.sample.dataset import SCHEMA, SampleGenerator
from hackoclock.sample.manifest import manifest_path
from hackoclock.sample.spec import DEFAULT_START, SampleSpec
from hackoclock.sample.writers import (
    FORMATS,
    WRITERS,
    Progress,
    WriteResult,
    write_jsonl,
    write_parquet_file,
    write_scraper,
)

__all__ = [
    "DEFAULT_START",
    "FORMATS",
    "SCHEMA",
    "SampleSpec",
    "WriteResult",
    "generate",
    "manifest_path",
    "write_jsonl_history",
    "write_parquet",
    "write_sample",
    "write_scraper_json",
]


def generate(
    n_creators: int,
    n_videos: int,
    seed: int = 2026,
    *,
    snapshots: int = 1,
    start: datetime = DEFAULT_START,
    days: int = 14,
    snapshot_hours: int = 96,
    plant: bool = True,
) -> Iterator[pa.RecordBatch]:
    """Flat records (``SCHEMA``) of a synthetic data set, in chunks of up to 65,536 videos;
    with ``snapshots`` > 1, every video once per snapshot, oldest snapshot first."""
    spec = SampleSpec(n_creators, n_videos, seed, start, days, snapshots, snapshot_hours, plant)
    return SampleGenerator(spec).batches()


def write_scraper_json(
    path: Path | str,
    n_creators: int = 300,
    n_videos: int = 3_000,
    seed: int = 2026,
    *,
    start: datetime = DEFAULT_START,
    days: int = 14,
    plant: bool = True,
    manifest: bool = True,
    progress: Progress | None = None,
) -> WriteResult:
    """Write a tiktok-scraper export (one observation, 6 hours after the posting window)."""
    spec = SampleSpec(n_creators, n_videos, seed, start, days, 1, 96, plant)
    return write_scraper(Path(path), spec, manifest=manifest, progress=progress)


def write_jsonl_history(
    path: Path | str,
    n_creators: int = 300,
    n_videos: int = 3_000,
    seed: int = 2026,
    *,
    snapshots: int = 3,
    start: datetime = DEFAULT_START,
    days: int = 14,
    snapshot_hours: int = 96,
    plant: bool = True,
    manifest: bool = True,
    progress: Progress | None = None,
) -> WriteResult:
    """Write a JSON Lines history with ``snapshots`` observations of every video."""
    spec = SampleSpec(n_creators, n_videos, seed, start, days, snapshots, snapshot_hours, plant)
    return write_jsonl(Path(path), spec, manifest=manifest, progress=progress)


def write_parquet(
    path: Path | str,
    n_creators: int = 300,
    n_videos: int = 3_000,
    seed: int = 2026,
    *,
    snapshots: int = 1,
    start: datetime = DEFAULT_START,
    days: int = 14,
    snapshot_hours: int = 96,
    plant: bool = True,
    manifest: bool = True,
    progress: Progress | None = None,
) -> WriteResult:
    """Write the flat records of ``generate`` as Parquet."""
    spec = SampleSpec(n_creators, n_videos, seed, start, days, snapshots, snapshot_hours, plant)
    return write_parquet_file(Path(path), spec, manifest=manifest, progress=progress)


def write_sample(
    path: Path | str,
    spec: SampleSpec,
    data_format: str = "scraper",
    *,
    manifest: bool = True,
    progress: Progress | None = None,
) -> WriteResult:
    """Write ``spec`` in ``data_format`` (one of ``FORMATS``)."""
    if data_format not in WRITERS:
        raise InvalidInput(f"unknown format {data_format!r}; use one of {', '.join(FORMATS)}")
    if data_format == "scraper" and spec.snapshots > 1:
        raise InvalidInput("the scraper format holds one observation; use --format jsonl")
    return WRITERS[data_format](Path(path), spec, manifest=manifest, progress=progress)
