"""Re-run a scoring run with and without one video, through the real scoring service.

The run's inputs are copied into a scratch SQLite database (every table except scoring
results, the ledger/shop, quarantined records and content failures), the run's stored
configuration is written to a file, and ``hackoclock.scoring.service.run_scoring`` scores the
run's period twice: once as is (the baseline, which should reproduce the stored points) and
once after the video's rows are deleted. The caller's database is only read.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

from hackoclock.db.all_tables import metadata
from hackoclock.db.engine import Database
from hackoclock.db.migrate import upgrade
from hackoclock.db.tables_scoring import scoring_runs, video_scores
from hackoclock.scoring.report.data import RunInfo

COPY_CHUNK = 5000
EXCLUDED_MODULES = ("hackoclock.db.tables_ledger", "hackoclock.db.tables_shop")
NOT_READ_BY_SCORING = ("quarantined_records", "content_failures")  # can be large; skip them
RESCORE_ENGINE = "duckdb"  # engines must give identical points; DuckDB is the fast one

Rescorer = Callable[..., int]


class RescoreUnavailable(Exception):
    """The scoring service cannot be used here (not installed, or without ``run_scoring``)."""


def scoring_service() -> Rescorer:
    """``run_scoring`` from the scoring service, or ``RescoreUnavailable``."""
    try:
        module = importlib.import_module("hackoclock.scoring.service")
    except ImportError as exc:
        raise RescoreUnavailable(f"the scoring service is not available ({exc})") from exc
    run_scoring = getattr(module, "run_scoring", None)
    if not callable(run_scoring):
        raise RescoreUnavailable("hackoclock.scoring.service has no run_scoring function")
    return run_scoring


def _excluded_tables() -> set[str]:
    names = {scoring_runs.name, video_scores.name, *NOT_READ_BY_SCORING}
    for module_name in EXCLUDED_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        names |= {t.name for t in vars(module).values() if isinstance(t, Table)}
    changed = True
    while changed:  # and anything that points at an excluded table
        changed = False
        for table in metadata.sorted_tables:
            parents = {fk.column.table.name for fk in table.foreign_keys}
            if table.name not in names and parents & names:
                names.add(table.name)
                changed = True
    return names


def source_tables() -> list[Table]:
    """The tables a scoring run may read, parents before children."""
    excluded = _excluded_tables()
    return [t for t in metadata.sorted_tables if t.name not in excluded]


def _copy_table(src: Connection, dst: Connection, table: Table) -> None:
    result = src.execution_options(stream_results=True).execute(select(table))
    for chunk in result.mappings().partitions(COPY_CHUNK):
        dst.execute(insert(table), [dict(row) for row in chunk])


def copy_sources(source: Database, scratch: Database) -> None:
    """Copy every input table of scoring from ``source`` into the (migrated) ``scratch``."""
    with source.read() as src, scratch.write() as dst:
        for table in source_tables():
            _copy_table(src, dst, table)


def delete_video(scratch: Database, video_id: str) -> None:
    """Remove every row of one video from the scratch database."""
    with scratch.write() as conn:
        for table in reversed(metadata.sorted_tables):
            if "video_id" in table.c and table.name != "videos":
                conn.execute(delete(table).where(table.c.video_id == video_id))
        videos = metadata.tables["videos"]
        conn.execute(delete(videos).where(videos.c.video_id == video_id))


def run_points(db: Database, run_id: int) -> dict[str, int]:
    """video_id -> points of one run."""
    query = select(video_scores.c.video_id, video_scores.c.points).where(
        video_scores.c.run_id == run_id
    )
    with db.read() as conn:
        return {str(v): int(p) for v, p in conn.execute(query)}


def rescore_without(
    db: Database, run: RunInfo, video_id: str, run_scoring: Rescorer
) -> tuple[dict[str, int], dict[str, int]]:
    """Points of the run re-scored as is (baseline) and without ``video_id``."""
    with tempfile.TemporaryDirectory(prefix="hk-rescore-") as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text(run.config_toml, encoding="utf-8")
        scratch = Database(f"sqlite:///{Path(tmp) / 'scratch.db'}")
        kwargs: dict[str, Any] = {
            "period_start": run.period_start,
            "period_end": run.period_end,
            "method": run.method,
            "engine": RESCORE_ENGINE,
            "config_path": config,
        }
        try:
            upgrade(scratch)
            copy_sources(db, scratch)
            baseline = run_points(scratch, run_scoring(scratch, **kwargs))
            delete_video(scratch, video_id)
            without = run_points(scratch, run_scoring(scratch, **kwargs))
        finally:
            scratch.dispose()
    return baseline, without
