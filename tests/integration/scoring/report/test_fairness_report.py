"""The fairness report on a small run inserted by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from fairness_fixtures import (
    EVIL_CAPTION,
    EVIL_NAME,
    VIDEOS,
    insert_catalogue,
    insert_run,
)
from PIL import Image

from hackoclock.db.engine import Database
from hackoclock.errors import NotFound
from hackoclock.scoring.report.service import fairness_summary, lorenz_points, write_fairness_report

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _assert_valid_png(path: Path) -> None:
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    with Image.open(path) as img:
        img.verify()
    with Image.open(path) as img:
        assert img.format == "PNG" and img.size[0] > 100 and img.size[1] > 100


@pytest.fixture
def run_id(db: Database) -> int:
    insert_catalogue(db)
    return insert_run(db)


def test_summary_gives_the_hand_computed_inequality_of_creator_points(
    db: Database, run_id: int
) -> None:
    """Creators hold 30 (c1), 30 (c2), 140 (c3), 0 (c4) of 200 points.

    Gini: sorted 0, 30, 30, 140 with weights -3, -1, 1, 3 -> 420 / (4 * 200) = 0.525.
    Top 10% = 0.4 creators -> 0.4 * 140 / 200 = 0.28; top 1% = 0.04 * 140 / 200 = 0.028.
    """
    s = fairness_summary(db, run_id, sensitivity=False)
    assert s["videos"] == 6 and s["creators"] == 4 and s["points_total"] == 200
    assert s["held_videos"] == 1 and s["ineligible_videos"] == 1
    assert s["gini"] == pytest.approx(0.525)
    assert s["top_10pct_share"] == pytest.approx(0.28)
    assert s["top_1pct_share"] == pytest.approx(0.028)
    assert s["top_creators"][0] == {
        "creator_id": "c3",
        "username": "carol",
        "points": 140,
        "share": pytest.approx(0.7),
    }


def test_summary_correlates_creator_points_with_known_followers_and_with_views(
    db: Database, run_id: int
) -> None:
    """Followers known for c1..c3 only (n = 3): points ranks 1.5, 1.5, 3 vs 1, 2, 3 ->
    centred -.5, -.5, 1 and -1, 0, 1: 1.5 / sqrt(1.5 * 2) = 0.866.

    Views per creator 300, 1000, 55000, 10 (n = 4): ranks of points 2.5, 2.5, 4, 1 and of views
    2, 3, 4, 1 -> centred 0, 0, 1.5, -1.5 and -.5, .5, 1.5, -1.5: 4.5 / sqrt(4.5 * 5) = 0.949.
    """
    s = fairness_summary(db, run_id, sensitivity=False)
    assert s["spearman_followers"]["n"] == 3
    assert s["spearman_followers"]["rho"] == pytest.approx(1.5 / math.sqrt(3))
    assert s["spearman_views"]["n"] == 4
    assert s["spearman_views"]["rho"] == pytest.approx(4.5 / math.sqrt(22.5))


def test_variance_shares_match_an_independent_covariance_and_sum_to_one(
    db: Database, run_id: int
) -> None:
    contributions = np.array([parts for *_, parts in VIDEOS], dtype=float)
    points = contributions.sum(axis=1)
    expected = [
        np.cov(contributions[:, k], points)[0, 1] / np.var(points, ddof=1) for k in range(3)
    ]
    s = fairness_summary(db, run_id, sensitivity=False)
    shares = s["variance_shares"]
    assert list(shares) == ["content", "quality", "reach"]
    assert [shares["reach"], shares["quality"], shares["content"]] == pytest.approx(expected)
    assert s["variance_shares_sum"] == pytest.approx(1.0)
    assert s["contribution_mismatches"] == 0


def test_summary_is_json_serializable_and_has_no_nan(db: Database, run_id: int) -> None:
    text = json.dumps(fairness_summary(db, run_id, sensitivity=False), allow_nan=False)
    assert '"gini": 0.525' in text


def test_lorenz_points_accumulate_creator_points_from_the_smallest(
    db: Database, run_id: int
) -> None:
    """Sorted 0, 30, 30, 140 of 200: cumulative shares 0, 0, .15, .3, 1 at 0, .25, .5, .75, 1."""
    points = lorenz_points(db, run_id)
    assert [x for x, _ in points] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert [y for _, y in points] == pytest.approx([0.0, 0.0, 0.15, 0.3, 1.0])


def test_an_unknown_run_is_a_clear_not_found(db: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="scoring run 999 does not exist"):
        fairness_summary(db, 999)
    with pytest.raises(NotFound, match="999"):
        lorenz_points(db, 999)
    with pytest.raises(NotFound, match="999"):
        write_fairness_report(db, 999, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_report_page_shows_the_metrics_and_valid_pngs(
    db: Database, run_id: int, tmp_path: Path
) -> None:
    index = write_fairness_report(db, run_id, tmp_path / "report")
    assert index == tmp_path / "report" / "index.html"
    page = index.read_text(encoding="utf-8")
    assert "Gini coefficient of creator points" in page and "0.525" in page
    assert "28.0%" in page and "2.8%" in page  # top 10% and top 1% shares
    assert "0.866 (n = 3)" in page and "0.949 (n = 4)" in page
    for name in ("lorenz", "points_histogram", "points_vs_views", "variance_shares"):
        png = tmp_path / "report" / f"{name}.png"
        _assert_valid_png(png)
        assert base64.b64encode(png.read_bytes()).decode() in page  # embedded too
    summary = json.loads((tmp_path / "report" / "summary.json").read_text())
    assert summary["runs"][0]["gini"] == pytest.approx(0.525)
    assert summary["comparison"] is None


def test_user_text_in_the_page_is_escaped(db: Database, run_id: int, tmp_path: Path) -> None:
    page = write_fairness_report(db, run_id, tmp_path).read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in page
    assert EVIL_NAME not in page and EVIL_CAPTION not in page
    assert "&lt;script&gt;alert(&#x27;caption&#x27;)&lt;/script&gt; &amp; more" in page


def test_when_the_scoring_service_cannot_rerun_the_report_says_so_without_numbers(
    db: Database, run_id: int, tmp_path: Path
) -> None:
    """The run's method `handmade` is no method the service knows (or there is no service)."""
    s = fairness_summary(db, run_id)["outlier_sensitivity"]
    assert s["available"] is False
    assert s["reason"]
    assert s["max_change_pct"] is None and s["mean_change_pct"] is None
    assert s["removed_video_id"] == "v5" and s["removed_views"] == 50000
    page = write_fairness_report(db, run_id, tmp_path).read_text(encoding="utf-8")
    assert "Not available: " in page
    assert re.search(r"outlier sensitivity: max change</th><td[^>]*>not available", page)


