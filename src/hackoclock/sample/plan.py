"""Who posts how many videos, and which creators and videos carry planted manipulations.

Four kinds of manipulation are planted (when ``spec.plant`` and the set is big enough):

- ``bought_views``: views multiplied 30-200x with the engagement of the original reach;
- ``engagement_pod``: a group of creators posting in one 48-hour window whose videos all get
  nearly the same, abnormally high like and comment counts for their views;
- ``duplicate_burst``: one creator posting 12-25 videos with the same caption within 36 hours;
- ``likes_above_views``: likes 1.2-3x the views, which no real audience produces.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hackoclock.sample.captions import COMBOS_PER_TOPIC
from hackoclock.sample.spec import SampleSpec

KINDS = ("bought_views", "engagement_pod", "duplicate_burst", "likes_above_views")
BOUGHT, POD, BURST, ABOVE = 1, 2, 3, 4  # codes in a chunk's ``planted`` column (0 = none)
REASONS = {
    "bought_views": "views inflated 30-200x with no matching engagement (bought views)",
    "engagement_pod": "creators of one pod posting together; their videos get near-identical, "
    "abnormally high likes and comments for their views",
    "duplicate_burst": "one creator posting many videos with the same caption within 36 hours",
    "likes_above_views": "likes above views",
}
POD_WINDOW_S = 48 * 3_600
BURST_WINDOW_S = 36 * 3_600
MIN_CREATORS_TO_PLANT = 20
MIN_VIDEOS_TO_PLANT = 100
ZIPF_ALPHA = 1.5  # Pareto shape of how many videos creators post


@dataclass(frozen=True)
class Plan:
    """Video counts per creator, each video's creator, and the planted manipulations."""

    video_count: np.ndarray  # int64 per creator
    video_creator: np.ndarray  # int32 per video index: its creator (shuffled)
    pod_of: np.ndarray  # int64 per creator: pod number or -1
    pod_start: np.ndarray  # int64 per pod: start of its posting window (Unix s)
    pod_likes: np.ndarray  # float64 per pod: the like count its videos aim at
    pod_comments: np.ndarray  # float64 per pod
    burst_of: np.ndarray  # int64 per creator: burst number or -1
    burst_start: np.ndarray  # int64 per burst (Unix s)
    burst_caption: np.ndarray  # int64 (n_bursts, 4): phrase, slang, emoji, tag combo indices
    bought: np.ndarray  # sorted int64 video indices (before creator-level plants win)
    above: np.ndarray  # sorted int64 video indices


def build_plan(spec: SampleSpec, topics: np.ndarray, caption_sizes: tuple[int, ...]) -> Plan:
    """Draw the plan; ``caption_sizes`` are the phrase, slang and emoji table lengths."""
    rng = spec.rng(1)
    n, m = spec.n_creators, spec.n_videos
    planting = spec.plant and n >= MIN_CREATORS_TO_PLANT and m >= MIN_VIDEOS_TO_PLANT
    order = rng.permutation(n)
    n_bursts = max(1, n // 1_000) if planting else 0
    burst_sizes = rng.integers(12, 26, n_bursts)
    if burst_sizes.sum() > m - (n - n_bursts):  # not enough videos for the bursts
        n_bursts, burst_sizes = 0, burst_sizes[:0]
    burst_creators = order[:n_bursts]
    counts = _video_counts(rng, n, m, burst_creators, burst_sizes)
    n_pods = max(1, n // 2_000) if planting else 0
    pod_sizes = rng.integers(5, 9, n_pods)
    pod_creators = _pod_members(rng, counts, order[n_bursts:], int(pod_sizes.sum()))
    burst_of = np.full(n, -1, dtype=np.int64)
    burst_of[burst_creators] = np.arange(n_bursts)
    pod_of = np.full(n, -1, dtype=np.int64)
    pod_of[pod_creators] = np.repeat(np.arange(n_pods), pod_sizes)[: len(pod_creators)]
    video_creator = np.repeat(np.arange(n, dtype=np.int32), counts)
    rng.shuffle(video_creator)
    latest = spec.start_ts + spec.window_seconds
    pod_likes = rng.uniform(500.0, 3_000.0, n_pods)
    n_bought = max(1, m // 1_000) if planting else 0
    n_above = max(1, m // 2_000) if planting else 0
    picked = rng.choice(m, n_bought + n_above, replace=False) if planting else np.arange(0)
    return Plan(
        video_count=counts,
        video_creator=video_creator,
        pod_of=pod_of,
        pod_start=_window_starts(rng, spec.start_ts, latest, POD_WINDOW_S, n_pods),
        pod_likes=pod_likes,
        pod_comments=pod_likes * rng.uniform(0.15, 0.3, n_pods),
        burst_of=burst_of,
        burst_start=_window_starts(rng, spec.start_ts, latest, BURST_WINDOW_S, n_bursts),
        burst_caption=_burst_captions(rng, topics[burst_creators], caption_sizes),
        bought=np.sort(picked[:n_bought]).astype(np.int64),
        above=np.sort(picked[n_bought:]).astype(np.int64),
    )


def _video_counts(
    rng: np.random.Generator, n: int, m: int, burst_creators: np.ndarray, burst_sizes: np.ndarray
) -> np.ndarray:
    """Zipf-like: one video each, the rest shared by Pareto weights; bursts get exactly theirs."""
    weights = rng.pareto(ZIPF_ALPHA, n) + 1.0
    weights[burst_creators] = 0.0
    rest = m - int(burst_sizes.sum()) - (n - len(burst_creators))
    counts = 1 + rng.multinomial(rest, weights / weights.sum())
    counts[burst_creators] = burst_sizes
    return counts.astype(np.int64)


def _burst_captions(
    rng: np.random.Generator, topics: np.ndarray, caption_sizes: tuple[int, ...]
) -> np.ndarray:
    """One caption per burst creator: phrase, slang, emoji and hashtag-combination indices."""
    phrase, slang, emoji = caption_sizes
    k = len(topics)
    tags = 1 + topics * COMBOS_PER_TOPIC + rng.integers(0, COMBOS_PER_TOPIC, k)
    parts = [rng.integers(1, phrase, k), rng.integers(0, slang, k), rng.integers(1, emoji, k), tags]
    return np.stack(parts, axis=1).astype(np.int64)


def _pod_members(
    rng: np.random.Generator, counts: np.ndarray, candidates: np.ndarray, k: int
) -> np.ndarray:
    """Pods are small accounts: draw members among creators with at most the median count."""
    small = candidates[counts[candidates] <= max(np.median(counts), 3)]
    pool = small if len(small) >= k else candidates
    return rng.permutation(pool)[:k]


def _window_starts(
    rng: np.random.Generator, start: int, latest: int, width: int, k: int
) -> np.ndarray:
    span = max(latest - width - start, 1)
    return start + rng.integers(0, span, k).astype(np.int64)


def planted_in(indices: np.ndarray, planted: np.ndarray) -> np.ndarray:
    """Which of ``indices`` are in the sorted array ``planted``."""
    if len(planted) == 0:
        return np.zeros(len(indices), dtype=bool)
    pos = np.searchsorted(planted, indices).clip(0, len(planted) - 1)
    return planted[pos] == indices
