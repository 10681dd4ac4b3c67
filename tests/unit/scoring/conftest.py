"""Period tables for the scoring unit tests: the Kaggle file parsed here, and synthetic data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest


def hash_sentiment(video_id: str) -> float:
    """A fixed content score per video (the first 32 bits of its sha256, scaled to 0..1)."""
    return int(hashlib.sha256(video_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


@pytest.fixture(scope="session")
def kaggle_period(shared_data: Path) -> pd.DataFrame:
    """The Kaggle trending file as one period (one snapshot each), with hash content scores."""
    raw = json.loads((shared_data / "tiktok-trending-2020-12.json").read_text(encoding="utf-8"))
    rows = [
        {
            "video_id": str(item["id"]),
            "creator_id": str(item["authorMeta"]["id"]),
            "views": int(item["playCount"]),
            "likes": int(item["diggCount"]),
            "shares": int(item["shareCount"]),
            "comments": int(item["commentCount"]),
            "bookmarks": None,
            "caption": item.get("text") or "",
        }
        for item in raw["collector"]
    ]
    frame = pd.DataFrame(rows)
    frame["bookmarks"] = frame["bookmarks"].astype("Int64")
    frame["sentiment"] = [hash_sentiment(v) for v in frame["video_id"]]
    return frame


@pytest.fixture(scope="session")
def kaggle_with_tiny(kaggle_period: pd.DataFrame) -> pd.DataFrame:
    """The Kaggle period plus ``tiny``: 20 views, 15 likes and nothing else."""
    tiny = {
        "video_id": "tiny",
        "creator_id": "tiny-creator",
        "views": 20,
        "likes": 15,
        "shares": 0,
        "comments": 0,
        "caption": "new here",
        "sentiment": 0.5,
    }
    return pd.concat([kaggle_period, pd.DataFrame([tiny])], ignore_index=True)


@pytest.fixture(scope="session")
def kaggle_inflated(kaggle_period: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """The median-views video of the Kaggle period, and the period with its views times 10."""
    by_views = kaggle_period.sort_values(["views", "video_id"]).reset_index(drop=True)
    target = str(by_views.loc[len(by_views) // 2, "video_id"])
    inflated = kaggle_period.copy()
    inflated.loc[inflated["video_id"] == target, "views"] *= 10
    return target, inflated
