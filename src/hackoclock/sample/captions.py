"""Caption building blocks as lookup tables, so a chunk's captions are assembled by ``take``.

A caption is ``phrase + slang + emoji + hashtags + mention``; each part is an index into a table
whose entry 0 is empty. Hashtag combinations are drawn once per seed, ``COMBOS_PER_TOPIC`` per
topic, and carry their caption text, their JSON list and their tiktok-scraper objects.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from hackoclock.sample import vocab

TONES = ("positive", "neutral", "negative")
TONE_WEIGHTS = (0.5, 0.35, 0.15)
EMOJI_COMBOS_PER_TONE = 64
COMBOS_PER_TOPIC = 128
_TAG_IDS = dict(vocab.KNOWN_TAG_IDS)
_PHRASES_BY_TONE = (vocab.POSITIVE_PHRASES, vocab.NEUTRAL_PHRASES, vocab.NEGATIVE_PHRASES)
_EMOJI_BY_TONE = (vocab.POSITIVE_EMOJI, vocab.NEUTRAL_EMOJI, vocab.NEGATIVE_EMOJI)


def tag_id(name: str) -> str:
    """The hashtag's id: the real one when known, else a stable checksum."""
    return _TAG_IDS.get(name) or str(zlib.crc32(name.encode()) + 1_000_000)


@dataclass(frozen=True)
class TextTables:
    """Lookup tables for captions; index 0 of every table is the empty part."""

    phrases: pa.Array  # string: "", then positive, neutral, negative phrases
    phrase_start: tuple[int, ...]  # first index of each tone's phrases
    phrase_count: tuple[int, ...]
    slang: pa.Array  # string, " fr fr"
    emoji: pa.Array  # string, " 🔥😍"; tone t's combos at 1 + t * EMOJI_COMBOS_PER_TONE
    tag_text: pa.Array  # string, " #dance #fyp"; topic k's combos at 1 + k * COMBOS_PER_TOPIC
    tag_list: pa.Array  # list<string>, ["dance", "fyp"]
    tag_json: pa.Array  # string, ["dance","fyp"]
    tag_scraper: pa.Array  # string, [{"id":"5054","name":"dance","title":"","cover":""}, ...]
    tag_count: np.ndarray  # int64


def build_text_tables(rng: np.random.Generator) -> TextTables:
    """Draw the emoji and hashtag combinations for one seed."""
    phrases = ["", *(p for tone in _PHRASES_BY_TONE for p in tone)]
    starts, counts, at = [], [], 1
    for tone in _PHRASES_BY_TONE:
        starts.append(at)
        counts.append(len(tone))
        at += len(tone)
    emoji = [""]
    for tone_emoji in _EMOJI_BY_TONE:
        for _ in range(EMOJI_COMBOS_PER_TONE):
            picks = rng.integers(0, len(tone_emoji), int(rng.choice([1, 1, 1, 2, 2, 3])))
            emoji.append(" " + "".join(tone_emoji[i] for i in picks))
    combos: list[list[str]] = [[]]
    for _, topic_tags in vocab.TOPICS:
        combos.extend(_tag_combo(rng, topic_tags) for _ in range(COMBOS_PER_TOPIC))
    return TextTables(
        phrases=pa.array(phrases),
        phrase_start=tuple(starts),
        phrase_count=tuple(counts),
        slang=pa.array(["", *(" " + s for s in vocab.SLANG)]),
        emoji=pa.array(emoji),
        tag_text=pa.array(["".join(" #" + t for t in c) for c in combos]),
        tag_list=pa.array(combos, type=pa.list_(pa.string())),
        tag_json=pa.array(["[" + ",".join(f'"{t}"' for t in c) + "]" for c in combos]),
        tag_scraper=pa.array([_scraper_tags(c) for c in combos]),
        tag_count=np.array([len(c) for c in combos], dtype=np.int64),
    )


def _tag_combo(rng: np.random.Generator, topic_tags: tuple[str, ...]) -> list[str]:
    """Topic tags first, then the generic ones (#fyp #foryou), as creators tend to write them."""
    n_topic = int(rng.choice([0, 1, 1, 2, 2, 3]))
    n_generic = int(rng.choice([0, 1, 1, 2, 3]))
    topic = [topic_tags[i] for i in rng.permutation(len(topic_tags))[:n_topic]]
    generic = [vocab.GENERIC_TAGS[i] for i in rng.permutation(len(vocab.GENERIC_TAGS))[:n_generic]]
    return topic + generic


def _scraper_tags(combo: list[str]) -> str:
    items = (f'{{"id":"{tag_id(t)}","name":"{t}","title":"","cover":""}}' for t in combo)
    return "[" + ",".join(items) + "]"
