"""`value` explanations are true: standings from the exact rank, parts that add up, reasons."""

from __future__ import annotations

import re

import pandas as pd

from hackoclock.scoring.config import load_config
from hackoclock.scoring.explain import explain, what_would_move_you_up
from hackoclock.scoring.pipeline import score_frame
from hackoclock.scoring.records import to_records

PARAMS = {"method": "value", "rate": 40.0}


def _rows(period: pd.DataFrame) -> list[dict[str, object]]:
    return to_records(score_frame(period, load_config("value")), run_id=1)


def test_every_top_n_sentence_is_true_of_the_exact_rank(kaggle_period: pd.DataFrame) -> None:
    rows = _rows(kaggle_period)
    paid = pd.Series([int(r["paid_views"]) for r in rows])  # type: ignore[call-overload]
    checked = 0
    for r in rows:
        for sentence in explain(r, PARAMS):
            found = re.search(r"in the top (\d+)%", sentence)
            if found and "paid views" in sentence:
                above = (paid > int(r["paid_views"])).mean()  # type: ignore[call-overload]
                assert above * 100 <= int(found.group(1)), (sentence, above)
                checked += 1
    assert checked >= 200  # the tiers cover a quarter of the videos at least


def test_a_value_explanation_names_the_paid_views_and_adds_up(kaggle_period: pd.DataFrame) -> None:
    row = next(r for r in _rows(kaggle_period) if r["eligible"] and not r["held"])
    text = explain(row, PARAMS)
    assert text[0].startswith(f"Paid for {int(row['paid_views']):,} new views")  # type: ignore[call-overload]
    parts = row["contributions"]
    assert sum(parts.values()) == row["points"]  # type: ignore[union-attr]
    assert "1,000 new views" in (what_would_move_you_up(row, PARAMS) or "")


def test_a_held_video_says_why_in_numbers(
    kaggle_inflated: tuple[str, pd.DataFrame],
) -> None:
    target, inflated = kaggle_inflated
    row = next(r for r in _rows(inflated) if r["video_id"] == target)
    assert row["held"]
    held = explain(row, PARAMS)[-1]
    assert "held for review" in held
    assert re.search(r"engagement per view \d+\.\d\d%, period median \d+\.\d\d%", held)
