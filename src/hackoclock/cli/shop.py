"""``hackoclock shop ...``, ``redeem``, ``redemptions ...`` and ``exposure export``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import typer
from rich.table import Column, Table

from hackoclock.cli.common import console, database, fail
from hackoclock.cli.ledger import domain_errors
from hackoclock.errors import InvalidInput
from hackoclock.shop import service as shop
from hackoclock.shop.models import UNSET
from hackoclock.timetext import parse_optional_moment


def _when(value: str | None, option: str) -> datetime | None:
    """An ISO-8601 time; without a zone it is taken as UTC."""
    try:
        return parse_optional_moment(value, what=option)
    except InvalidInput as exc:
        raise fail(exc.message) from None


def _rewards_table(rewards: list[shop.Reward]) -> Table:
    table = Table(
        Column("id", no_wrap=True), "name", "kind", "cost", "stock", "reserved", "limit", "active"
    )
    for r in rewards:
        limit = f"{r.limit_per_period}/{r.limit_period}" if r.limit_per_period else "-"
        stock = "unlimited" if r.stock is None else str(r.stock)
        table.add_row(
            r.reward_id,
            r.name,
            r.kind,
            str(r.amount),
            stock,
            str(r.reserved),
            limit,
            "yes" if r.active else "no",
        )
    return table


def _shop_app() -> typer.Typer:
    app = typer.Typer(help="The rewards catalogue.", no_args_is_help=True)

    @app.command("list")
    def list_(
        all_: bool = typer.Option(False, "--all", help="Include inactive rewards."),
        limit: int = typer.Option(100, help="Rows per page."),
        offset: int = typer.Option(0, help="Rows to skip."),
    ) -> None:
        """List the rewards on sale (or all of them)."""
        with domain_errors():
            rewards = shop.list_rewards(
                database(), include_inactive=all_, limit=limit, offset=offset
            )
        console.print(_rewards_table(rewards) if rewards else "no rewards")

    @app.command("add")
    def add(
        reward_id: str = typer.Argument(..., help="New reward id (letters, digits, . _ -)."),
        name: str = typer.Option(..., help="Display name."),
        amount: int = typer.Option(..., help="Cost in points."),
        exposure: str = typer.Option(..., help="What the creator is given."),
        kind: str = typer.Option("merch", help="merch, marketing_credit, cash or exposure."),
        description: str = typer.Option("", help="Longer description."),
        stock: int | None = typer.Option(None, help="Units in stock (omit for unlimited)."),
        limit: int | None = typer.Option(None, help="Redemptions per creator per period."),
        period: str = typer.Option("week", help="Limit period: day, week or month."),
        minutes: int | None = typer.Option(None, help="Exposure minutes (exposure rewards)."),
        active_from: str | None = typer.Option(None, help="On sale from (ISO time, UTC default)."),
        active_until: str | None = typer.Option(None, help="On sale until (ISO time)."),
    ) -> None:
        """Add a reward to the catalogue."""
        spec = shop.RewardSpec(
            reward_id=reward_id,
            name=name,
            amount=amount,
            exposure=exposure,
            kind=kind,
            description=description,
            stock=stock,
            limit_per_period=limit,
            limit_period=period,
            exposure_minutes=minutes,
            active_from=_when(active_from, "--active-from"),
            active_until=_when(active_until, "--active-until"),
        )
        with domain_errors():
            reward = shop.add_reward(database(), spec)
        console.print(_rewards_table([reward]))

    @app.command("edit")
    def edit(
        reward_id: str = typer.Argument(..., help="Reward id."),
        name: str | None = typer.Option(None, help="New name."),
        amount: int | None = typer.Option(None, help="New cost in points."),
        exposure: str | None = typer.Option(None, help="New description of what is given."),
        description: str | None = typer.Option(None, help="New long description."),
        stock: int | None = typer.Option(None, help="New stock."),
        unlimited: bool = typer.Option(False, "--unlimited", help="Make stock unlimited."),
        limit: int | None = typer.Option(None, help="New per-creator limit."),
        no_limit: bool = typer.Option(False, "--no-limit", help="Remove the per-creator limit."),
        period: str | None = typer.Option(None, help="New limit period."),
        active: bool | None = typer.Option(None, "--active/--inactive", help="Put on/off sale."),
        active_from: str | None = typer.Option(None, help="On sale from (ISO time)."),
        active_until: str | None = typer.Option(None, help="On sale until (ISO time)."),
    ) -> None:
        """Change a reward (pending redemptions keep their price)."""
        changes: dict[str, Any] = {
            "name": name,
            "amount": amount,
            "exposure": exposure,
            "description": description,
            "stock": stock,
            "limit_per_period": limit,
            "limit_period": period,
            "active": active,
            "active_from": _when(active_from, "--active-from"),
            "active_until": _when(active_until, "--active-until"),
        }
        given = {k: v for k, v in changes.items() if v is not None}
        if unlimited:
            given["stock"] = None
        if no_limit:
            given["limit_per_period"] = None
        with domain_errors():
            reward = shop.edit_reward(database(), reward_id, shop.RewardChanges(**given))
        console.print(_rewards_table([reward]))

    @app.command("deactivate")
    def deactivate(reward_id: str = typer.Argument(..., help="Reward id.")) -> None:
        """Take a reward off sale."""
        with domain_errors():
            shop.deactivate_reward(database(), reward_id)
        console.print(f"reward {reward_id} deactivated")

    @app.command("seed")
    def seed() -> None:
        """Add the default catalogue's missing rewards (existing ones are untouched)."""
        with domain_errors():
            rewards = shop.seed_default_catalogue(database())
        console.print(_rewards_table(rewards))

    return app


