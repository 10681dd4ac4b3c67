"""``hackoclock events``: ingest viewer events, qualified views per period, lockstep detection;
``hackoclock sample-events``: generate events with planted fraud. (A command group of its own:
``hackoclock ingest`` reads metrics; events have their own store and rules.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import ibis
import typer

from hackoclock.cli.common import console, fail, settings
from hackoclock.cli.sample import parse_start
from hackoclock.errors import InvalidInput
from hackoclock.events import store
from hackoclock.events.period import period_events, qualified_for_period
from hackoclock.sample.events import EventSpec, write_events


def _root(root: Path | None) -> Path:
    return root or settings().events_root


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Viewer events: ingest, qualified views, lockstep detection.")
    app.add_typer(group, name="events")

    @group.command("ingest")
    def ingest(
        files: Annotated[list[Path], typer.Argument(help="Event files (.parquet, .csv, .jsonl).")],
        root: Annotated[
            Path | None, typer.Option(help="Events store (default data_dir/events).")
        ] = None,
    ) -> None:
        """Read viewer events into the day partitions; bad rows are quarantined with reasons."""
        try:
            r = store.ingest(files, _root(root))
        except InvalidInput as exc:
            raise fail(exc.message) from None
        console.print(
            f"read {r.read:,} events: {r.accepted:,} accepted into {len(r.days)} day(s), "
            f"{r.quarantined:,} quarantined"
            + (f" ({r.quarantine_file})" if r.quarantine_file else ""),
            highlight=False,
        )

    @group.command("qualify")
    def qualify(
        start: Annotated[str, typer.Option(help="Period start (ISO, UTC).")],
        end: Annotated[str, typer.Option(help="Period end, exclusive (ISO, UTC).")],
        root: Annotated[Path | None, typer.Option(help="Events store.")] = None,
        out: Annotated[
            Path | None, typer.Option(help="Write the per-video table (Parquet).")
        ] = None,
    ) -> None:
        """Qualified views per video for a period (flagged viewers' views do not qualify)."""
        con = ibis.duckdb.connect()
        found = qualified_for_period(con, _root(root), parse_start(start), parse_start(end))
        if found is None:
            raise fail("no events in the store before the period's end")
        table = found[0].order_by(ibis.desc("qualified_views"))
        if out is not None:
            table.to_parquet(out)
            console.print(f"wrote {out}")
        else:
            console.print(table.limit(20).execute().to_string(index=False))

    @group.command("detect")
    def detect(
        end: Annotated[str, typer.Option(help="Consider events before this time (ISO, UTC).")],
        root: Annotated[Path | None, typer.Option(help="Events store.")] = None,
        manifest: Annotated[
            Path | None, typer.Option(help="A generator manifest: report precision and recall.")
        ] = None,
    ) -> None:
        """Lockstep groups (CopyCatch-like); with a manifest, precision and recall."""
        from hackoclock.events.evaluate import score_detection
        from hackoclock.events.lockstep import flagged_viewers

        con = ibis.duckdb.connect()
        ev = period_events(con, _root(root), parse_start(end))
        if ev is None:
            raise fail("no events in the store")
        flagged = flagged_viewers(ev).to_pyarrow()
        console.print(
            f"{flagged.num_rows:,} viewers flagged in "
            f"{len(set(flagged['group_id'].to_pylist())):,} group(s)"
        )
        if manifest is not None:
            honest = set(ev.viewer_id.as_table().distinct().to_pyarrow()["viewer_id"].to_pylist())
            planted = json.loads(manifest.read_text(encoding="utf-8"))
            honest -= {v for a in planted["attacks"] for v in a["viewers"]}
            console.print_json(
                json.dumps(score_detection(set(flagged["viewer_id"].to_pylist()), planted, honest))
            )

    @app.command("sample-events")
    def sample_events(
        out: Annotated[Path, typer.Option(help="Output (.parquet, .csv or .jsonl).")] = Path(
            "events.parquet"
        ),
        events: Annotated[int, typer.Option(help="Honest view events.")] = 200_000,
        viewers: Annotated[int, typer.Option(help="Honest viewers.")] = 20_000,
        videos: Annotated[int, typer.Option(help="Videos.")] = 2_000,
        creators: Annotated[int, typer.Option(help="Creators.")] = 300,
        days: Annotated[int, typer.Option(help="Days.")] = 7,
        seed: Annotated[int, typer.Option(help="Random seed.")] = 2026,
    ) -> None:
        """Write synthetic viewer events with planted fraud, a manifest and the video map."""
        try:
            rows, mpath, vpath = write_events(
                out, EventSpec(events, viewers, videos, creators, days, seed)
            )
        except InvalidInput as exc:
            raise fail(exc.message) from None
        console.print(
            f"wrote {rows:,} events to {out}; manifest {mpath}; videos {vpath}", highlight=False
        )
