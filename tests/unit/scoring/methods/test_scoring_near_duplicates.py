"""The near-duplicate flag against a plain-Python reference, on data full of duplicates.

The flag is computed in two passes (hashed candidates, then an exact check); whatever the
hashes do, the result must be exactly the set a direct grouping by (creator, caption key) finds.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import ibis
import pytest

from hackoclock.scoring.config import load_config
from hackoclock.scoring.engines import StageCache, connect, separate_stages
from hackoclock.scoring.methods.flags import near_duplicates

WORDS = ["buy", "now", "Dance", "#fyp", "@me", "café", "LOVE", "it", "2026", "go"]
NOISE = ["", "!", "!!", " ", "  ", ".", "?!", "...", " - ", "\t", "💥", ","]


def _key(caption: str | None) -> str | None:
    """The documented rule: lower case; runs of anything but letters, digits, # and @ become
    one space; trimmed; empty means no key."""
    if caption is None:
        return None
    out, gap = [], False
    for ch in caption.lower():
        if ch.isalnum() or ch in "#@":
            if gap and out:
                out.append(" ")
            out.append(ch)
            gap = False
        else:
            gap = True
    return "".join(out) or None


def _caption(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.05:
        return None
    if roll < 0.08:
        return rng.choice(["", "   ", "!!!", "💥💥"])
    words = rng.sample(WORDS[:3], k=2) if rng.random() < 0.7 else rng.sample(WORDS, k=3)
    text = rng.choice(NOISE)
    for word in words:
        text += (word.upper() if rng.random() < 0.3 else word) + rng.choice([*NOISE[1:], " "])
    return text


def _data(n: int, seed: int) -> dict[str, list]:
    rng = random.Random(seed)
    return {
        "video_id": [f"v{i:05d}" for i in range(n)],
        "creator_id": [f"c{rng.randrange(n // 12)}" for _ in range(n)],
        "caption": [_caption(rng) for _ in range(n)],
    }


def _reference(data: dict[str, list], minimum: int) -> set[str]:
    keys = [(c, _key(cap)) for c, cap in zip(data["creator_id"], data["caption"], strict=True)]
    counts = Counter(k for k in keys if k[1] is not None)
    return {
        v
        for v, k in zip(data["video_id"], keys, strict=True)
        if k[1] is not None and counts[k] >= minimum
    }


@pytest.mark.parametrize(("minimum", "seed"), [(2, 1), (2, 2), (3, 3), (4, 4), (5, 5)])
def test_the_flag_equals_a_direct_grouping(tmp_path: Path, minimum: int, seed: int) -> None:
    config = tmp_path / "f.toml"
    config.write_text(f"[flags]\nnear_duplicate_min = {minimum}\n", encoding="utf-8")
    cfg = load_config("fair", config)
    data = _data(3000, seed)
    expected = _reference(data, minimum)
    assert 20 < len(expected) < 2500  # the data really exercises the flag
    con = connect("duckdb")
    cache = StageCache()
    try:
        with separate_stages():
            table = con.create_table("periods", ibis.memtable(data), temp=True)
            found = con.to_pyarrow(near_duplicates(table, cfg, cache))["dup_video_id"].to_pylist()
    finally:
        cache.release()
    assert len(found) == len(set(found))
    assert set(found) == expected
