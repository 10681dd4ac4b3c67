"""The scoring methods by name: what each computes, its components, details, flags and checks.

Adding a method is one module in this room plus one entry here; the pipeline, configuration,
run service, explanations, API, UI and CLI read this registry and never compare method names.
Each method ships its defaults as ``scoring/defaults/<name>.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir
from ibis.backends import BaseBackend

from hackoclock.errors import InvalidInput
from hackoclock.scoring.config import ScoringConfig
from hackoclock.scoring.methods import fair, rank, seed, value
from hackoclock.scoring.methods.flags import FLAGS as PER_UPLOAD_FLAGS
from hackoclock.scoring.methods.points import assign_points
from hackoclock.scoring.methods.stats import Materialize

Score = Callable[
    [BaseBackend, ir.Table, ScoringConfig, Materialize], tuple[ir.Table, dict[str, Any]]
]


@dataclass(frozen=True, slots=True)
class Method:
    """One scoring method."""

    name: str
    summary: str  # one line, for --help, the API schema and the console
    components: tuple[str, ...]  # comp_<c> (0..1) and contrib_<c> (ints adding up to points)
    details: tuple[str, ...]  # further per-video numbers kept in ``components`` JSON
    flags: tuple[str, ...]  # flag_<f> booleans (a flagged video is held)
    score: Score
    validate: Callable[[dict[str, Any]], None]
    pays_views: bool = False  # points for views above the paid-views mark (ledger marks)
    scores_ineligible: bool = True  # ineligible videos count as scored (seed: they do not)
    weighted: bool = False  # a weighted mean of components (its weights go in the run)


def _per_upload(scores: Callable[..., ir.Table]) -> Score:
    def score(
        con: BaseBackend, table: ir.Table, cfg: ScoringConfig, materialize: Materialize
    ) -> tuple[ir.Table, dict[str, Any]]:
        return assign_points(con, scores(table, cfg, materialize), cfg)

    return score


def _seed(
    con: BaseBackend, table: ir.Table, cfg: ScoringConfig, materialize: Materialize
) -> tuple[ir.Table, dict[str, Any]]:
    info = {"mode": "absolute", "multiplier": cfg.number("points", "multiplier")}
    return seed.seed_scores(table, cfg, materialize), info


FAIR_DETAILS = (
    "z_views",
    "z_engagement",
    "z_likes_per_view",
    "z_shares_per_view",
    "z_comments_per_view",
    "z_bookmarks_per_view",
)

METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method(
            name="value",
            summary="pays each view a video delivered once, x a bounded quality and content factor",
            components=value.COMPONENTS,
            details=value.DETAILS,
            flags=value.FLAGS,
            score=value.value_scores,
            validate=value.validate,
            pays_views=True,
        ),
        Method(
            name="fair",
            summary="a bounded score per video (reach, quality, content) x a scale, per upload",
            components=fair.COMPONENTS,
            details=FAIR_DETAILS,
            flags=PER_UPLOAD_FLAGS,
            score=_per_upload(fair.fair_scores),
            validate=fair.validate,
            weighted=True,
        ),
        Method(
            name="seed",
            summary="the hackathon prototype's formula, reproduced exactly (for comparison)",
            components=seed.SEED_FIELDS,
            details=(),
            flags=(),
            score=_seed,
            validate=seed.validate,
            scores_ineligible=False,
        ),
        Method(
            name="rank",
            summary="fair with mid-rank percentiles instead of clipped z-scores, per upload",
            components=fair.COMPONENTS,
            details=("z_engagement", *rank.RANK_RATE_COLUMNS),
            flags=PER_UPLOAD_FLAGS,
            score=_per_upload(rank.rank_scores),
            validate=fair.validate,
            weighted=True,
        ),
    )
}
DEFAULT_METHOD = "value"
NAMES = tuple(METHODS)
ALL_DETAILS = tuple(dict.fromkeys(d for m in METHODS.values() for d in m.details))
ALL_FLAGS = tuple(dict.fromkeys(f for m in METHODS.values() for f in m.flags))


def get(name: str) -> Method:
    """The method called ``name``; ``InvalidInput`` naming the choices when there is none."""
    try:
        return METHODS[name]
    except KeyError:
        raise InvalidInput(
            f"unknown scoring method {name!r}; choose one of {', '.join(NAMES)}"
        ) from None
