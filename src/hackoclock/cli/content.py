"""``hackoclock analyze``: content scores for every video not yet scored."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from hackoclock.cli.common import console, database, settings
from hackoclock.content.providers import make_provider
from hackoclock.content.service import AnalyzeReport, analyze

EXIT_INTERRUPTED = 130
EXIT_FAILURES = 1
MAX_LISTED_FAILURES = 20


def _print_report(report: AnalyzeReport) -> None:
    console.print(
        f"{report.provider} ({escape(report.model)}, {escape(report.version)}): "
        f"scored {report.scored} ({report.neutral} neutral, {sum(report.unknown.values())}"
        f" unknown), skipped {report.skipped} already scored, failed {report.failed}"
    )
    if report.unknown:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(report.unknown.items()))
        console.print(f"unknown (no content score; scoring leaves it out): {reasons}")
    if report.sentiment_updated:
        console.print("videos.sentiment now holds these scores (the configured provider)")
    if not report.failures:
        return
    table = Table("video", "reason", "attempts", "error", title="failures")
    for failure in report.failures[:MAX_LISTED_FAILURES]:
        table.add_row(
            escape(failure.video_id),
            failure.reason,
            str(failure.attempts),
            escape(failure.message[:200]),
        )
    console.print(table)
    if report.failed > MAX_LISTED_FAILURES:
        console.print(
            f"... and {report.failed - MAX_LISTED_FAILURES} more (stored in content_failures)"
        )


def register(app: typer.Typer) -> None:
    @app.command("analyze")
    def analyze_command(
        provider: Annotated[
            str | None,
            typer.Option(help="lexicon (offline) or gemini; default: the configured one."),
        ] = None,
        limit: Annotated[int | None, typer.Option(min=0, help="Score at most N videos.")] = None,
        videos_dir: Annotated[
            Path | None, typer.Option(help="Folder of <video_id>.mp4 files (gemini).")
        ] = None,
        force: Annotated[bool, typer.Option(help="Score again videos already scored.")] = False,
        workers: Annotated[
            int | None, typer.Option(min=1, help="Videos scored at once (gemini).")
        ] = None,
    ) -> None:
        """Give videos a 0..1 content score (caption lexicon or Gemini video analysis)."""
        config = settings()
        chosen = make_provider(
            provider or config.content_provider, config, videos_dir=videos_dir, workers=workers
        )
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(f"analyze ({chosen.name})", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            try:
                report = analyze(
                    database(),
                    chosen,
                    limit=limit,
                    force=force,
                    progress=progress,
                    sentiment_provider=config.content_provider,
                    videos_dir=videos_dir,
                )
            except KeyboardInterrupt:
                bar.stop()
                console.print("interrupted: results so far are saved; run again to resume")
                raise typer.Exit(EXIT_INTERRUPTED) from None
        _print_report(report)
        if report.failures:
            raise typer.Exit(EXIT_FAILURES)
