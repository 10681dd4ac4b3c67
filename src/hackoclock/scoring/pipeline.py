"""One entry point for every method and both engines: a period table in, scored rows out.

The result has one row per input video, sorted by ``video_id``, with: the period counts,
``score``, ``points``, ``eligible``, ``ineligible_reason``, ``held``, ``flag_<name>`` (fair),
``comp_<component>`` (0..1, NULL = missing), ``contrib_<component>`` (ints adding up to
``points``) and the method's detail columns (see ``methods.registry``): for ``value`` the paid
views and the multiplier's parts, for ``fair`` the robust z-scores behind the components
(``z_*``), for ``rank`` the engagement z-score and the percentile of each per-view rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
from ibis.backends import BaseBackend

from hackoclock.scoring.config import ScoringConfig
from hackoclock.scoring.engines import StageCache, connect, load, separate_stages
from hackoclock.scoring.methods import registry
from hackoclock.scoring.methods.stats import Materialize, keep
from hackoclock.scoring.schema import COUNTS

DETAILS = registry.ALL_DETAILS  # every detail column a method may produce


@dataclass(slots=True)
class ScoredPeriod:
    """The scored rows of a period and facts about how points were assigned."""

    frame: pd.DataFrame
    components: tuple[str, ...]
    info: dict[str, Any] = field(default_factory=dict)


def components_of(method: str) -> tuple[str, ...]:
    return registry.get(method).components


def scored_expr(
    con: BaseBackend, table: ir.Table, cfg: ScoringConfig, materialize: Materialize = keep
) -> tuple[ir.Table, dict[str, Any]]:
    """The scoring expression for ``table`` (a table of ``con``); the period statistics are
    computed through ``materialize``, the rows not yet."""
    method = registry.get(cfg.method)
    out, info = method.score(con, table, cfg, materialize)
    comps = method.components
    columns = (
        "video_id",
        "creator_id",
        *COUNTS,
        "follower_count",
        "sentiment",
        "score",
        "points",
        "eligible",
        "ineligible_reason",
        "held",
        *(f"comp_{c}" for c in comps),
        *(f"contrib_{c}" for c in comps),
        *method.details,
        *(f"flag_{f}" for f in method.flags),
    )
    return out.select(*columns).order_by("video_id"), info


def score_table(con: BaseBackend, table: ir.Table, cfg: ScoringConfig) -> ScoredPeriod:
    """Score a period table on ``con`` and bring the result back as a DataFrame."""
    cache = StageCache()
    try:
        with separate_stages():
            expr, info = scored_expr(con, table, cfg, cache)
            frame = con.to_pyarrow(expr).to_pandas()
    finally:
        cache.release()
    return ScoredPeriod(frame=frame, components=components_of(cfg.method), info=info)


def score_frame(
    data: pd.DataFrame | pa.Table, cfg: ScoringConfig, engine: str = "duckdb"
) -> ScoredPeriod:
    """Score an in-memory period table (one row per video) on the named engine."""
    con = connect(engine, cfg.spark_master)
    return score_table(con, load(con, data), cfg)


def score_to_parquet(
    con: BaseBackend, table: ir.Table, cfg: ScoringConfig, path: Path
) -> dict[str, Any]:
    """Score ``table`` and stream the result to a Parquet file (for large periods)."""
    cache = StageCache()
    try:
        with separate_stages():
            expr, info = scored_expr(con, table, cfg, cache)
            con.to_parquet(expr, str(path))
    finally:
        cache.release()
    return info
