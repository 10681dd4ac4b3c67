"""One chunk of synthetic videos: posting times, heavy-tailed reach, engagement, captions, plants.

A chunk holds each video's *eventual* counts; ``observe`` ages them to a moment (a video gathers
most of its views in its first days), so later snapshots only ever grow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hackoclock.sample import plan as plan_mod
from hackoclock.sample import vocab
from hackoclock.sample.captions import (
    COMBOS_PER_TOPIC,
    EMOJI_COMBOS_PER_TONE,
    TONE_WEIGHTS,
    TextTables,
)
from hackoclock.sample.creators import Creators
from hackoclock.sample.plan import Plan
from hackoclock.sample.spec import CHUNK_SIZE, SampleSpec

VIDEO_SIGMA = 1.0  # log-normal spread of a video's views around its creator's reach
VIRAL_SHARE = 0.005  # share of videos that go viral: views times a Pareto factor
VIRAL_ALPHA = 1.1
MAX_VIEWS = 500_000_000
MIN_VIEWS = 20
BOUGHT_FLOOR = 20_000  # bought views come in packages: at least this many
RATE_CONCENTRATION = {"likes": 60.0, "comments": 800.0, "shares": 250.0, "bookmarks": 200.0}
GROWTH_HOURS = 72.0  # a video's counts approach their eventual value with this time constant
EARLY_SHARE = 0.15  # share of the eventual counts a video has at the moment it is posted


@dataclass(frozen=True)
class Chunk:
    """Videos ``index[0]..index[-1]`` with their eventual counts and assembled text."""

    index: np.ndarray  # int64 video index
    creator: np.ndarray  # int64 creator index
    video_id: pa.Array  # string: posting time << 32 | index
    create_ts: np.ndarray  # int64 Unix seconds
    age_from: np.ndarray  # int64: the moment counts start growing (pods share one)
    duration: np.ndarray  # int64 seconds
    size: np.ndarray  # int64 index into vocab.VIDEO_SIZES
    music: np.ndarray  # int64 index into vocab.MUSIC, -1 for an original sound
    counts: dict[str, np.ndarray]  # views, likes, comments, shares, bookmarks: int64, eventual
    caption: pa.Array  # string
    has_emoji: np.ndarray  # bool
    tags: np.ndarray  # int64 index into the hashtag combination tables
    mention: pa.Array  # string: "" or "@username"
    planted: np.ndarray  # int8 code (sample_plan.BOUGHT ...), 0 = none

    def __len__(self) -> int:
        return len(self.index)


def build_chunk(
    spec: SampleSpec, creators: Creators, plan: Plan, text: TextTables, k: int
) -> Chunk:
    """Chunk ``k`` (0-based) of ``spec``, from its own random stream, the same on every call."""
    rng = spec.rng(2, k)
    lo, hi = k * CHUNK_SIZE, min((k + 1) * CHUNK_SIZE, spec.n_videos)
    n = hi - lo
    index = np.arange(lo, hi, dtype=np.int64)
    creator = plan.video_creator[lo:hi].astype(np.int64)
    create_ts = spec.start_ts + rng.integers(0, spec.window_seconds, n)
    counts = _counts(rng, creators, creator, n)
    parts = _caption_parts(rng, spec, creators, text, creator, n)
    planted = _plant(rng, plan, counts, parts, create_ts, index, creator, n)
    latest = spec.start_ts + spec.window_seconds - 1
    create_ts = np.minimum(create_ts, latest)
    age_from = create_ts.copy()
    pod = plan.pod_of[creator]
    is_pod = pod >= 0
    age_from[is_pod] = plan.pod_start[pod[is_pod]] + plan_mod.POD_WINDOW_S // 2
    video_id = pc.cast(pa.array((create_ts << 32) | index), pa.string())
    caption, mention = _caption(rng, spec, creators, text, parts, planted != plan_mod.BURST)
    music = np.where(rng.random(n) < 0.45, -1, rng.integers(0, len(vocab.MUSIC), n))
    return Chunk(
        index=index,
        creator=creator,
        video_id=video_id,
        create_ts=create_ts,
        age_from=age_from,
        duration=np.array(vocab.DURATIONS)[rng.integers(0, len(vocab.DURATIONS), n)],
        size=rng.choice(len(vocab.VIDEO_SIZES), n, p=[0.7, 0.18, 0.08, 0.04]),
        music=music,
        counts=counts,
        caption=caption,
        has_emoji=parts["emoji"] > 0,
        tags=parts["tags"],
        mention=mention,
        planted=planted,
    )


def _caption(
    rng: np.random.Generator,
    spec: SampleSpec,
    creators: Creators,
    text: TextTables,
    parts: dict[str, np.ndarray],
    may_mention: np.ndarray,
) -> tuple[pa.Array, pa.Array]:
    """Assemble captions from their parts; 4% mention another creator (``@name``)."""
    n = len(may_mention)
    mention_to = pa.array(rng.integers(0, spec.n_creators, n))
    mentioned = pa.array((rng.random(n) < 0.04) & (parts["phrase"] > 0) & may_mention)
    at_names = pc.binary_join_element_wise("@", creators.username.take(mention_to), "")
    mention = pc.if_else(mentioned, at_names, "")
    caption = pc.binary_join_element_wise(
        text.phrases.take(pa.array(parts["phrase"])),
        text.slang.take(pa.array(parts["slang"])),
        text.emoji.take(pa.array(parts["emoji"])),
        text.tag_text.take(pa.array(parts["tags"])),
        pc.if_else(mentioned, pc.binary_join_element_wise(" ", mention, ""), ""),
        "",
    )
    return caption, mention


def _beta_around(rng: np.random.Generator, mean: np.ndarray, kappa: float) -> np.ndarray:
    """Per-video rates scattered around the creator's mean rate."""
    return rng.beta(kappa * mean, kappa * (1.0 - mean))


