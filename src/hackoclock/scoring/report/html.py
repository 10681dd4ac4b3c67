"""The fairness report as one self-contained HTML page. Every value goes through ``html.escape``."""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NA = "n/a"
NOT_A_COMPONENT = "-"

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem;
       color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.warn { background: #fff4e5; border-left: 4px solid #f0a000; padding: 0.5rem 1rem; }
figure { display: inline-block; margin: 0.5rem; }
img { max-width: 100%; height: auto; }
"""


DEFINITIONS = """
<h2>How to read this page</h2>
<ul>
<li><b>Creator points</b>: the sum of a creator's video points in the run (held points included,
ineligible videos count with 0).</li>
<li><b>Gini</b>: 0 when every creator has the same points; (n-1)/n when one creator has all.
The Lorenz curve plots the share of points held by the poorest share of creators; the further
below the dashed line of equality, the more unequal.</li>
<li><b>Top 1% / 10% share</b>: the points held by the top p&middot;n creators, counting a
fractional creator for that fraction of the next one's points.</li>
<li><b>Spearman</b>: rank correlation in -1..1 over creators whose value is known (n given);
n/a with fewer than 3 creators or a constant series.</li>
<li><b>Variance shares</b>: cov(contribution, points) / var(points) over videos. Because the
contributions add up to the points, the shares add up to 100%; a share can be negative when a
component moves against the total. "-" marks a component the method does not have.</li>
<li><b>Outlier sensitivity</b>: the run is scored again with the scoring service, as is and
without its most-viewed video; the figure is how far every other video's points move, as a
percentage of the points scale.</li>
</ul>
"""


@dataclass(frozen=True)
class Image:
    """A PNG written next to the page, embedded too so the page stands alone."""

    title: str
    path: Path


def esc(value: Any) -> str:
    """Escaped text of any value (None shows as n/a)."""
    return NA if value is None else html.escape(str(value), quote=True)


def pct(value: float | None, digits: int = 1) -> str:
    return NA if value is None else f"{value * 100:.{digits}f}%"


def num(value: float | None, digits: int = 3) -> str:
    return NA if value is None else f"{value:.{digits}f}"


def count(value: float | None) -> str:
    return NA if value is None else f"{value:,.0f}"


def corr(value: dict[str, Any]) -> str:
    rho = NA if value["rho"] is None else f"{value['rho']:.3f}"
    return f"{rho} (n = {value['n']})"


def _sens_cell(s: dict[str, Any], key: str) -> str:
    if not s.get("available"):
        return "not available"
    return f"{s[key]:.3f}% of scale"


def _row(label: str, cells: Sequence[str]) -> str:
    tds = "".join(f'<td class="num">{esc(c)}</td>' for c in cells)
    return f"<tr><th>{esc(label)}</th>{tds}</tr>"


def _metric_rows(runs: Sequence[dict[str, Any]]) -> list[str]:
    specs: list[tuple[str, Any]] = [
        ("videos", lambda r: count(r["videos"])),
        ("creators", lambda r: count(r["creators"])),
        ("points in total", lambda r: count(r["points_total"])),
        ("videos held for review", lambda r: count(r["held_videos"])),
        ("ineligible videos", lambda r: count(r["ineligible_videos"])),
        ("Gini coefficient of creator points", lambda r: num(r["gini"])),
        ("top 1% of creators' share of points", lambda r: pct(r["top_1pct_share"])),
        ("top 10% of creators' share of points", lambda r: pct(r["top_10pct_share"])),
        ("Spearman: creator points vs followers", lambda r: corr(r["spearman_followers"])),
        ("Spearman: creator points vs views", lambda r: corr(r["spearman_views"])),
        (
            "outlier sensitivity: max change",
            lambda r: _sens_cell(r["outlier_sensitivity"], "max_change_pct"),
        ),
        (
            "outlier sensitivity: mean change",
            lambda r: _sens_cell(r["outlier_sensitivity"], "mean_change_pct"),
        ),
    ]
    return [_row(label, [get(r) for r in runs]) for label, get in specs]


def _run_title(r: dict[str, Any]) -> str:
    return f"run {r['run']['id']} ({r['run']['method']})"


def _header(runs: Sequence[dict[str, Any]]) -> str:
    cols = "".join(f"<th>{esc(_run_title(r))}</th>" for r in runs)
    return f"<tr><th></th>{cols}</tr>"


def _runs_table(runs: Sequence[dict[str, Any]]) -> str:
    keys = ("method", "engine", "period_start", "period_end", "status", "created_at")
    rows = [_row(k.replace("_", " "), [str(r["run"][k]) for r in runs]) for k in keys]
    rows.append(_row("config sha256", [str(r["run"]["config_hash"])[:16] for r in runs]))
    return f"<table>{_header(runs)}{''.join(rows)}</table>"


def _share_cell(shares: dict[str, float | None], name: str) -> str:
    return pct(shares[name]) if name in shares else NOT_A_COMPONENT


def _variance_table(runs: Sequence[dict[str, Any]]) -> str:
    names = sorted({n for r in runs for n in r["variance_shares"]})
    rows = [_row(n, [_share_cell(r["variance_shares"], n) for r in runs]) for n in names]
    rows.append(_row("sum", [pct(r["variance_shares_sum"]) for r in runs]))
    return f"<table>{_header(runs)}{''.join(rows)}</table>"


def _sensitivity_block(r: dict[str, Any]) -> str:
    s = r["outlier_sensitivity"]
    title = f"<h3>{esc(_run_title(r))}</h3>"
    removed = ""
    if s.get("removed_video_id") is not None:
        removed = (
            f"<p>Largest video: <code>{esc(s['removed_video_id'])}</code> by creator "
            f"<code>{esc(s['removed_creator_id'])}</code>, {esc(count(s['removed_views']))} "
            f"period views; caption: <q>{esc(s['removed_caption'])}</q></p>"
        )
    if not s.get("available"):
        return f"{title}{removed}<p class='warn'>Not available: {esc(s.get('reason'))}</p>"
    mismatch = ""
    if s["baseline_mismatches"]:
        mismatch = (
            f"<p class='warn'>The re-run as is gave different points than stored for "
            f"{esc(s['baseline_mismatches'])} videos (the data changed since the run, or the "
            "scoring is not deterministic); changes are measured against the re-run.</p>"
        )
    return (
        f"{title}{removed}<p>Removing it moves the other {esc(count(s['videos_compared']))} "
        f"videos' points by at most {s['max_change_pct']:.3f}% and on average "
        f"{s['mean_change_pct']:.3f}% of the scale ({esc(count(s['scale']))} points: "
        f"{esc(s['scale_source'])}); the largest move is {esc(count(s['max_change_points']))} "
        f"points. Re-scored twice (as is, and without it) in {esc(s['seconds'])} s.</p>{mismatch}"
    )


def _gain(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1%}"


def _strategies_block(r: dict[str, Any]) -> str:
    s = r["strategies"]
    title = f"<h2>Strategy-proofness: {esc(_run_title(r))}</h2>"
    if not s.get("available"):
        return f"{title}<p class='warn'>Not available: the run has no videos.</p>"
    head = "<tr><th>strategy</th><th>points before</th><th>after</th><th>gain</th>"
    head += "<th>gain counting held points</th></tr>"
    rows = "".join(
        f"<tr><td>{esc(g['description'])}</td><td>{esc(count(g['points_before']))}</td>"
        f"<td>{esc(count(g['points_after']))}</td><td>{esc(_gain(g['gain']))}</td>"
        f"<td>{esc(_gain(g['gain_counting_held']))}</td></tr>"
        for g in s["strategies"]
    )
    versus = s.get("versus") or {}
    lines = []
    for key, label in (("pro_rata_views", "pro rata to views"), ("seed", "seed, same total")):
        cmp = versus.get(key)
        if cmp:
            lines.append(
                f"<li>than {label}: {pct(cmp['better_off'])} of creators better off, "
                f"{pct(cmp['worse_off'])} worse off (by more than 1%)</li>"
            )
    return (
        f"{title}<p>Each strategy played on the run's own data and scored with its own "
        f"configuration; held points wait for review, so the gain leaves them out.</p>"
        f"<table>{head}{rows}</table><ul>{''.join(lines)}</ul>"
    )


def _top_creators(r: dict[str, Any]) -> str:
    head = "<tr><th>creator</th><th>username</th><th>points</th><th>share</th></tr>"
    body = "".join(
        f"<tr><td><code>{esc(c['creator_id'])}</code></td><td>{esc(c['username'])}</td>"
        f"<td class='num'>{esc(count(c['points']))}</td>"
        f"<td class='num'>{esc(pct(c['share']))}</td></tr>"
        for c in r["top_creators"]
    )
    return f"<h3>{esc(_run_title(r))}</h3><table>{head}{body}</table>"


def _warnings(runs: Sequence[dict[str, Any]], comparison: dict[str, Any] | None) -> list[str]:
    notes: list[str] = []
    for r in runs:
        if r["contribution_mismatches"]:
            notes.append(
                f"{_run_title(r)}: {r['contribution_mismatches']} videos' contributions do not "
                "add up to their points; variance shares use the contributions."
            )
        if r["videos"] == 0:
            notes.append(f"{_run_title(r)} has no scored videos.")
    if comparison is not None and not comparison["same_period"]:
        notes.append("The two runs cover different periods; the comparison is not like for like.")
    return [f"<p class='warn'>{esc(n)}</p>" for n in notes]


def _figure(image: Image) -> str:
    data = base64.b64encode(image.path.read_bytes()).decode("ascii")
    name = esc(image.path.name)
    return (
        f"<figure><img src='data:image/png;base64,{data}' alt='{esc(image.title)}'>"
        f"<figcaption>{esc(image.title)} (<a href='{name}'>{name}</a>)</figcaption></figure>"
    )


def _comparison(comparison: dict[str, Any] | None) -> str:
    if comparison is None:
        return ""
    return (
        "<h2>The two runs side by side</h2>"
        f"<p>Videos in both runs: {esc(comparison['videos_in_both'])} (only in the first: "
        f"{esc(comparison['videos_only_in_run'])}, only in the second: "
        f"{esc(comparison['videos_only_in_compare'])}). Spearman correlation of their per-video "
        f"points: {esc(corr(comparison['spearman_points']))}.</p>"
    )


def render(
    runs: Sequence[dict[str, Any]], comparison: dict[str, Any] | None, images: Sequence[Image]
) -> str:
    """The page for one run (or a run and the one it is compared with)."""
    title = "Fairness report: " + " vs ".join(_run_title(r) for r in runs)
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{esc(title)}</title>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<style>{STYLE}</style></head><body><h1>{esc(title)}</h1>",
        *_warnings(runs, comparison),
        f"<h2>Runs</h2>{_runs_table(runs)}",
        f"<h2>Metrics</h2><table>{_header(runs)}{''.join(_metric_rows(runs))}</table>",
        _comparison(comparison),
        "<h2>Share of the variance of points each component explains</h2>",
        "<p>cov(component contribution, points) / var(points) over videos; the shares add up "
        "to 100%.</p>",
        _variance_table(runs),
        "<h2>Outlier sensitivity</h2>",
        *(_sensitivity_block(r) for r in runs),
        *(_strategies_block(r) for r in runs if "strategies" in r),
        "<h2>Plots</h2>",
        *(_figure(i) for i in images),
        "<h2>Top creators</h2>",
        *(_top_creators(r) for r in runs),
        DEFINITIONS,
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)
