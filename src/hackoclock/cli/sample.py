"""``hackoclock sample``: write a synthetic data set in a real format."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from hackoclock.cli.common import console, fail
from hackoclock.errors import InvalidInput
from hackoclock.sample.generate import DEFAULT_START, SampleSpec, write_sample
from hackoclock.timetext import parse_moment


class SampleFormat(StrEnum):
    scraper = "scraper"
    jsonl = "jsonl"
    parquet = "parquet"


DEFAULT_OUT = {
    "scraper": "sample.json",
    "jsonl": "sample-history.jsonl",
    "parquet": "sample.parquet",
}


def parse_start(text: str) -> datetime:
    """An ISO date or date-time; without a zone it is UTC."""
    return parse_moment(text, what="--start")


def register(app: typer.Typer) -> None:
    @app.command("sample")
    def sample(
        creators: Annotated[int, typer.Option(help="Number of creators (N).")] = 300,
        videos: Annotated[int, typer.Option(help="Number of videos (M >= N).")] = 3_000,
        seed: Annotated[int, typer.Option(help="Random seed; same seed, same bytes.")] = 2026,
        data_format: Annotated[
            SampleFormat,
            typer.Option("--format", help="scraper (JSON export), jsonl (history) or parquet."),
        ] = SampleFormat.scraper,
        snapshots: Annotated[
            int | None,
            typer.Option(help="Observations per video (jsonl, parquet); default 3 for jsonl."),
        ] = None,
        start: Annotated[
            str, typer.Option(help="Start of the posting window (ISO; UTC unless a zone is given).")
        ] = DEFAULT_START.strftime("%Y-%m-%dT%H:%M:%SZ"),
        days: Annotated[int, typer.Option(help="Length of the posting window in days.")] = 14,
        snapshot_hours: Annotated[int, typer.Option(help="Hours between snapshots.")] = 96,
        plant: Annotated[bool, typer.Option(help="Plant manipulations (see the manifest).")] = True,
        out: Annotated[
            Path | None, typer.Option(help="Output file (default sample.json, ...).")
        ] = None,
    ) -> None:
        """Write a synthetic TikTok data set (with a manifest of planted manipulations)."""
        fmt = data_format.value
        if snapshots is None:
            snapshots = 3 if fmt == "jsonl" else 1
        path = out or Path(DEFAULT_OUT[fmt])
        if path.is_dir():
            raise fail(f"--out {path} is a folder; give a file name")
        if not path.parent.exists():
            raise fail(f"--out: folder {path.parent} does not exist")
        try:
            spec = SampleSpec(
                creators, videos, seed, parse_start(start), days, snapshots, snapshot_hours, plant
            )
            total = spec.n_videos * spec.snapshots
            with Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task(f"writing {path.name}", total=total)
                result = write_sample(path, spec, fmt, progress=lambda n: bar.advance(task, n))
        except InvalidInput as exc:
            raise fail(exc.message) from None
        console.print(
            f"wrote {result.records:,} records ({spec.n_videos:,} videos by "
            f"{spec.n_creators:,} creators, {spec.snapshots} snapshot(s)) to {result.path} "
            f"({result.bytes / 1e6:.1f} MB); manifest {result.manifest}",
            highlight=False,
        )
