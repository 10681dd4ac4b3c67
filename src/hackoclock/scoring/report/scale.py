"""The points scale of a run: what "1% of the scale" means in the outlier-sensitivity figure.

``absolute`` points have a fixed maximum (e.g. 1400), ``pool`` points a fixed budget; both live
in the run's stored parameters or configuration, else in the method's shipped defaults
(``scoring/defaults/<method>.toml``; ``fair`` and ``rank`` share the ``[points]`` table).
``seed`` points top out at 7 fields x its multiplier (200). Failing all that, the run's largest
points; the report says which it used.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hackoclock.scoring.config import default_text
from hackoclock.scoring.methods.registry import NAMES as METHODS

SEED_FIELDS = 7
SEED_MULTIPLIER = 200
ABSOLUTE_KEYS = ("scale", "max_points", "points_scale", "scale_max", "maximum")
POOL_KEYS = ("budget", "pool_budget", "pool", "pool_size")


@dataclass(frozen=True)
class Scale:
    """A positive number of points and where it came from (shown in the report)."""

    points: float
    source: str


def _find(tree: Any, keys: Iterable[str], path: str = "") -> tuple[str, Any] | None:
    """Depth-first: the first entry named one of ``keys`` (in key order) with a value."""
    if not isinstance(tree, Mapping):
        return None
    wanted = tuple(keys)
    for key in wanted:
        if key in tree and not isinstance(tree[key], Mapping | list):
            return f"{path}{key}", tree[key]
    for key, value in tree.items():
        found = _find(value, wanted, f"{path}{key}.")
        if found is not None:
            return found
    return None


def _positive(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value > 0 else None


def _scale_in(tree: Mapping[str, Any], where: str) -> Scale | None:
    prefix = ""
    if isinstance(tree.get("points"), Mapping):  # the [points] table when there is one
        tree, prefix = tree["points"], "points."
    mode = _find(tree, ("mode", "points_mode"))
    pool_first = mode is not None and str(mode[1]).lower() == "pool"
    orders = (POOL_KEYS, ABSOLUTE_KEYS) if pool_first else (ABSOLUTE_KEYS, POOL_KEYS)
    for keys in orders:
        found = _find(tree, keys)
        if found is not None and (number := _positive(found[1])) is not None:
            return Scale(number, f"{where} {prefix}{found[0]}")
    return None


def _parse_toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}


def _defaults(method: str) -> dict[str, Any]:
    if method not in METHODS:
        return {}
    return _parse_toml(default_text(method))


def _seed_scale(trees: list[tuple[dict[str, Any], str]]) -> Scale:
    for tree, where in trees:
        found = _find(tree, ("multiplier",))
        if found is not None and (number := _positive(found[1])) is not None:
            return Scale(SEED_FIELDS * number, f"seed maximum: 7 fields x {where} {found[0]}")
    return Scale(float(SEED_FIELDS * SEED_MULTIPLIER), "seed maximum: 7 fields x 200")


def points_scale(
    method: str, parameters: Mapping[str, Any], config_toml: str, largest_points: int
) -> Scale | None:
    """The run's points scale, or None when there is nothing to measure against."""
    trees = [
        (_parse_toml(config_toml), "run config"),
        (dict(parameters), "run parameters"),
        (_defaults(method), f"default {method}.toml"),
    ]
    if method == "seed":
        return _seed_scale(trees)
    for tree, where in trees:
        found = _scale_in(tree, where)
        if found is not None:
            return found
    if largest_points > 0:
        return Scale(float(largest_points), "the run's largest points (no scale in its config)")
    return None
