"""The offline default provider: the tone of an English caption, bounded and hard to stuff.

A caption's sentiment is not its content's value, and it is cheap to game. So this provider
(docs/content.md, "Lexicon"):

1. reads the caption only (hashtags, mentions, links and TikTok's "Reply to" prefix removed:
   hashtags are topic labels and the cheapest place to stuff praise);
2. says **unknown** (score None, with the reason) when nothing is left to read or the caption
   is not English (``language.LanguageDetector``, offline) - VADER reads English only, and a
   Dutch caption read as English is wrong, not neutral;
3. splits the text into a **body** and a **tail**: the tail is the longest run at the end made
   only of sentiment words, boosters, emoji and punctuation ("... so cute 😍😍 love amazing");
4. scores ``0.5 + BODY_WEIGHT x compound(body) + TAIL_WEIGHT x compound(tail)`` with VADER's
   compound (-1..1) of each part: tone moves the score by at most +-0.12, and anything
   appended that is only praise words, boosters or emoji moves it by at most
   2 x TAIL_WEIGHT = 0.04, whatever and however much is appended (the body does not change).

VADER misreads TikTok: 🔥 reads as "fire" (negative), 😭 as crying, 💀 and many emoji as
nothing. Before VADER runs, the text is rewritten: curated emoji, phrases ("no cap", "ate
that") and stand-alone ``W``/``L`` become private tokens whose valence the curated table sets.
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
from hackoclock.content.language import LanguageDetector
from hackoclock.content.lexicon_table import TikTokTable, load_table
from hackoclock.content.model import (
    LANGUAGE_NOT_COVERED,
    LANGUAGE_UNSURE,
    NEUTRAL_SCORE,
    NOTHING_TO_READ,
    ContentScore,
    VideoInput,
)

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
    """VADER's compound in [-1, 1] mapped linearly onto [0, 1] (0 -> 0.5); the first
    version's score, kept for comparison (``bench/bench_content.py``)."""
    return round(min(1.0, max(0.0, (compound + 1.0) / 2.0)), 4)


BODY_WEIGHT = 0.1
"""How far the caption's tone (without its tail) moves the score from 0.5, at most."""
TAIL_WEIGHT = 0.02
"""How far the tail (praise words, boosters, emoji, punctuation at the end) moves it, at most."""
READ_LANGUAGES = frozenset({"en"})
"""Languages whose captions this provider reads (VADER's lexicon is English)."""
TONE_VERSION = "caption-tone-2"
REPLY_PREFIX_RE = re.compile(r"^\s*reply\s+to\b", re.IGNORECASE)
TOKEN_RE = re.compile(r"[\w']+|[^\w\s]")
LETTERS_RE = re.compile(r"[^\W\d_]{2,}")
NOTHING_RATIONALE = (
    "nothing to read: no words but hashtags, mentions, praise words, boosters or emoji"
)
CONTEXT_WORDS = 3  # VADER looks this many words back for a negation or a booster


@dataclass(frozen=True, slots=True)
class Tone:
    """What the provider concluded from one caption (cached per caption)."""

    score: float | None
    unknown_reason: str | None
    rationale: str
    details: dict[str, object]
    terms: tuple[str, ...] = ()


