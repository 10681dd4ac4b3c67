"""The lexicon provider's score: unknown when it cannot read the caption, a bounded tone when
it can, and appended praise moving it by at most 2 x TAIL_WEIGHT (issue 17)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackoclock.content.language import LanguageDetector
from hackoclock.content.lexicon import BODY_WEIGHT, TAIL_WEIGHT, LexiconProvider
from hackoclock.content.model import (
    LANGUAGE_NOT_COVERED,
    LANGUAGE_UNSURE,
    NOTHING_TO_READ,
    ContentScore,
    VideoInput,
)

PROVIDER = LexiconProvider()
STUFFING = "love amazing best happy 😍"
BOUND = 2 * TAIL_WEIGHT
PRAISE = ["love", "amazing", "best", "happy", "great", "awesome", "so", "very", "lol", "wow"]
EMOJI = ["😍", "🔥", "❤️", "😂", "💯", "🥰", "👏🏼", "!", "!!!", "✨"]


def judge(caption: str | None) -> ContentScore:
    return PROVIDER.score(VideoInput("v", caption))


@pytest.mark.parametrize(
    "caption",
    ["", None, "#fyp #foryou #foryoupage #viral", "@realalliwilbourn1", "😂😂😂", "amazing 😍😍"],
)
def test_a_caption_with_nothing_but_tags_mentions_emoji_or_praise_has_no_score(
    caption: str | None,
) -> None:
    result = judge(caption)
    assert result.score is None and result.unknown_reason == NOTHING_TO_READ


@pytest.mark.parametrize(
    "caption",
    [
        "Deze tips helpen echt😱😱",  # the issue's example: 0.0545 before
        "Ben ik de enigste die dit doet? #fyp",
        "Oeps, het bord stond nog aan! #meester #school",
        "bakri maahmou illa marto والاكل ياخسارة الشكلاطات بس",
        "今天穿制服是因為要拍社團幹部的照片",
    ],
)
def test_a_caption_in_a_language_the_lexicon_does_not_read_has_no_score(caption: str) -> None:
    result = judge(caption)
    assert result.score is None
    assert result.unknown_reason in (LANGUAGE_NOT_COVERED, LANGUAGE_UNSURE)
    assert result.details["language"] != "en" or result.unknown_reason == LANGUAGE_UNSURE


def test_the_dutch_example_is_named_dutch() -> None:
    result = judge("Deze tips helpen echt😱😱")
    assert (result.unknown_reason, result.details["language"]) == (LANGUAGE_NOT_COVERED, "nl")


@pytest.mark.parametrize(
    ("caption", "low", "high"),
    [
        ("We pretty much invented Tiktok. You’re welcome 😂", 0.53, 0.62),
        ("I hate mondays, worst day ever", 0.38, 0.45),
        ("We went to the market this morning", 0.499, 0.501),
        ("This is not good at all", 0.38, 0.48),
    ],
)
def test_an_english_caption_gets_a_tone_within_the_bounded_range(
    caption: str, low: float, high: float
) -> None:
    result = judge(caption)
    assert result.unknown_reason is None and result.score is not None
    assert low <= result.score <= high
    assert 0.5 - BODY_WEIGHT - TAIL_WEIGHT <= result.score <= 0.5 + BODY_WEIGHT + TAIL_WEIGHT


def test_a_negation_before_the_tail_keeps_its_meaning() -> None:
    body, context, tail = PROVIDER.tone.split("my dog is not very cute 😍")
    assert (body, context, tail) == ("my dog is not ", "dog is not", "very cute 😍")
    assert judge("my dog is not very cute").score < judge("my dog is very cute").score  # type: ignore[operator]


def test_the_issues_stuffing_moves_an_english_caption_by_at_most_the_tail_bound() -> None:
    caption = "Who needs a giraffe carwash? #giraffe #carwash"
    before, after = judge(caption).score, judge(f"{caption} {STUFFING}").score
    assert before is not None and after is not None
    assert 0 < after - before <= BOUND


@settings(max_examples=400, deadline=None)
@given(
    caption=st.text(max_size=120),
    appended=st.lists(st.sampled_from(PRAISE + EMOJI), min_size=1, max_size=30),
)
def test_appending_praise_or_emoji_never_moves_the_score_more_than_the_bound(
    caption: str, appended: list[str]
) -> None:
    before = judge(caption)
    after = judge(f"{caption} {' '.join(appended)}")
    assert before.unknown_reason == after.unknown_reason  # nor turns unknown into a score
    if before.score is not None and after.score is not None:
        assert abs(after.score - before.score) <= BOUND + 1e-9


@settings(max_examples=300, deadline=None)
@given(caption=st.text(max_size=300))
def test_any_text_gets_a_bounded_score_or_none_with_a_reason(caption: str) -> None:
    result = judge(caption)
    if result.score is None:
        assert result.unknown_reason in (NOTHING_TO_READ, LANGUAGE_NOT_COVERED, LANGUAGE_UNSURE)
    else:
        assert abs(result.score - 0.5) <= BODY_WEIGHT + TAIL_WEIGHT + 1e-9


def test_model_and_version_name_vader_the_detector_and_the_tone_rules() -> None:
    result = judge("hi there friends, this is my kitchen")
    assert result.provider == "lexicon"
    assert result.model == f"vader-3.3.2+{LanguageDetector.model}"
    assert result.version == "tiktok-lexicon-1+caption-tone-2"


def test_an_unknown_score_needs_a_reason_and_a_known_one_none() -> None:
    with pytest.raises(ValueError, match="reason"):
        ContentScore("v", None, "p", "m", "1", "why")
    with pytest.raises(ValueError):
        ContentScore("v", 0.5, "p", "m", "1", "why", unknown_reason=NOTHING_TO_READ)


def test_the_detector_reads_the_shipped_model_offline() -> None:
    detector = LanguageDetector()
    assert detector.detect("this is a short english sentence about my day").code == "en"
    assert detector.detect("dit is een korte nederlandse zin over mijn dag").code == "nl"
    assert detector.detect("not").code is None  # too short to tell (p = 0.12)
