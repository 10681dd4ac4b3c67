"""``hackoclock credit``, ``hackoclock held ...`` and ``hackoclock ledger ...``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.progress import Progress
from rich.table import Table

from hackoclock.cli.common import console, database, fail
from hackoclock.errors import HackoclockError
from hackoclock.ledger import service as ledger


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn a domain error into a one-line message and exit code 2."""
    try:
        yield
    except HackoclockError as exc:
        raise fail(exc.message) from exc


def _credit(
    run_id: int = typer.Argument(..., help="Scoring run id."),
    preview: bool = typer.Option(
        False, "--preview", help="Show what crediting would post per creator; post nothing."
    ),
    confirm: str | None = typer.Option(
        None, "--confirm", help="A preview's token: post only if the plan is still that one."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Make this run the period's payouts in place of another method's."
    ),
    reason: str | None = typer.Option(None, "--reason", help="Why the payouts are replaced."),
) -> None:
    """Credit a finished scoring run's points to its creators (safe to repeat)."""
    db = database()
    if preview:
        with domain_errors():
            plan = ledger.preview_credit(db, run_id, replace=replace)
        _print_preview(plan)
        if plan.refused:
            raise fail(f"run {run_id} cannot be credited: " + "; ".join(plan.refusals))
        return
    with domain_errors(), Progress(console=console, transient=True) as bar:
        task = bar.add_task(f"crediting run {run_id}", total=None)
        report = ledger.credit_run(
            db,
            run_id,
            confirm=confirm,
            replace=replace,
            reason=reason,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    if report.already_credited:
        console.print(f"run {run_id} was already credited: nothing new posted")
        return
    console.print(
        f"run {run_id}: {report.accruals_written} accruals, {report.points_to_creators} points to "
        f"creators, {report.points_held} held, {report.points_clawed_back} clawed back, "
        f"{report.debt_added} recorded as debt, {report.superseded} earlier holds superseded"
    )


def _print_preview(plan: ledger.CreditPreview) -> None:
    period = f"{plan.period_start:%Y-%m-%d %H:%M}..{plan.period_end:%Y-%m-%d %H:%M}"
    what = " (replacing the period's payouts)" if plan.replace else ""
    console.print(f"run {plan.run_id} ({plan.method}, {period}){what}: {plan.accruals} accruals")
    table = Table(
        "creator",
        "videos",
        "to post",
        "already paid",
        "clawed back",
        "debt",
        "held",
        "superseded",
    )
    for c in [*plan.creators, plan.totals]:
        table.add_row(
            c.creator_id,
            str(c.videos),
            str(c.to_post),
            str(c.already_paid),
            str(c.clawed_back),
            f"+{c.debt_added} / -{c.debt_settled}",
            str(c.held),
            str(c.superseded),
        )
    console.print(table)
    if plan.token is not None:
        flags = ' --replace --reason "..."' if plan.replace else ""
        console.print(
            f"token {plan.token}: hackoclock credit {plan.run_id} --confirm {plan.token}{flags}"
        )


def _held_app() -> typer.Typer:
    held = typer.Typer(help="Points held for review.", no_args_is_help=True)

    @held.command("list")
    def list_(
        limit: int = typer.Option(50, help="Rows per page."),
        offset: int = typer.Option(0, help="Rows to skip."),
    ) -> None:
        """List accruals waiting for an operator to release or void them."""
        with domain_errors():
            items = ledger.list_held(database(), limit=limit, offset=offset)
        table = Table("run", "video", "creator", "points", "period", "flags")
        for h in items:
            period = f"{h.period_start:%Y-%m-%d}..{h.period_end:%Y-%m-%d}"
            table.add_row(
                str(h.run_id), h.video_id, h.creator_id, str(h.amount), period, str(h.flags)
            )
        console.print(table if items else "no held points")

    @held.command("release")
    def release(
        run_id: int = typer.Argument(..., help="Scoring run id."),
        video_id: str = typer.Argument(..., help="Video id."),
        operator: str = typer.Option(..., "--operator", help="Who releases the points."),
    ) -> None:
        """Release a held accrual's points to its creator."""
        with domain_errors():
            out = ledger.release_held(database(), run_id, video_id, operator=operator)
        console.print(
            f"released {out.amount} points to {out.creator_id} (debt settled {out.debt_settled})"
        )

    @held.command("void")
    def void(
        run_id: int = typer.Argument(..., help="Scoring run id."),
        video_id: str = typer.Argument(..., help="Video id."),
        operator: str = typer.Option(..., "--operator", help="Who voids the points."),
        reason: str = typer.Option(..., "--reason", help="Why the points are voided."),
    ) -> None:
        """Void a held accrual: its points go back to the platform."""
        with domain_errors():
            out = ledger.void_held(database(), run_id, video_id, operator=operator, reason=reason)
        console.print(f"voided {out.amount} held points of {out.creator_id}")

    return held


def _ledger_app() -> typer.Typer:
    app = typer.Typer(help="Balances, history and verification.", no_args_is_help=True)

    @app.command("balance")
    def balance(creator_id: str = typer.Argument(..., help="Creator id.")) -> None:
        """Show a creator's spendable balance, lifetime points and any debt."""
        db = database()
        with domain_errors():
            bal, life, owed = (
                ledger.balance(db, creator_id),
                ledger.lifetime_points(db, creator_id),
                ledger.debt(db, creator_id),
            )
        console.print(f"{creator_id}: balance {bal}, lifetime {life}, debt {owed}")

    @app.command("history")
    def history(
        creator_id: str = typer.Argument(..., help="Creator id."),
        limit: int = typer.Option(50, help="Rows per page."),
        offset: int = typer.Option(0, help="Rows to skip."),
    ) -> None:
        """List a creator's transfers, newest first."""
        with domain_errors():
            rows = ledger.history(database(), creator_id, limit=limit, offset=offset)
        table = Table("id", "time (UTC)", "kind", "points", "counterparty", "reference")
        for r in rows:
            table.add_row(
                str(r.id),
                f"{r.created_at:%Y-%m-%d %H:%M:%S}",
                r.kind,
                f"{r.amount:+d}",
                r.counterparty,
                r.ref,
            )
        console.print(table if rows else "no transfers")

    @app.command("verify")
    def verify() -> None:
        """Recompute balances from transfers and check every invariant (exit 1 on failure)."""
        report = ledger.verify(database())
        if report.ok:
            console.print(
                f"ledger OK: {report.transfers_checked} transfers, "
                f"{report.accounts_checked} accounts"
            )
            return
        for problem in report.problems:
            console.print(f"- {problem}", highlight=False, markup=False)
        raise fail(f"ledger verification found {len(report.problems)} problem(s)", code=1)

    return app


def register(app: typer.Typer) -> None:
    app.command("credit")(_credit)
    app.add_typer(_held_app(), name="held")
    app.add_typer(_ledger_app(), name="ledger")