def test_comparing_two_runs_sets_the_metrics_side_by_side_with_a_scatter(
    db: Database, run_id: int, tmp_path: Path
) -> None:
    """Second run: everyone 50 points except v6 (0): creators c1 100, c2 50, c3 100, c4 0 of 250.

    Per-video points of run 1: 10, 20, 30, 60, 80, 0 (ranks 2..6 and 1) against run 2's
    50 x5, 0 (ranks 4 x5, 1): centred -2, -1, 0, 1, 2, -2.5... computed below as in the unit test.
    """
    other = insert_run(
        db, method="seed", points={"v1": 50, "v2": 50, "v3": 50, "v4": 50, "v5": 50, "v6": 0}
    )
    index = write_fairness_report(db, run_id, tmp_path / "cmp", compare_run_id=other)
    summary = json.loads((tmp_path / "cmp" / "summary.json").read_text())
    first, second = summary["runs"]
    assert (first["run"]["id"], second["run"]["id"]) == (run_id, other)
    # second: sorted 0, 50, 100, 100 of 250 -> (-3*0 - 50 + 100 + 300) / (4 * 250) = 0.35
    assert second["gini"] == pytest.approx(0.35)
    ra = np.array([2, 3, 4, 5, 6, 1]) - 3.5
    rb = np.array([4, 4, 4, 4, 4, 1]) - 3.5
    rho = float(ra @ rb / math.sqrt((ra @ ra) * (rb @ rb)))
    assert summary["comparison"]["spearman_points"] == {"rho": pytest.approx(rho), "n": 6}
    assert summary["comparison"]["same_period"] is True
    _assert_valid_png(tmp_path / "cmp" / "compare_points.png")
    page = index.read_text(encoding="utf-8")
    assert f"run {run_id} (handmade)" in page and f"run {other} (seed)" in page
    assert "The two runs side by side" in page


def test_a_run_without_videos_reports_undefined_metrics_as_none(
    db: Database, tmp_path: Path
) -> None:
    from hackoclock.db.tables_scoring import video_scores

    insert_catalogue(db)
    run_id = insert_run(db)
    with db.write() as conn:
        conn.execute(video_scores.delete().where(video_scores.c.run_id == run_id))
    s = fairness_summary(db, run_id)
    assert s["videos"] == 0 and s["gini"] is None and s["top_10pct_share"] is None
    assert s["spearman_views"] == {"rho": None, "n": 0}
    assert s["outlier_sensitivity"]["available"] is False
    assert lorenz_points(db, run_id) == []
    page = write_fairness_report(db, run_id, tmp_path).read_text(encoding="utf-8")
    assert "has no scored videos" in page


def test_broken_run_rows_are_a_clear_invalid_input(db: Database) -> None:
    from hackoclock.db.tables_scoring import video_scores
    from hackoclock.errors import InvalidInput

    insert_catalogue(db)
    run_id = insert_run(db)
    rows = video_scores.c
    with db.write() as conn:
        conn.execute(
            video_scores.update()
            .where((rows.run_id == run_id) & (rows.video_id == "v2"))
            .values(contributions={"reach": 2.5})
        )
    with pytest.raises(InvalidInput, match=r"video v2: contribution 2\.5 is not whole points"):
        fairness_summary(db, run_id, sensitivity=False)
    with db.write() as conn:
        conn.execute(
            video_scores.update()
            .where((rows.run_id == run_id) & (rows.video_id == "v2"))
            .values(contributions={"reach": -3}, points=-3)
        )
    with pytest.raises(InvalidInput, match="negative points on 1 videos"):
        fairness_summary(db, run_id, sensitivity=False)