def _print_redemption(r: shop.Redemption) -> None:
    console.print(
        f"{r.id} {r.status}: {r.creator_id} -> {r.reward_id} for {r.amount} points ({r.exposure})",
        highlight=False,
        markup=False,
    )


def _redeem(
    creator: str = typer.Option(..., "--creator", help="Creator id."),
    reward: str = typer.Option(..., "--reward", help="Reward id."),
    key: str = typer.Option(..., "--key", help="Idempotency key (repeat it to retry safely)."),
    video: str | None = typer.Option(None, "--video", help="Video to boost (exposure rewards)."),
) -> None:
    """Redeem a reward for a creator: reserves the points and stock (pending)."""
    with domain_errors():
        r = shop.redeem(database(), creator, reward, key, video_id=video)
    _print_redemption(r)


def _redemptions_app() -> typer.Typer:
    app = typer.Typer(help="Redemptions: list, fulfil, cancel.", no_args_is_help=True)

    @app.command("list")
    def list_(
        creator: str | None = typer.Option(None, "--creator", help="Only this creator's."),
        status: str | None = typer.Option(None, help="pending, fulfilled or cancelled."),
        limit: int = typer.Option(50, help="Rows per page."),
        offset: int = typer.Option(0, help="Rows to skip."),
    ) -> None:
        """List redemptions, newest first."""
        with domain_errors():
            rows = shop.list_redemptions(
                database(), creator_id=creator, status=status, limit=limit, offset=offset
            )
        table = Table(
            Column("id", no_wrap=True), "created (UTC)", "creator", "reward", "points", "status"
        )
        for r in rows:
            table.add_row(
                r.id,
                f"{r.creation_date:%Y-%m-%d %H:%M}",
                r.creator_id,
                r.reward_id,
                str(r.amount),
                r.status,
            )
        console.print(table if rows else "no redemptions")

    @app.command("fulfil")
    def fulfil(redemption_id: str = typer.Argument(..., help="Redemption id.")) -> None:
        """Fulfil a pending redemption: spend the points, consume the stock."""
        with domain_errors():
            _print_redemption(shop.fulfil(database(), redemption_id))

    @app.command("cancel")
    def cancel(redemption_id: str = typer.Argument(..., help="Redemption id.")) -> None:
        """Cancel a pending redemption: give back the points and the stock."""
        with domain_errors():
            _print_redemption(shop.cancel(database(), redemption_id))

    return app


def _exposure_app() -> typer.Typer:
    app = typer.Typer(help="Exposure grants for the recommender.", no_args_is_help=True)

    @app.command("export")
    def export(
        fmt: str = typer.Option("json", "--format", help="json or csv."),
        output: Path | None = typer.Option(  # noqa: B008
            None, "--output", "-o", help="File (default stdout)."
        ),
    ) -> None:
        """Export every exposure grant as JSON or CSV."""
        with domain_errors():
            text = shop.export_exposure(database(), fmt)
        if output is None:
            typer.echo(text, nl=not text.endswith("\n"))
        else:
            output.write_text(text, encoding="utf-8")
            console.print(f"wrote {output}")

    return app


def register(app: typer.Typer) -> None:
    app.add_typer(_shop_app(), name="shop")
    app.command("redeem")(_redeem)
    app.add_typer(_redemptions_app(), name="redemptions")
    app.add_typer(_exposure_app(), name="exposure")


__all__ = ["UNSET", "register"]
