"""``hackoclock score``, ``hackoclock runs list`` and ``hackoclock runs show``."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hackoclock.cli.common import console, database
from hackoclock.errors import InvalidInput
from hackoclock.scoring import export, queries, service
from hackoclock.scoring.methods.registry import DEFAULT_METHOD, METHODS

METHOD_HELP = "; ".join(f"{m.name}: {m.summary}" for m in METHODS.values())


def parse_period(text: str | None) -> tuple[datetime | None, datetime | None]:
    """'START..END' of ISO dates or datetimes (UTC unless a zone is given); either may be empty."""
    if not text:
        return None, None
    if ".." not in text:
        raise InvalidInput(f"--period must look like START..END, got {text!r}")
    left, right = text.split("..", 1)
    return _moment(left), _moment(right)


def _moment(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"{text!r} is not an ISO date or datetime") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parquet_path(text: str | None, option: str) -> Path | None:
    if text is None or text == "db":
        return None
    if not text.startswith("parquet:") or len(text) <= len("parquet:"):
        raise InvalidInput(f"{option} must be 'db' or parquet:PATH, got {text!r}")
    return Path(text[len("parquet:") :])


def register(app: typer.Typer) -> None:
    runs_app = typer.Typer(help="Scoring runs.", no_args_is_help=True)

    @app.command("score")
    def score(
        period: str = typer.Option(None, help="START..END (ISO dates, UTC); default all time."),
        method: str = typer.Option(DEFAULT_METHOD, help=METHOD_HELP),
        engine: str = typer.Option("duckdb", help="duckdb (default) or spark."),
        config: Annotated[
            Path | None, typer.Option(help="TOML file overriding the method's defaults.")
        ] = None,
        input: str = typer.Option("db", "--input", help="db (default) or parquet:PATH."),
        output: str = typer.Option("db", "--output", help="db (default) or parquet:PATH."),
    ) -> None:
        """Score a period: every video's components, points, flags; stored as a run."""
        start, end = parse_period(period)
        source = _parquet_path(input, "--input")
        target = _parquet_path(output, "--output")
        if source is not None and target is None:
            raise InvalidInput("--input parquet:PATH needs --output parquet:PATH")
        if target is not None:
            with console.status(f"scoring on {engine}"):
                done = service.score_to_file(
                    None if source is not None else database(),
                    target,
                    source=source,
                    period_start=start,
                    period_end=end,
                    method=method,
                    engine=engine,
                    config_path=config,
                )
            console.print(done.sentence())
            return
        db = database()
        with console.status("scoring") as status:
            run_id = service.run_scoring(
                db,
                period_start=start,
                period_end=end,
                method=method,
                engine=engine,
                config_path=config,
                progress=lambda msg: status.update(msg),
            )
        run = service.get_run(db, run_id)
        console.print(
            f"run {run_id}: {run['method']} on {run['engine']}, "
            f"{run['videos_scored']} videos scored, {run['points_total']} points"
        )

    @runs_app.command("list")
    def list_runs(
        limit: int = typer.Option(20, help="How many runs."),
        offset: int = typer.Option(0, help="Skip this many (newest first)."),
    ) -> None:
        """List scoring runs, newest first."""
        table = Table("id", "method", "engine", "period", "status", "videos", "points", "created")
        for run in service.list_runs(database(), limit, offset):
            table.add_row(
                str(run["id"]),
                run["method"],
                run["engine"],
                f"{run['period_start']:%Y-%m-%d} .. {run['period_end']:%Y-%m-%d}",
                run["status"],
                str(run["videos_scored"]),
                str(run["points_total"]),
                f"{run['created_at']:%Y-%m-%d %H:%M}",
            )
        console.print(table)

    @runs_app.command("show")
    def show_run(
        run_id: int = typer.Argument(..., help="The run id."),
        top: int = typer.Option(10, help="How many top videos to show."),
    ) -> None:
        """Show one run: its summary and its top videos with their explanations."""
        db = database()
        run = service.get_run(db, run_id)
        console.print(
            f"run {run['id']}  {run['method']} on {run['engine']}  status {run['status']}\n"
            f"period {run['period_start'].isoformat()} .. {run['period_end'].isoformat()}\n"
            f"videos scored {run['videos_scored']}  points {run['points_total']}  "
            f"config sha256 {run['config_hash'][:12]}",
            highlight=False,
        )
        if run["error"]:
            console.print(f"error: {run['error']}", markup=False)
        params = run["parameters"] or {}
        if params:
            console.print(
                f"eligible {params.get('eligible')}  held {params.get('held')} "
                f"({params.get('held_points')} points)",
                highlight=False,
            )
        table = Table("video", "creator", "views", "points", "held", "why")
        for row in queries.run_videos(db, run_id, limit=top):
            table.add_row(
                row["video_id"],
                row["creator_id"],
                "" if row["views"] is None else str(row["views"]),
                str(row["points"]),
                "held" if row["held"] else "",
                " ".join(row["explanation"][:2]),
            )
        console.print(table)

    @runs_app.command("export")
    def export_run(
        run_id: int = typer.Argument(..., help="The run id."),
        fmt: str = typer.Option("json", "--format", help="json, csv or parquet."),
        out: Annotated[
            Path | None, typer.Option(help="File to write (standard output if omitted).")
        ] = None,
    ) -> None:
        """Export every scored video of a run: paid views, points and parts, flags, why."""
        db = database()
        if out is None:
            export.export_run(db, run_id, fmt, sys.stdout)
            return
        n = export.export_run(db, run_id, fmt, out)
        console.print(f"wrote {n} videos of run {run_id} to {out}")

    app.add_typer(runs_app, name="runs")
