"""The curated TikTok table (emoji, slang, phrases, noise hashtags) shipped as package data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

TABLE_RESOURCE = "tiktok_lexicon.json"


@dataclass(frozen=True)
class TikTokTable:
    """Valences are on VADER's scale (-4..+4); keys of ``words``/``phrases`` are lower case."""

    version: str
    emoji: dict[str, float]
    words: dict[str, float]
    phrases: dict[str, float]
    standalone_tokens: dict[str, float]
    boosters: dict[str, float]
    ignore_hashtags: frozenset[str]
    split_words: frozenset[str]

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> TikTokTable:
        return cls(
            version=str(raw["version"]),
            emoji={str(k): float(v) for k, v in raw["emoji"].items()},
            words={str(k).lower(): float(v) for k, v in raw["words"].items()},
            phrases={str(k).lower(): float(v) for k, v in raw["phrases"].items()},
            standalone_tokens={str(k): float(v) for k, v in raw["standalone_tokens"].items()},
            boosters={str(k).lower(): float(v) for k, v in raw["boosters"].items()},
            ignore_hashtags=frozenset(str(t).lower() for t in raw["ignore_hashtags"]),
            split_words=frozenset(str(w).lower() for w in raw["split_words"]),
        )


def load_table() -> TikTokTable:
    """The table shipped with the package."""
    text = resources.files("hackoclock.content").joinpath(TABLE_RESOURCE).read_text("utf-8")
    return TikTokTable.from_dict(json.loads(text))
