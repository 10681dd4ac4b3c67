"""``hackoclock serve api`` and ``hackoclock token create``."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from hackoclock.auth import AuthNotConfigured, create_token, parse_ttl
from hackoclock.auth.demo import DemoModeRefused, check_demo
from hackoclock.auth.keys import verify_keys
from hackoclock.cli.common import err_console, fail, serve_app, settings

ROLE_CHOICES = ("creator", "operator")


HTTP_CHOICES = ("auto", "h11", "httptools")
LOOP_CHOICES = ("auto", "asyncio", "uvloop")


def _serve_api(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port (0: any free).")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    demo: Annotated[
        bool, typer.Option("--demo", help="Allow starting without a JWT key (demo secret).")
    ] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    http: Annotated[
        str, typer.Option(help="HTTP parser: auto (httptools if installed), h11, httptools.")
    ] = "auto",
    loop: Annotated[
        str, typer.Option(help="Event loop: auto (uvloop if installed), asyncio, uvloop.")
    ] = "auto",
) -> None:
    """Serve the REST API with uvicorn (OpenAPI docs at /docs); demo mode on loopback only."""
    import uvicorn

    if http not in HTTP_CHOICES or loop not in LOOP_CHOICES:
        raise fail(
            f"--http must be one of {', '.join(HTTP_CHOICES)} and "
            f"--loop one of {', '.join(LOOP_CHOICES)}"
        )
    config = settings()
    if demo:
        config = config.model_copy(update={"demo_mode": True})
    try:
        check_demo(config, host)
        verify_keys(config)
    except DemoModeRefused as exc:
        raise fail(f"{exc.message}; refusing to start") from exc
    except AuthNotConfigured as exc:
        raise fail(f"{exc.message}; refusing to start (use --demo for a demo)") from exc
    # the workers read the environment: each sizes its pool for this many processes
    os.environ["HACKOCLOCK_DB_PROCESSES"] = str(max(workers, config.db_processes))
    if config.demo_mode:
        os.environ["HACKOCLOCK_DEMO_MODE"] = "1"
        err_console.print(
            f"[yellow]demo mode:[/] tokens use the published demo secret; listening on {host} only"
        )
    uvicorn.run(
        "hackoclock.api.server:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        http=http,
        loop=loop,
    )


def _token_create(
    creator: Annotated[
        str, typer.Option("--creator", "--sub", help="The token's subject: a creator id.")
    ],
    role: Annotated[str, typer.Option(help="creator or operator.")] = "creator",
    ttl: Annotated[str, typer.Option(help="Lifetime: 90s, 15m, 1h, 7d, 2w.")] = "1h",
    demo: Annotated[bool, typer.Option("--demo", help="Sign with the demo secret.")] = False,
) -> None:
    """Print a signed bearer token for a creator (or an operator)."""
    if role not in ROLE_CHOICES:
        raise fail(f"--role must be one of {', '.join(ROLE_CHOICES)}, not {role!r}")
    try:
        lifetime = parse_ttl(ttl)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    config = settings()
    if demo:
        config = config.model_copy(update={"demo_mode": True})
    token = create_token(config, sub=creator, role=role, ttl=lifetime)  # type: ignore[arg-type]
    typer.echo(token)


def register(app: typer.Typer) -> None:
    serve_app.command("api")(_serve_api)
    token_app = typer.Typer(help="Bearer tokens for the REST API.", no_args_is_help=True)
    token_app.command("create")(_token_create)
    app.add_typer(token_app, name="token")