class CaptionTone:
    """Body/tail tone of a caption with the language gate (see the module docstring)."""

    def __init__(self, lexicon: TikTokLexicon, detector: LanguageDetector, cache: int = 131072):
        self.lexicon = lexicon
        self.detector = detector
        analyzer = lexicon._analyzer
        self._valenced = frozenset(
            w for w, v in analyzer.lexicon.items() if v and not w.startswith(TOKEN_PREFIX)
        )
        self._standalone = frozenset(lexicon.table.standalone_tokens)
        self.judge = lru_cache(maxsize=cache)(self._judge)

    def _tail_token(self, token: str) -> bool:
        """Part of a tail: a sentiment word, a booster, an emoji, a symbol or punctuation."""
        if len(token) == 1 and not token.isalnum():
            return True
        if token in self._standalone:
            return True
        lowered = token.lower().strip("'")
        return lowered in self._valenced or lowered in vader_module.BOOSTER_DICT

    def split(self, text: str) -> tuple[str, str, str]:
        """(body, context, tail): the tail is the longest run of ``_tail_token`` at the end;
        the context is the last words of the body when they hold a negation or a booster
        (read with the tail, so "not amazing" stays negative)."""
        tokens = list(TOKEN_RE.finditer(text))
        start = len(tokens)
        while start > 0 and self._tail_token(tokens[start - 1][0]):
            start -= 1
        if start == len(tokens):
            return text, "", ""
        cut = tokens[start].start()
        words = [m[0] for m in tokens[:start] if m[0][0].isalnum() or m[0][0] == "'"]
        last = words[-CONTEXT_WORDS:]
        lowered = [w.lower() for w in last]
        modifies = vader_module.negated(lowered) or any(
            w in vader_module.BOOSTER_DICT for w in lowered
        )
        return text[:cut], " ".join(last) if modifies else "", text[cut:]

    def _judge(self, caption: str) -> Tone:
        text, _tags = extract_hashtags(caption.replace("\u2019", "'"))
        text = REPLY_PREFIX_RE.sub(" ", text)
        body, context, tail = self.split(text)
        if not LETTERS_RE.search(body):
            return Tone(None, NOTHING_TO_READ, NOTHING_RATIONALE, {})
        # the body decides the language, so appending praise cannot switch it either
        language = self.detector.detect(body)
        details: dict[str, object] = {
            "language": language.guess,
            "language_probability": language.probability,
        }
        if language.code is None:
            return Tone(
                None,
                LANGUAGE_UNSURE,
                f"cannot tell the caption's language (best guess {language.guess},"
                f" p = {language.probability:.2f})",
                details,
            )
        if language.code not in READ_LANGUAGES:
            return Tone(
                None,
                LANGUAGE_NOT_COVERED,
                f"caption in {language.code} (p = {language.probability:.2f});"
                " the lexicon reads English only",
                details,
            )
        body_reading = self.lexicon.read(body, ())
        tail_reading = self.lexicon.read(f"{context} {tail}", ()) if tail else None
        body_c = body_reading.compound
        tail_c = tail_reading.compound if tail_reading is not None else 0.0
        score = round(NEUTRAL_SCORE + BODY_WEIGHT * body_c + TAIL_WEIGHT * tail_c, 4)
        terms = body_reading.terms + (tail_reading.terms if tail_reading is not None else ())
        details.update(body_compound=body_c, tail_compound=tail_c, tail=tail.strip()[:200])
        return Tone(
            score,
            None,
            f"English caption; VADER compound {body_c:+.3f} (body) and {tail_c:+.3f}"
            f" (tail: {len(tail.split())} token(s) of praise, emoji or punctuation)",
            details,
            tuple(dict.fromkeys(terms)),
        )


class LexiconProvider:
    """Tone of the caption (English), bounded; unknown for other languages. Offline, fast."""

    name = PROVIDER_NAME
    workers = 1

    def __init__(self, table: TikTokTable | None = None) -> None:
        self.lexicon = TikTokLexicon(table or load_table())
        self.detector = LanguageDetector()
        self.tone = CaptionTone(self.lexicon, self.detector)
        self.model = f"vader-{package_version('vaderSentiment')}+{self.detector.model}"
        self.version = f"{self.lexicon.table.version}+{TONE_VERSION}"

    def score(self, video: VideoInput) -> ContentScore:
        tone = self.tone.judge(video.caption or "")
        details = dict(tone.details)
        if tone.terms:
            details["terms"] = list(tone.terms)
        terms = f"; TikTok terms: {', '.join(tone.terms)}" if tone.terms else ""
        return ContentScore(
            video_id=video.video_id,
            score=tone.score,
            provider=self.name,
            model=self.model,
            version=self.version,
            rationale=tone.rationale + terms,
            details=details,
            unknown_reason=tone.unknown_reason,
        )
