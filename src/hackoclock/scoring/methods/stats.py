"""Column statistics as Ibis expressions that give the same numbers on DuckDB and Spark.

Aggregates are computed in one ``aggregate`` and cross-joined back, so each statistic is a
single pass, and medians are exact on both engines (DuckDB ``quantile_cont``, Spark
``percentile``; never the approximate variants).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import ibis
import ibis.expr.types as ir

MAD_TO_SD = 1.4826  # the MAD of a normal distribution times this is its standard deviation

Materialize = Callable[[ir.Table], ir.Table]
"""Computes a stage once and returns a table over its result (identity = leave it to the engine).
The pipeline passes the engine's ``cache``; the math only says where stages end."""


def keep(table: ir.Table) -> ir.Table:
    """The identity materializer."""
    return table


def with_stats(
    table: ir.Table,
    stats: Mapping[str, ir.Scalar],
    materialize: Materialize = keep,
    derive: Callable[[ir.Table], Mapping[str, ir.Value]] | None = None,
) -> ir.Table:
    """Add whole-table aggregates as constant columns (the one-row aggregate is materialized,
    so an engine computes it once however often the result is used).

    ``derive`` adds constants computed from the aggregates (on the one-row table, before it is
    materialized), so per-period arithmetic is done once, not once per row."""
    row = table.aggregate(**stats)
    if derive is not None:
        row = row.mutate(**derive(row))
    return table.cross_join(materialize(row))


def robust_centres(
    table: ir.Table, columns: Sequence[str], materialize: Materialize = keep
) -> ir.Table:
    """Add ``<c>__med`` and ``<c>__mad`` (MAD x 1.4826, i.e. a robust SD) for each column.

    Both aggregates read one narrow stage holding only ``columns``: the engine computes the
    columns once (not once for the medians and again for the MADs) and the second pass scans a
    few numbers a row instead of the whole row. The stage is discarded as soon as the two
    one-row results exist, when the materializer can (``discard``)."""
    narrow = materialize(table.select(*columns))
    medians = materialize(narrow.aggregate(**{f"{c}__med": narrow[c].median() for c in columns}))
    deviations = narrow.cross_join(medians)
    mads = materialize(
        deviations.aggregate(
            **{
                f"{c}__mad": (deviations[c] - deviations[f"{c}__med"]).abs().median() * MAD_TO_SD
                for c in columns
            }
        )
    )
    discard = getattr(materialize, "discard", None)
    if discard is not None:
        discard(narrow)
    return table.cross_join(medians).cross_join(mads)


def robust_z(table: ir.Table, column: str) -> ir.FloatingValue:
    """(x - median) / robust SD; 0 where the spread is 0; NULL where x is NULL."""
    x = table[column]
    z = (x - table[f"{column}__med"]) / table[f"{column}__mad"].nullif(0)
    return ibis.ifelse(x.isnull(), ibis.null("float64"), ibis.coalesce(z, 0.0))


def clip(x: ir.FloatingValue, bound: float) -> ir.FloatingValue:
    """x clipped to [-bound, bound]; NULL stays NULL."""
    return clamp(x, -bound, bound)


def clamp(x: ir.FloatingValue, lo: float, hi: float) -> ir.FloatingValue:
    """x clamped to [lo, hi]; NULL stays NULL (``greatest``/``least`` skip NULLs)."""
    inside = ibis.least(ibis.greatest(x, lo), hi)
    return ibis.ifelse(x.isnull(), ibis.null("float64"), inside)


def round_half_even(x: ir.FloatingValue) -> ir.IntegerValue:
    """Round to the nearest integer, ties to even (numpy/pandas ``round``), on any engine."""
    f = x.floor().cast("int64")
    d = x - f
    return ibis.ifelse(d > 0.5, f + 1, ibis.ifelse(d < 0.5, f, f + f % 2)).cast("int64")


FIXED_ONE = 2**32  # fixed-point unit for order-independent sums of values in [0, 1]