def _counts(
    rng: np.random.Generator, creators: Creators, creator: np.ndarray, n: int
) -> dict[str, np.ndarray]:
    """Log-normal views around the creator's reach, a few viral; engagement drawn from views."""
    log_views = creators.reach[creator] + rng.normal(0.0, VIDEO_SIGMA, n)
    viral = rng.random(n) < VIRAL_SHARE
    boost = np.log(np.minimum(10.0 * (1.0 + rng.pareto(VIRAL_ALPHA, n)), 5_000.0))
    log_views = np.where(viral, log_views + boost, log_views)
    views = np.clip(np.rint(np.exp(log_views)), MIN_VIEWS, MAX_VIEWS).astype(np.int64)
    rates = {
        "likes": creators.like_rate,
        "comments": creators.comment_rate,
        "shares": creators.share_rate,
        "bookmarks": creators.bookmark_rate,
    }
    counts = {"views": views}
    for name, rate in rates.items():
        p = _beta_around(rng, rate[creator], RATE_CONCENTRATION[name])
        counts[name] = rng.binomial(views, p).astype(np.int64)
    return counts


def _caption_parts(
    rng: np.random.Generator,
    spec: SampleSpec,
    creators: Creators,
    text: TextTables,
    creator: np.ndarray,
    n: int,
) -> dict[str, np.ndarray]:
    """Indices of each caption's phrase, slang, emoji and hashtags (0 = none)."""
    tone = rng.choice(len(TONE_WEIGHTS), n, p=TONE_WEIGHTS)
    start = np.array(text.phrase_start)[tone]
    phrase = start + (rng.random(n) * np.array(text.phrase_count)[tone]).astype(np.int64)
    slang = np.where(rng.random(n) < 0.2, rng.integers(1, len(text.slang), n), 0)
    emoji_pick = 1 + tone * EMOJI_COMBOS_PER_TONE + rng.integers(0, EMOJI_COMBOS_PER_TONE, n)
    emoji = np.where(rng.random(n) < 0.7, emoji_pick, 0)
    n_topics = len(vocab.TOPICS)
    topic = np.where(rng.random(n) < 0.9, creators.topic[creator], rng.integers(0, n_topics, n))
    tag_pick = 1 + topic * COMBOS_PER_TOPIC + rng.integers(0, COMBOS_PER_TOPIC, n)
    tags = np.where(rng.random(n) < 0.85, tag_pick, 0)
    empty = rng.random(n) < 0.01  # real exports carry a few empty captions
    parts = {"phrase": phrase, "slang": slang, "emoji": emoji, "tags": tags}
    return {name: np.where(empty, 0, a).astype(np.int64) for name, a in parts.items()}


