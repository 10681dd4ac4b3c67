"""``hackoclock report fairness``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hackoclock.cli.common import console, database, fail
from hackoclock.errors import HackoclockError


def register(app: typer.Typer) -> None:
    report_app = typer.Typer(help="Reports on scoring runs.", no_args_is_help=True)

    @report_app.command("fairness")
    def fairness(
        run: Annotated[int, typer.Option("--run", help="Scoring run to report on.")],
        compare: Annotated[
            int | None,
            typer.Option(help="Another run (e.g. seed on the same period) to set beside it."),
        ] = None,
        out: Annotated[
            Path | None, typer.Option(help="Output folder (default: reports/run-<ID>/).")
        ] = None,
        sensitivity: Annotated[
            bool,
            typer.Option(
                help="Re-run the scoring without the largest video to measure outlier sensitivity."
            ),
        ] = True,
        strategies: Annotated[
            bool,
            typer.Option(
                help="Measure what splitting videos, accounts and periods, copies and pods gain."
            ),
        ] = False,
    ) -> None:
        """Write an HTML fairness report (Gini, Lorenz curve, top shares, correlations, plots)."""
        from hackoclock.scoring.report.service import write_fairness_report

        target = out if out is not None else Path("reports") / f"run-{run}"
        try:
            index = write_fairness_report(
                database(),
                run,
                target,
                compare_run_id=compare,
                sensitivity=sensitivity,
                strategies=strategies,
            )
        except HackoclockError as exc:
            raise fail(exc.message) from exc
        console.print(str(index), highlight=False, soft_wrap=True)

    app.add_typer(report_app, name="report")