def fixed(x: ir.FloatingValue) -> ir.IntegerValue:
    """x in [0, 1] as an integer multiple of 2**-32. Integer sums are exact and do not depend on
    row order or thread scheduling, so statistics built on them are the same bits on every run
    and every engine (float sums are not)."""
    return (x * FIXED_ONE + 0.5).floor().cast("int64")


def fixed_mean(x: ir.FloatingValue) -> ir.FloatingScalar:
    """The mean of x in [0, 1], to 2**-32, independent of row order."""
    return fixed(x).sum().cast("float64") / x.count().cast("float64").nullif(0) / FIXED_ONE


def fixed_var(x: ir.FloatingValue) -> ir.FloatingScalar:
    """The population variance of x in [0, 1] (E[x^2] - E[x]^2 on fixed-point sums)."""
    mean = fixed_mean(x)
    return ibis.greatest(fixed_mean(x * x) - mean * mean, 0.0)


def round9(x: ir.FloatingValue) -> ir.FloatingValue:
    """x rounded to 1e-9 with plain IEEE arithmetic (the same bits on every engine)."""
    return (x * 1e9 + 0.5).floor().cast("float64") / 1e9


def split_points(
    points: ir.IntegerValue, shares: Mapping[str, ir.FloatingValue]
) -> dict[str, ir.IntegerValue]:
    """Split whole ``points`` over components by their shares (summing to 1), largest remainder.

    Each component gets the floor of its exact share; the points left over go one each to the
    components with the largest remainders (ties: the order of ``shares``). The parts add up
    exactly to ``points`` whenever some share is positive. Exact shares are rounded to 1e-9 first,
    so float noise neither breaks ties nor pushes the floors past ``points``.

    The expressions repeat each exact share in every comparison; on big tables use
    :func:`with_split_points`, which computes each once.
    """
    names = list(shares)
    exact = {k: round9(points.cast("float64") * ibis.coalesce(shares[k], 0.0)) for k in names}
    floors = {k: exact[k].floor().cast("int64") for k in names}
    rems = {k: exact[k] - floors[k] for k in names}
    return _largest_remainder(points, floors, rems)


def with_split_points(
    t: ir.Table, points: str, shares: Mapping[str, ir.FloatingValue], prefix: str
) -> ir.Table:
    """Add ``<prefix><component>``: :func:`split_points` of column ``points``, the same numbers,
    with the exact shares, floors and remainders each computed once a row (one stage each)."""
    names = list(shares)
    exact, floor, rem = ({k: f"{prefix}{k}__{part}" for k in names} for part in ("x", "f", "r"))
    t = t.mutate(
        **{
            exact[k]: round9(t[points].cast("float64") * ibis.coalesce(shares[k], 0.0))
            for k in names
        }
    )
    t = t.mutate(**{floor[k]: t[exact[k]].floor().cast("int64") for k in names})
    t = t.mutate(**{rem[k]: t[exact[k]] - t[floor[k]] for k in names})
    parts = _largest_remainder(
        t[points], {k: t[floor[k]] for k in names}, {k: t[rem[k]] for k in names}
    )
    t = t.mutate(**{f"{prefix}{k}": v for k, v in parts.items()})
    return t.drop(*exact.values(), *floor.values(), *rem.values())


def _largest_remainder(
    points: ir.IntegerValue,
    floors: Mapping[str, ir.IntegerValue],
    rems: Mapping[str, ir.FloatingValue],
) -> dict[str, ir.IntegerValue]:
    names = list(floors)
    deficit = points - sum((floors[k] for k in names), ibis.literal(0, "int64"))
    out: dict[str, ir.IntegerValue] = {}
    for j, k in enumerate(names):
        ahead = [
            ibis.ifelse((rems[i] > rems[k]) | ((rems[i] == rems[k]) & ibis.literal(n < j)), 1, 0)
            for n, i in enumerate(names)
            if i != k
        ]
        rank = sum(ahead, ibis.literal(0, "int64"))
        out[k] = (floors[k] + ibis.ifelse(rank < deficit, 1, 0)).cast("int64")
    return out
