"""The ``hackoclock`` command line (Typer). Each capability registers its own commands."""

from __future__ import annotations

import importlib

from hackoclock.cli.common import app, run

# Each module defines ``register(app)``; order sets the order in --help.
COMMAND_MODULES = (
    "hackoclock.cli.db",
    "hackoclock.cli.ingest",
    "hackoclock.cli.sample",
    "hackoclock.cli.content",
    "hackoclock.cli.scoring",
    "hackoclock.cli.report",
    "hackoclock.cli.ledger",
    "hackoclock.cli.shop",
    "hackoclock.cli.api",
    "hackoclock.cli.ui",
)

for _module in COMMAND_MODULES:
    try:
        importlib.import_module(_module).register(app)
    except ModuleNotFoundError as exc:  # a capability not built yet
        if exc.name != _module:
            raise


def main() -> None:
    run()


__all__ = ["app", "main"]