def _plant(
    rng: np.random.Generator,
    plan: Plan,
    counts: dict[str, np.ndarray],
    parts: dict[str, np.ndarray],
    create_ts: np.ndarray,
    index: np.ndarray,
    creator: np.ndarray,
    n: int,
) -> np.ndarray:
    """Apply the plan's manipulations to this chunk in place; return each video's plant code."""
    inflate = rng.uniform(30.0, 200.0, n)
    above_factor = rng.uniform(1.2, 3.0, n)
    pod_noise = rng.normal(0.0, 0.003, (3, n))
    pod_views = rng.uniform(1.6, 3.0, n)
    offset = rng.integers(0, plan_mod.POD_WINDOW_S, n)
    pod, burst = plan.pod_of[creator], plan.burst_of[creator]
    is_pod, is_burst = pod >= 0, burst >= 0
    free = ~(is_pod | is_burst)
    bought = plan_mod.planted_in(index, plan.bought) & free
    above = plan_mod.planted_in(index, plan.above) & free
    views = counts["views"]
    bought_views = np.maximum(views[bought] * inflate[bought], BOUGHT_FLOOR * inflate[bought] / 30)
    views[bought] = np.minimum(bought_views, MAX_VIEWS).astype(np.int64)
    views[above] = np.maximum(views[above], 1_000)
    counts["likes"][above] = (views[above] * above_factor[above]).astype(np.int64)
    p = pod[is_pod]
    likes = plan.pod_likes[p] * (1.0 + pod_noise[0][is_pod])
    counts["likes"][is_pod] = np.rint(likes).astype(np.int64)
    counts["comments"][is_pod] = np.rint(plan.pod_comments[p] * (1.0 + pod_noise[1][is_pod]))
    pod_view_counts = np.rint(plan.pod_likes[p] * pod_views[is_pod]).astype(np.int64)
    shrink = pod_view_counts / views[is_pod]  # keep shares and bookmarks in proportion
    for name in ("shares", "bookmarks"):
        counts[name][is_pod] = np.minimum(counts[name][is_pod] * shrink, pod_view_counts)
    views[is_pod] = pod_view_counts
    create_ts[is_pod] = plan.pod_start[p] + offset[is_pod]
    b = burst[is_burst]
    create_ts[is_burst] = plan.burst_start[b] + offset[is_burst] * 3 // 4
    for column, name in enumerate(("phrase", "slang", "emoji", "tags")):
        parts[name][is_burst] = plan.burst_caption[b, column]
    codes = np.zeros(n, dtype=np.int8)
    codes[bought], codes[is_pod], codes[is_burst] = plan_mod.BOUGHT, plan_mod.POD, plan_mod.BURST
    codes[above] = plan_mod.ABOVE
    return codes


def observe(chunk: Chunk, at_ts: int) -> dict[str, np.ndarray]:
    """The chunk's counts as seen at ``at_ts``: a share of the eventual counts growing with age."""
    age_h = np.maximum(at_ts - chunk.age_from, 0) / 3_600.0
    share = 1.0 - (1.0 - EARLY_SHARE) * np.exp(-age_h / GROWTH_HOURS)
    return {name: np.floor(c * share).astype(np.int64) for name, c in chunk.counts.items()}
