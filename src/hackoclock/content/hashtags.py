"""Hashtags: pull them out of captions, drop the noise ones (#fyp), split the rest into words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

HASHTAG_RE = re.compile(r"#([^\s#@]+)")
MENTION_RE = re.compile(r"@[^\s#@]+")
URL_RE = re.compile(r"https?://\S+")
CAMEL_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^A-Za-z\d]+")
# Permutations of "xyzbca" that people add to reach the For You feed.
SCRAMBLE_RE = re.compile(r"^(?=.*x)(?=.*y)(?=.*z)[abcxyz]{4,7}$")
FYP_PREFIX_RE = re.compile(r"^(?:fyp|foryou|foryourpage|4you|4yp)")
TRAILING_PUNCT = ".,!?:;'\"()[]{}"
MAX_SPLIT_LEN = 40


def extract_hashtags(caption: str) -> tuple[str, list[str]]:
    """The caption without its hashtags, mentions and links, and the hashtags in order."""
    tags = [m.strip(TRAILING_PUNCT) for m in HASHTAG_RE.findall(caption)]
    text = HASHTAG_RE.sub(" ", caption)
    text = MENTION_RE.sub(" ", URL_RE.sub(" ", text))
    return text, [t for t in tags if t]


def merge_hashtags(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """Both lists, without '#', de-duplicated case-insensitively, first-seen order kept."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in (*first, *second):
        tag = str(raw).lstrip("#").strip(TRAILING_PUNCT).strip()
        key = tag.lower()
        if tag and key not in seen:
            seen.add(key)
            out.append(tag)
    return out


def is_noise(tag: str, ignore: frozenset[str]) -> bool:
    """True for reach-bait tags that say nothing about the video (#fyp, #foryou, #xyzbca)."""
    key = tag.lower()
    return key in ignore or bool(FYP_PREFIX_RE.match(key)) or bool(SCRAMBLE_RE.match(key))


class HashtagSplitter:
    """Turns '#BestFriendGoals' or '#bestfriendgoals' into 'best friend goals'.

    CamelCase is split first; a lower-case run is then split into the fewest known words
    (dynamic programming over ``vocabulary``). A run that cannot be split completely is kept.
    """

    def __init__(self, vocabulary: frozenset[str], cache_size: int = 65536) -> None:
        self._vocab = vocabulary
        self._max_word = max((len(w) for w in vocabulary), default=1)
        self.split = lru_cache(maxsize=cache_size)(self._split)

    def _split(self, tag: str) -> str:
        parts = [p for p in CAMEL_RE.findall(tag) if p.strip("_")]
        return " ".join(self._segment(p.lower()) for p in parts)

    def _segment(self, word: str) -> str:
        n = len(word)
        if n < 5 or n > MAX_SPLIT_LEN or word in self._vocab or not word.isalpha():
            return word
        best: list[list[str] | None] = [None] * (n + 1)
        best[0] = []
        for end in range(1, n + 1):
            for start in range(max(0, end - self._max_word), end):
                prefix = best[start]
                piece = word[start:end]
                if prefix is None or piece not in self._vocab:
                    continue
                if len(piece) == 1 and piece not in ("a", "i"):
                    continue
                candidate = [*prefix, piece]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
        found = best[n]
        return " ".join(found) if found else word
