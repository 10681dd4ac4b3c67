"""The offline default provider: VADER over caption and hashtags, tuned for TikTok.

VADER misreads TikTok: 🔥 reads as "fire" (negative), 😭 as crying, 💀 and many emoji as
nothing, and hashtags such as ``#fyp`` or ``#bestfriendgoals`` as unknown words. Before VADER
runs, the text is rewritten: curated emoji, phrases ("no cap", "ate that") and stand-alone
``W``/``L`` become private tokens whose valence the curated table sets; noise hashtags are
dropped and the rest split into words. Compound (-1..1) maps linearly to a score in 0..1.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version as package_version

import vaderSentiment.vaderSentiment as vader_module
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from hackoclock.content.hashtags import (
    HashtagSplitter,
    extract_hashtags,
    is_noise,
    merge_hashtags,
)
from hackoclock.content.lexicon_table import TikTokTable, load_table
from hackoclock.content.model import NEUTRAL_SCORE, ContentScore, VideoInput

PROVIDER_NAME = "lexicon"
# Emoji modifiers that only change the look of the emoji before them (dropped).
MODIFIERS = ["\ufe0f", "\ufe0e", "\u200d", *map(chr, range(0x1F3FB, 0x1F400))]
HAS_CONTENT_RE = re.compile(r"\w")
WORD_RE = re.compile(r"[\w']+")
# Words too common to tell whether a phrase may be present (see ``_phrase_keys``).
COMMON_WORDS = frozenset(
    "the a an it its it's so not no this that i i'm im u you he she they big huge red green main left took kinda lowkey and".split()  # noqa: E501, SIM905
)
TOKEN_PREFIX = "hkx"
PUNCTUATION = string.punctuation


@dataclass(frozen=True, slots=True)
class LexiconReading:
    """The outcome for one text: VADER's compound, the curated terms seen, nothing to read?"""

    compound: float
    terms: tuple[str, ...]
    empty: bool
    hashtags_used: int


class _PreparedTextVader(SentimentIntensityAnalyzer):
    """VADER without its character-by-character emoji pass: ``prepare`` has already turned
    every emoji into a word (with ``str.translate``, far faster). The rest is VADER's own."""

    def polarity_scores(self, text: str) -> dict[str, float]:
        sentitext = vader_module.SentiText(text)
        sentiments: list[float] = []
        words = sentitext.words_and_emoticons
        boosters = vader_module.BOOSTER_DICT
        for i, item in enumerate(words):
            lowered = item.lower()
            if lowered in boosters or (
                lowered == "kind" and i < len(words) - 1 and words[i + 1].lower() == "of"
            ):
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        sentiments = self._but_check(words, sentiments)
        result: dict[str, float] = self.score_valence(sentiments, text)
        return result


def _vader_token(token: str) -> str:
    """A token as VADER looks it up: punctuation stripped unless that leaves <= 2 chars."""
    stripped = token.strip(PUNCTUATION)
    return token if len(stripped) <= 2 else stripped


def _phrase_keys(phrases: Sequence[str]) -> frozenset[str]:
    """Words such that every phrase contains at least one: a text with none of them cannot
    contain a phrase, so the (slower) phrase regex is skipped for it."""
    keys: set[str] = set()
    for phrase in phrases:
        words = WORD_RE.findall(phrase)
        distinctive = [w for w in words if w not in COMMON_WORDS]
        keys.update(distinctive or words)
    return frozenset(keys)


def _alternation(keys: Sequence[str]) -> str:
    """A non-capturing group matching any key, longest first."""
    return "(?:" + "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)) + ")"


