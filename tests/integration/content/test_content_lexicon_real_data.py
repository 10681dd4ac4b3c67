"""The lexicon over every caption of the prototype's real data set."""

from __future__ import annotations

import json
from pathlib import Path

from hackoclock.content.lexicon import LexiconProvider
from hackoclock.content.model import VideoInput


def test_every_real_caption_gets_a_score_in_range(shared_data: Path) -> None:
    data = json.loads((shared_data / "tiktok-trending-2020-12.json").read_text("utf-8"))
    provider = LexiconProvider()
    results = [
        provider.score(VideoInput(v["id"], v["text"], tuple(h["name"] for h in v["hashtags"])))
        for v in data["collector"]
    ]
    assert len(results) == 1000
    assert all(0.0 <= r.score <= 1.0 for r in results)
    neutral = sum(r.neutral for r in results)
    assert 38 <= neutral <= 200  # 38 empty captions, plus ones with only #fyp-like tags
    assert sum(r.score > 0.5 for r in results) > sum(r.score < 0.5 for r in results)
