"""Scoring runs against the database: read a period, score it, store the run and its rows.

``run_scoring`` records the run as ``running`` first, then in one transaction writes every
video's score, sets ``videos.video_points`` to this (the latest) run's points and marks the run
``finished``; on any error the run is marked ``failed`` with the message and nothing else is
written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from hackoclock.content.originality import originality
from hackoclock.db.engine import Database
from hackoclock.db.tables import videos
from hackoclock.db.tables_scoring import (
    RUN_FAILED,
    RUN_FINISHED,
    RUN_RUNNING,
    scoring_runs,
    video_scores,
)
from hackoclock.errors import InvalidInput, NotFound
from hackoclock.events.period import with_qualified_views
from hackoclock.scoring import ENGINES
from hackoclock.scoring.config import ScoringConfig, load_config
from hackoclock.scoring.engines import connect, load
from hackoclock.scoring.inputs import (
    EPOCH,
    frame_hash,
    latest_observation,
    paid_views_marks,
    parquet_table,
    period_table,
    read_snapshots,
    read_video_facts,
)
from hackoclock.scoring.methods.registry import DEFAULT_METHOD
from hackoclock.scoring.methods.registry import get as get_method
from hackoclock.scoring.pipeline import ScoredPeriod, score_table, score_to_parquet
from hackoclock.scoring.records import to_records
from hackoclock.scoring.timeutil import aware_row

Progress = Callable[[str], None]
INSERT_CHUNK = 2000
RUN_SUMMARY = (
    "id",
    "method",
    "engine",
    "period_start",
    "period_end",
    "config_hash",
    "input_hash",
    "status",
    "error",
    "created_at",
    "finished_at",
    "videos_scored",
    "points_total",
)


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def resolve_period(
    db: Database, start: datetime | None, end: datetime | None
) -> tuple[datetime, datetime]:
    """The period to score; missing bounds mean all time (to just after the newest snapshot)."""
    start, end = _aware(start), _aware(end)
    if end is None:
        newest = latest_observation(db)
        end = (newest or _now()) + timedelta(microseconds=1)
    if start is None:
        start = EPOCH
    if start >= end:
        raise InvalidInput(f"the period must start before it ends ({start} .. {end})")
    return start, end


def run_scoring(
    db: Database,
    *,
    period_start: datetime | None = None,
    period_end: datetime | None = None,
    method: str = DEFAULT_METHOD,
    engine: str = "duckdb",
    config_path: Path | None = None,
    progress: Progress | None = None,
    events_root: Path | None = None,
) -> int:
    """Score the period [period_start, period_end) and store the run; returns the run id."""
    say = progress or (lambda _msg: None)
    cfg = load_config(method, config_path)
    _check_engine(engine)
    start, end = resolve_period(db, period_start, period_end)
    run_id = _start_run(db, cfg, engine, start, end)
    try:
        say("reading snapshots")
        snapshots = read_snapshots(db, end)
        say(f"scoring {snapshots['video_id'].nunique()} videos on {engine}")
        scored = _score(db, snapshots, cfg, engine, start, end, events_root)
        say("writing results")
        _finish_run(db, run_id, scored, cfg, engine, frame_hash(snapshots))
    except Exception as exc:
        _fail_run(db, run_id, f"{type(exc).__name__}: {exc}")
        raise
    say(f"run {run_id} finished")
    return run_id


@dataclass(frozen=True, slots=True)
class FileScoring:
    """What :func:`score_to_file` wrote."""

    target: Path
    videos: int | None  # rows written (counted when scored from the database)
    mode: str | None  # how points were assigned (absolute, pool)

    def sentence(self) -> str:
        if self.videos is None:
            return f"wrote {self.target} ({self.mode} points)"
        return f"wrote {self.videos} scored videos to {self.target}"


def score_to_file(
    db: Database | None,
    target: Path,
    *,
    source: Path | None = None,
    period_start: datetime | None = None,
    period_end: datetime | None = None,
    method: str = DEFAULT_METHOD,
    engine: str = "duckdb",
    config_path: Path | None = None,
) -> FileScoring:
    """Score a period into a Parquet file, stored as no run: from a Parquet ``source``
    (snapshots with ``observed_at``, or ready period rows, streamed by the engine) or, without
    one, from the database's snapshots."""
    cfg = load_config(method, config_path)
    _check_engine(engine)
    if source is not None:
        con = connect(engine, cfg.spark_master)
        info = score_to_parquet(
            con, parquet_table(con, source, period_start, period_end), cfg, target
        )
        return FileScoring(target=target, videos=None, mode=info.get("mode"))
    if db is None:
        raise InvalidInput("score_to_file needs a database or a Parquet source")
    start, end = resolve_period(db, period_start, period_end)
    scored = _score(db, read_snapshots(db, end), cfg, engine, start, end)
    if scored is None:
        raise InvalidInput(f"no snapshots before {end:%Y-%m-%d %H:%M} UTC: nothing to score")
    scored.frame.to_parquet(target, index=False)
    return FileScoring(target=target, videos=len(scored.frame), mode=scored.info.get("mode"))


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise InvalidInput(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def _score(
    db: Database,
    snapshots: Any,
    cfg: ScoringConfig,
    engine: str,
    start: datetime,
    end: datetime,
    events_root: Path | None = None,
) -> ScoredPeriod | None:
    if snapshots.empty:
        return None
    con = connect(engine, cfg.spark_master)
    table = period_table(con, snapshots, start, end)
    source = "counts"
    if get_method(cfg.method).pays_views:
        table = _with_marks(con, table, paid_views_marks(db))
        table = _with_originality(con, table, read_video_facts(db))
        # issue 18: qualified views from viewer events, when the store has any for the period
        table, source = with_qualified_views(con, table, events_root, start, end)
    scored = score_table(con, table, cfg)
    if source == "events":
        scored.info["paid_views_source"] = "events"
    return scored


def _with_marks(con: Any, table: Any, marks: Any) -> Any:
    """The period table with ``views_paid_before``: each video's paid-views mark (0 without
    one), read from the ledger when the run is scored; crediting refuses the run if a mark has
    moved since."""
    found = load(con, marks).rename(mark__video_id="video_id")
    joined = table.left_join(found, table.video_id == found.mark__video_id)
    return joined.drop("mark__video_id")


def _with_originality(con: Any, table: Any, facts: Any) -> Any:
    """The period table with each video's ``reupload_of`` and ``originality``, judged against
    every video in the database (an original may be older than the period)."""
    found = originality(load(con, facts))
    found = found.select("video_id", "reupload_of", "repost_of", "originality")
    found = found.rename(orig__video_id="video_id")
    joined = table.left_join(found, table.video_id == found.orig__video_id)
    return joined.drop("orig__video_id")


def _start_run(
    db: Database, cfg: ScoringConfig, engine: str, start: datetime, end: datetime
) -> int:
    with db.write() as conn:
        result = conn.execute(
            insert(scoring_runs).values(
                method=cfg.method,
                engine=engine,
                period_start=start,
                period_end=end,
                config_toml=cfg.text,
                config_hash=cfg.sha256,
                status=RUN_RUNNING,
                created_at=_now(),
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def _parameters(
    scored: ScoredPeriod | None, cfg: ScoringConfig, engine: str, records: list[dict[str, Any]]
) -> dict[str, Any]:
    params: dict[str, Any] = {"method": cfg.method, "engine": engine}
    params.update(scored.info if scored else {})
    params["components"] = list(scored.components) if scored else []
    if get_method(cfg.method).weighted:
        params["weights"] = dict(cfg.values["weights"])
    params["videos_in_period"] = len(records)
    params["eligible"] = sum(1 for r in records if r["eligible"])
    params["held"] = sum(1 for r in records if r["held"])
    params["held_points"] = sum(r["points"] for r in records if r["held"])
    return params


def _finish_run(
    db: Database,
    run_id: int,
    scored: ScoredPeriod | None,
    cfg: ScoringConfig,
    engine: str,
    input_hash: str,
) -> None:
    records = to_records(scored, run_id) if scored else []
    with db.write() as conn:
        for i in range(0, len(records), INSERT_CHUNK):
            conn.execute(insert(video_scores), records[i : i + INSERT_CHUNK])
        if records:
            conn.execute(
                update(videos)
                .where(videos.c.video_id == bindparam("vid"))
                .values(video_points=bindparam("pts")),
                [{"vid": r["video_id"], "pts": r["points"]} for r in records],
            )
        conn.execute(
            update(scoring_runs)
            .where(scoring_runs.c.id == run_id)
            .values(
                status=RUN_FINISHED,
                finished_at=_now(),
                input_hash=input_hash,
                videos_scored=_videos_scored(cfg, records),
                points_total=sum(r["points"] for r in records),
                parameters=_parameters(scored, cfg, engine, records),
            )
        )


def _videos_scored(cfg: ScoringConfig, records: list[dict[str, Any]]) -> int:
    """Most methods score every video (ineligible ones too); ``seed`` leaves out those without
    a content score, stored as not eligible."""
    if not get_method(cfg.method).scores_ineligible:
        return sum(1 for r in records if r["eligible"])
    return len(records)


def _fail_run(db: Database, run_id: int, error: str) -> None:
    with db.write() as conn:
        conn.execute(
            update(scoring_runs)
            .where(scoring_runs.c.id == run_id)
            .values(status=RUN_FAILED, error=error[:4000], finished_at=_now())
        )


def list_runs(db: Database, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Runs, newest first (without their configuration text)."""
    if limit < 1 or offset < 0:
        raise InvalidInput("limit must be at least 1 and offset at least 0")
    cols = [scoring_runs.c[name] for name in RUN_SUMMARY]
    query = select(*cols).order_by(scoring_runs.c.id.desc()).limit(limit).offset(offset)
    with db.read() as conn:
        return [aware_row(dict(row._mapping)) for row in conn.execute(query)]


def count_runs(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(scoring_runs)).scalar_one())


def get_run(db: Database, run_id: int) -> dict[str, Any]:
    """One run with its configuration text and parameters; ``NotFound`` if there is none."""
    with db.read() as conn:
        row = conn.execute(select(scoring_runs).where(scoring_runs.c.id == run_id)).first()
    if row is None:
        raise NotFound(f"scoring run {run_id} does not exist")
    return aware_row(dict(row._mapping))