class TikTokLexicon:
    """Rewrites TikTok text for VADER and reads it. Build once; ``read`` is cached."""

    def __init__(self, table: TikTokTable, cache_size: int = 131072) -> None:
        self.table = table
        self._analyzer = _PreparedTextVader()
        self._token_terms: dict[str, str] = {}
        self._emoji_to_token = self._install_emoji()
        self._phrase_to_token = self._install("p", table.phrases)
        standalone = self._install("t", table.standalone_tokens)
        for word, valence in table.words.items():
            self._analyzer.lexicon[word] = valence
        for word, scalar in table.boosters.items():
            vader_module.BOOSTER_DICT.setdefault(word, scalar)
        self._word_terms = frozenset(w for w in table.words if len(w) > 1)
        self._translation: dict[int, str | None] = {
            ord(e): f" {token} " for e, token in self._emoji_to_token.items()
        }
        self._translation.update({ord(m): None for m in MODIFIERS})
        self._phrase_keys = _phrase_keys(list(table.phrases))
        self._phrase_re = re.compile(
            rf"(?<![\w']){_alternation(list(table.phrases))}(?![\w'])", re.IGNORECASE
        )
        self._standalone_re = re.compile(
            rf"(?<![\w']){_alternation(list(table.standalone_tokens))}(?![\w'])"
        )
        self._standalone = standalone
        vocab = {w for w in self._analyzer.lexicon if w.isalpha() and len(w) > 1}
        vocab |= table.split_words | {w for w in table.words if w.isalpha()}
        self._splitter = HashtagSplitter(frozenset(vocab))
        self.read = lru_cache(maxsize=cache_size)(self._read)

    def _install(self, kind: str, valences: dict[str, float]) -> dict[str, str]:
        mapping: dict[str, str] = {}
        for i, (term, valence) in enumerate(valences.items()):
            token = f"{TOKEN_PREFIX}{kind}{i}"
            self._analyzer.lexicon[token] = valence
            self._token_terms[token] = term
            mapping[term] = token
        return mapping

    def _install_emoji(self) -> dict[str, str]:
        """Every single-character emoji VADER knows maps to its description; curated ones
        map to a private token with the table's valence."""
        mapping = {e: d for e, d in self._analyzer.emojis.items() if len(e) == 1}
        mapping.update(self._install("e", self.table.emoji))
        return mapping

    def prepare(self, caption: str, hashtags: tuple[str, ...]) -> tuple[str, int]:
        """The text VADER reads, and how many hashtags it kept."""
        text, in_caption = extract_hashtags(caption.replace("\u2019", "'"))
        tags = [
            t
            for t in merge_hashtags(in_caption, hashtags)
            if not is_noise(t, self.table.ignore_hashtags)
        ]
        if tags:
            text = f"{text} . {' '.join(self._splitter.split(t) for t in tags)}"
        if not self._phrase_keys.isdisjoint(WORD_RE.findall(text.lower())):
            text = self._phrase_re.sub(lambda m: f" {self._phrase_to_token[m[0].lower()]} ", text)
        if any(token in text for token in self._standalone):
            text = self._standalone_re.sub(lambda m: f" {self._standalone[m[0]]} ", text)
        return text.translate(self._translation), len(tags)

    def _read(self, caption: str, hashtags: tuple[str, ...]) -> LexiconReading:
        text, kept = self.prepare(caption, hashtags)
        if not HAS_CONTENT_RE.search(text):
            return LexiconReading(0.0, (), True, kept)
        words = [_vader_token(t) for t in text.lower().split()]
        terms: list[str] = []
        for word in words:
            term = self._token_terms.get(word)
            if term is None and word in self._word_terms:
                term = word
            if term is not None and term not in terms:
                terms.append(term)
        # Without a single lexicon word VADER's compound is exactly 0: skip the slow part.
        lexicon = self._analyzer.lexicon
        if not any(word in lexicon for word in words):
            return LexiconReading(0.0, tuple(terms), False, kept)
        compound = float(self._analyzer.polarity_scores(text)["compound"])
        return LexiconReading(compound, tuple(terms), False, kept)


def compound_to_score(compound: float) -> float:
    """VADER's compound in [-1, 1] mapped linearly onto [0, 1] (0 -> 0.5)."""
    return round(min(1.0, max(0.0, (compound + 1.0) / 2.0)), 4)


class LexiconProvider:
    """Content score from the caption and hashtags alone; offline and fast."""

    name = PROVIDER_NAME
    workers = 1

    def __init__(self, table: TikTokTable | None = None) -> None:
        self.lexicon = TikTokLexicon(table or load_table())
        self.model = f"vader-{package_version('vaderSentiment')}"
        self.version = self.lexicon.table.version

    def score(self, video: VideoInput) -> ContentScore:
        reading = self.lexicon.read(video.caption or "", tuple(video.hashtags or ()))
        if reading.empty:
            return ContentScore(
                video_id=video.video_id,
                score=NEUTRAL_SCORE,
                provider=self.name,
                model=self.model,
                version=self.version,
                rationale="no caption or meaningful hashtags to read; neutral",
                neutral=True,
            )
        terms = f"; TikTok terms: {', '.join(reading.terms)}" if reading.terms else ""
        return ContentScore(
            video_id=video.video_id,
            score=compound_to_score(reading.compound),
            provider=self.name,
            model=self.model,
            version=self.version,
            rationale=f"VADER compound {reading.compound:+.3f} over caption"
            f" and {reading.hashtags_used} hashtag(s){terms}",
            details={"compound": reading.compound, "terms": list(reading.terms)},
        )
