"""Synthetic creators: heavy-tailed followers, a reach correlated with them, engagement habits.

Creators are held as columns (NumPy and Arrow arrays), small enough for a million creators.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hackoclock.sample import vocab
from hackoclock.sample.spec import SampleSpec

MEDIAN_FOLLOWERS = 5_000.0
MEDIAN_VIEWS = 3_000.0
FOLLOWER_SIGMA = 2.0  # log-normal spread of follower counts
REACH_ON_FOLLOWERS = 0.55  # how strongly a creator's typical views follow their audience
REACH_SIGMA = 0.7
TOKEN_BYTES = 18  # 24 base64 characters per creator token


@dataclass(frozen=True)
class Creators:
    """Columns of the synthetic creators; row i is creator index i."""

    creator_id: pa.Array  # string, 19 digits: signup time << 32 | index
    username: pa.Array  # string, unique
    nickname: pa.Array  # string
    token: pa.Array  # string, 24 url-safe characters (secUid tail, avatar path)
    signature: pa.Array  # string
    verified: np.ndarray  # bool
    followers: np.ndarray  # int64
    reach: np.ndarray  # float64: mean log-views of the creator's videos
    like_rate: np.ndarray  # float64: the creator's mean likes per view
    comment_rate: np.ndarray
    share_rate: np.ndarray
    bookmark_rate: np.ndarray
    topic: np.ndarray  # int64 index into vocab.TOPICS

    def __len__(self) -> int:
        return len(self.followers)


def build_creators(spec: SampleSpec) -> Creators:
    """Draw every creator of ``spec`` from its own random stream."""
    rng = spec.rng(0)
    n = spec.n_creators
    log_followers = np.log(MEDIAN_FOLLOWERS) + rng.normal(0.0, FOLLOWER_SIGMA, n)
    followers = np.clip(np.exp(log_followers), 0, 2e8).astype(np.int64)
    reach = (
        np.log(MEDIAN_VIEWS)
        + REACH_ON_FOLLOWERS * (log_followers - np.log(MEDIAN_FOLLOWERS))
        + rng.normal(0.0, REACH_SIGMA, n)
    )
    verified = np.where(followers > 1_000_000, rng.random(n) < 0.5, rng.random(n) < 0.002)
    signup = spec.start_ts - rng.integers(30 * 86_400, 2_000 * 86_400, n)
    ids = (signup.astype(np.int64) << 32) | np.arange(n, dtype=np.int64)
    first = pa.array(vocab.FIRST_NAMES).take(pa.array(rng.integers(0, len(vocab.FIRST_NAMES), n)))
    return Creators(
        creator_id=pc.cast(pa.array(ids), pa.string()),
        username=_usernames(rng, first),
        nickname=_nicknames(rng, first),
        token=_tokens(rng, n),
        signature=pa.array(vocab.SIGNATURES).take(
            pa.array(rng.integers(0, len(vocab.SIGNATURES), n))
        ),
        verified=verified,
        followers=followers,
        reach=reach,
        like_rate=rng.beta(4.0, 40.0, n),
        comment_rate=rng.beta(2.0, 800.0, n),
        share_rate=rng.beta(2.0, 250.0, n),
        bookmark_rate=rng.beta(2.0, 200.0, n),
        topic=rng.integers(0, len(vocab.TOPICS), n),
    )


def _pick(rng: np.random.Generator, words: tuple[str, ...], n: int) -> pa.Array:
    return pa.array(words).take(pa.array(rng.integers(0, len(words), n)))


def _usernames(rng: np.random.Generator, first: pa.Array) -> pa.Array:
    """``mia_dances417``: words, then the creator index, which makes every name unique."""
    n = len(first)
    sep = _pick(rng, vocab.SEPARATORS, n)
    words = (*vocab.HANDLE_WORDS, "", "", "")
    word = _pick(rng, words, n)
    number = pc.cast(pa.array(np.arange(n, dtype=np.int64)), pa.string())
    return pc.binary_join_element_wise(first, sep, word, number, "")


def _nicknames(rng: np.random.Generator, first: pa.Array) -> pa.Array:
    n = len(first)
    extra = _pick(rng, ("", "", "", " ✨", " 🌸", " 💪", " 🎮", " 🍕", " Official", " TV"), n)
    return pc.binary_join_element_wise(pc.utf8_capitalize(first), extra, "")


def _tokens(rng: np.random.Generator, n: int) -> pa.Array:
    """A fixed-width url-safe random token per creator, built without a Python loop."""
    text = base64.urlsafe_b64encode(rng.bytes(TOKEN_BYTES * n))
    width = TOKEN_BYTES * 4 // 3
    offsets = pa.array(np.arange(0, width * n + 1, width, dtype=np.int32))
    return pa.StringArray.from_buffers(n, offsets.buffers()[1], pa.py_buffer(text))
