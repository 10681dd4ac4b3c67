"""Qualified views, lockstep detection and the viewer-centric pool on small in-memory tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import ibis
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from hackoclock.events.evaluate import score_detection
from hackoclock.events.lockstep import flagged_viewers
from hackoclock.events.model import SCHEMA, check
from hackoclock.events.pool import viewer_centric_weights, whole_points
from hackoclock.events.qualify import qualified_views, qualifying
from hackoclock.events.rules import LockstepRules
from hackoclock.sample.events import EventSpec, generate

T0 = datetime(2026, 1, 5, 12, tzinfo=UTC)
END = T0 + timedelta(days=3)


def _events(rows: list[tuple[str, str, float, float, str, str]]) -> ibis.Table:
    """rows: (viewer, video, minutes after T0, watch seconds, source, kind)."""
    data = {
        "viewer_id": [r[0] for r in rows],
        "video_id": [r[1] for r in rows],
        "time": [T0 + timedelta(minutes=r[2]) for r in rows],
        "watch_seconds": [r[3] for r in rows],
        "video_seconds": [30.0] * len(rows),
        "source": [r[4] for r in rows],
        "kind": [r[5] for r in rows],
    }
    return ibis.memtable(pa.table(data, schema=SCHEMA))


def _qualified(ev: ibis.Table, flagged: ibis.Table | None = None) -> dict[str, int]:
    df = qualified_views(ev, T0, END, flagged).execute()
    return dict(zip(df.video_id, df.qualified_views, strict=True))


def test_a_viewer_counts_once_per_video_per_day() -> None:
    ev = _events(
        [
            ("a", "v", 0, 10, "foryou", "view"),
            ("a", "v", 5, 10, "foryou", "view"),
            ("a", "v", 60 * 24, 10, "foryou", "view"),
        ]
    )
    assert _qualified(ev) == {"v": 2}


def test_a_short_watch_a_paid_view_and_a_like_do_not_qualify() -> None:
    ev = _events(
        [
            ("a", "v", 0, 4.9, "foryou", "view"),
            ("b", "v", 0, 10, "paid", "view"),
            ("c", "v", 0, 0, "foryou", "like"),
            ("d", "v", 0, 5, "foryou", "view"),
        ]
    )
    assert _qualified(ev) == {"v": 1}


def test_a_flagged_viewer_does_not_qualify() -> None:
    ev = _events([("a", "v", 0, 10, "foryou", "view"), ("b", "v", 0, 10, "foryou", "view")])
    flagged = ibis.memtable(pd.DataFrame({"viewer_id": ["a"]}))
    assert _qualified(ev, flagged) == {"v": 1}


def test_validation_quarantines_every_bad_row_with_its_reason() -> None:
    batch = pa.table(
        {
            "viewer_id": ["a", "b", None],
            "video_id": ["v", "v", "v"],
            "time": ["2026-01-05T00:00:00Z", "yesterday", "2026-01-05T00:00:00Z"],
            "watch_seconds": ["5", "7", "-1"],
            "video_seconds": [10.0, 10.0, 10.0],
            "source": ["foryou", "tv", None],
            "kind": ["view", "view", "view"],
        }
    )
    checked = check(batch)
    assert checked.accepted.num_rows == 1
    reasons = {q["row"]: q["reasons"] for q in checked.quarantined}
    assert any("time" in r for r in reasons[1]) and any("source" in r for r in reasons[1])
    assert "viewer_id is missing" in reasons[2]
    assert any("watch_seconds" in r for r in reasons[2])


def _lockstep_rows(
    group: int, videos: int, extra_crowd: int
) -> list[tuple[str, str, float, float, str, str]]:
    rows = [
        (f"bot{i}", f"t{j}", j * 60 + i * 0.05, 6, "foryou", "view")
        for i in range(group)
        for j in range(videos)
    ]
    rows += [(f"fan{i}", "viral", i * 0.02, 12, "foryou", "view") for i in range(extra_crowd)]
    return rows


def test_a_group_on_enough_videos_is_flagged_and_a_viral_crowd_is_not() -> None:
    ev = _events(_lockstep_rows(group=12, videos=4, extra_crowd=200))
    found = set(flagged_viewers(ev).execute().viewer_id)
    assert found == {f"bot{i}" for i in range(12)}


def test_a_group_on_too_few_videos_or_too_small_is_not_flagged() -> None:
    assert flagged_viewers(_events(_lockstep_rows(12, 3, 0))).execute().empty
    assert flagged_viewers(_events(_lockstep_rows(9, 6, 0))).execute().empty
    rules = LockstepRules(min_viewers=9, min_videos=3)
    assert len(flagged_viewers(_events(_lockstep_rows(9, 3, 0)), rules).execute()) == 9


def test_planted_fraud_is_found_with_few_false_flags() -> None:
    spec = EventSpec(events=60_000, viewers=6_000, videos=600, creators=100, burst_viewers=800)
    table, manifest, _ = generate(spec)
    ev = ibis.memtable(table)
    flagged = set(flagged_viewers(ev).execute().viewer_id)
    honest = {v for v in table["viewer_id"].to_pylist() if v.startswith("u")}
    result = score_detection(flagged, manifest, honest)
    assert result["recall"] >= 0.95
    assert result["false_flag_rate_honest"] <= 0.01
    assert result["false_flag_rate_bursts"] <= 0.01


VIDEOS = pd.DataFrame({"video_id": ["v1", "v2", "v3"], "creator_id": ["c1", "c2", "c3"]})


def _pay(rows: list[tuple[str, str, float]], cap: float) -> dict[str, float]:
    ev = _events([(v, vid, 1.0, w, "foryou", "view") for v, vid, w in rows])
    q = qualifying(ev, END, None)
    w = viewer_centric_weights(q, ibis.memtable(VIDEOS), ibis.literal(T0), cap).execute()
    return dict(zip(w.creator_id, w.weight, strict=True))


watch = st.lists(
    st.tuples(st.sampled_from(["v1", "v2", "v3"]), st.floats(5, 30)), min_size=1, max_size=6
)


@settings(max_examples=12, deadline=None)
@given(honest=watch, victim=watch, parts=st.integers(2, 4))
def test_splitting_a_viewer_over_sybil_ids_never_raises_a_creators_pay(
    honest: list[tuple[str, float]], victim: list[tuple[str, float]], parts: int
) -> None:
    cap = 10_000.0  # the split viewer's watch time is under the cap
    base = [("h", v, w) for v, w in honest] + [("s", v, w) for v, w in victim]
    split = [("h", v, w) for v, w in honest] + [
        (f"s{i % parts}", v, w) for i, (v, w) in enumerate(victim)
    ]
    before, after = _pay(base, cap), _pay(split, cap)
    for creator, share in after.items():
        assert share <= before.get(creator, 0.0) + 1e-9


def test_the_cap_bounds_what_one_heavy_account_steers() -> None:
    pay = _pay([("bot", "v1", 30)] * 1 + [("h", "v2", 10)], cap=10)
    assert abs(pay["c1"] - 0.5) < 1e-9


def test_whole_points_add_up_to_the_budget() -> None:
    df = whole_points(pd.DataFrame({"creator_id": ["a", "b", "c"], "weight": [1 / 3] * 3}), 100)
    assert df.points.sum() == 100 and sorted(df.points) == [33, 33, 34]
