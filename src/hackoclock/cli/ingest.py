"""``hackoclock ingest FILE...`` and ``hackoclock status``."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from hackoclock.cli.common import console, database, fail
from hackoclock.errors import HackoclockError, InvalidInput
from hackoclock.ingest.model import FORMATS
from hackoclock.ingest.service import ImportReport, import_file, status
from hackoclock.timetext import parse_optional_moment


def _parse_observed_at(value: str | None) -> datetime | None:
    try:
        return parse_optional_moment(value, what="--observed-at")
    except InvalidInput as exc:
        raise fail(exc.message) from None


def _advance(bar: Progress, task: TaskID, records: int) -> None:
    bar.update(task, completed=records)


def _print_report(path: Path, report: ImportReport) -> None:
    if report.already_imported:
        console.print(
            f"{path}: already imported as batch {report.batch_id} "
            f"({report.records_read} records); nothing changed",
            highlight=False,
            soft_wrap=True,
        )
        return
    console.print(
        f"{path} [{report.format}] batch {report.batch_id}: read {report.records_read} = "
        f"accepted {report.accepted} + quarantined {report.quarantined}; "
        f"flagged {report.flagged}; videos new {report.videos_new}, updated "
        f"{report.videos_updated}; creators {report.creators}; "
        f"snapshots added {report.snapshots_added}" + ("; bulk load" if report.bulk_load else ""),
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    for reason, count in sorted(report.quarantine_reasons.items()):
        console.print(
            f"  quarantined {count}: {reason}", highlight=False, markup=False, soft_wrap=True
        )


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest(
        files: Annotated[
            list[Path], typer.Argument(help="Files to import (JSON, JSON Lines, CSV).")
        ],
        fmt: Annotated[
            str | None,
            typer.Option(
                "--format", help=f"Force the format: {', '.join(FORMATS)} (default: sniff)."
            ),
        ] = None,
        observed_at: Annotated[
            str | None,
            typer.Option(
                "--observed-at", help="When the data was observed (ISO 8601), if it says not."
            ),
        ] = None,
        bulk: Annotated[
            bool | None,
            typer.Option(
                "--bulk/--no-bulk",
                help="PostgreSQL: drop the ingest tables' foreign keys and secondary indexes "
                "for the load and rebuild them at the end (much faster for big loads; locks "
                "the ingest tables until the import ends). Default: automatic, by the size "
                "of the file against the tables.",
            ),
        ] = None,
    ) -> None:
        """Import video metrics from files; each file is one all-or-nothing batch."""
        moment = _parse_observed_at(observed_at)
        db = database()
        for path in files:
            with Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task(f"importing {path.name}", total=None)
                try:
                    report = import_file(
                        db,
                        path,
                        fmt=fmt,
                        observed_at=moment,
                        progress=partial(_advance, bar, task),
                        bulk=bulk,
                    )
                except HackoclockError as exc:
                    raise fail(f"{path}: {exc.message}") from None
            _print_report(path, report)

    @app.command("status")
    def show_status() -> None:
        """Show how many creators, videos, snapshots, batches and quarantined records exist."""
        counts = status(database())
        table = Table(title="hackoclock data")
        table.add_column("table")
        table.add_column("rows", justify="right")
        for name in ("creators", "videos", "snapshots", "batches", "quarantined"):
            table.add_row(name, str(counts[name]))
        console.print(table)
        latest = counts["latest_batch"]
        if latest is not None:
            console.print(
                f"latest batch {latest['id']}: {latest['source']} ({latest['format']}, "
                f"{latest['status']}) read {latest['records_read']} = accepted "
                f"{latest['accepted']} + quarantined {latest['quarantined']}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )

    # The sample engineer's ``hackoclock sample`` lives in cli/sample.py (registered by the lead).
