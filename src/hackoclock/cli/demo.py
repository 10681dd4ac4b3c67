"""``hackoclock demo``: the main job on the bundled sample data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hackoclock.cli.common import console, database, settings

SampleDir = Annotated[
    Path | None, typer.Option("--sample-dir", help="Folder with the bundled sample files.")
]


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(sample_dir: SampleDir = None) -> None:
        """Import the bundled sample data, analyse, score and credit three weeks, stock the shop."""
        from hackoclock.demo import SAMPLE_DIR, prepare_demo

        report = prepare_demo(
            database(), settings(), sample_dir=sample_dir or SAMPLE_DIR, say=console.print
        )
        console.print(f"demo ready: runs {report.runs}, credited {report.credited}")
