"""Synthetic period tables (NumPy) for tests and benchmarks: heavy-tailed views, beta rates.

Views are log-normal (median about 20K, a long right tail); likes, shares, comments and
bookmarks are binomial-like draws of per-view rates from beta distributions; creators own a
Zipf-like number of videos; content scores are uniform 0..1 with a few missing.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa


def synthetic_period(n: int, seed: int = 0, *, missing_content: float = 0.05) -> pa.Table:
    """``n`` video rows with the period columns the scoring methods read."""
    rng = np.random.default_rng(seed)
    views = np.maximum(np.round(np.exp(rng.normal(10.0, 1.8, n))), 0).astype(np.int64)
    rates = {
        "likes": rng.beta(2.0, 18.0, n),
        "shares": rng.beta(1.2, 400.0, n),
        "comments": rng.beta(1.5, 250.0, n),
        "bookmarks": rng.beta(1.3, 300.0, n),
    }
    counts = {k: np.floor(views * r).astype(np.int64) for k, r in rates.items()}
    creators = np.minimum(rng.zipf(1.6, n), n).astype(np.int64) + rng.integers(0, n // 4 + 1, n)
    sentiment = rng.uniform(0.0, 1.0, n)
    content_mask = rng.uniform(0.0, 1.0, n) < missing_content
    followers = np.round(np.exp(rng.normal(9.0, 2.0, n))).astype(np.int64)
    return pa.table(
        {
            "video_id": pa.array([f"v{i:09d}" for i in range(n)]),
            "creator_id": pa.array([f"c{c:09d}" for c in creators]),
            "views": pa.array(views),
            "likes": pa.array(counts["likes"]),
            "shares": pa.array(counts["shares"]),
            "bookmarks": pa.array(counts["bookmarks"]),
            "comments": pa.array(counts["comments"]),
            "follower_count": pa.array(followers),
            "sentiment": pa.array(sentiment, mask=content_mask),
            "caption": pa.array([f"caption {i % (n // 3 + 1)}" for i in range(n)]),
        }
    )
