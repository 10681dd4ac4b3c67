"""The ``hackoclock`` command line (Typer). Each capability registers its own commands."""

from __future__ import annotations

import importlib

from hackoclock.cli.common import app, run

# Each module defines ``register(app)``; order sets the order in --help.
COMMAND_MODULES = (
    "hackoclock.cli.db",
    "hackoclock.cli.ingest",
    "hackoclock.cli.sample",
    "hackoclock.cli.events",
    "hackoclock.cli.content",
    "hackoclock.cli.scoring",
    "hackoclock.cli.report",
    "hackoclock.cli.ledger",
    "hackoclock.cli.shop",
    "hackoclock.cli.api",
    "hackoclock.cli.ui",
    "hackoclock.cli.demo",
)

for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def main() -> None:
    run()


__all__ = ["app", "main"]
