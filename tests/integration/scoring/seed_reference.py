"""The prototype's formula written again with plain pandas, independently of the Ibis code."""

from __future__ import annotations

import numpy as np
import pandas as pd

FIELDS = ["views", "likes", "shares", "bookmarks", "engagement_rate", "comments", "sentiment"]


def seed_reference(frame: pd.DataFrame) -> pd.DataFrame:
    """video_id -> points and the seven min-max scaled z-scores, for videos with a content score."""
    df = frame[frame["sentiment"].notna()].copy()
    for col in ["views", "likes", "shares", "bookmarks", "comments", "sentiment"]:
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    engagement = df[["likes", "shares", "bookmarks", "comments"]].fillna(0).sum(axis=1)
    df["engagement_rate"] = engagement / df["views"].replace(0, np.nan)
    total = pd.Series(0.0, index=df.index)
    for col in FIELDS:
        z = (df[col] - df[col].mean()) / df[col].std(ddof=0)
        scaled = ((z - z.min()) / (z.max() - z.min())).fillna(0.0)
        scaled = scaled.replace([np.inf, -np.inf], 0.0)
        df[f"ref_{col}"] = scaled
        total = total + scaled
    df["ref_points"] = np.round(total * 200).astype("int64")
    return df.set_index("video_id")
