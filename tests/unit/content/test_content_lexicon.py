"""The TikTok lexicon's reading (VADER after the TikTok rewrite) on real captions from
../shared/data and on emoji VADER misreads. The reading's compound is shown on the first
version's 0..1 scale (``compound_to_score``); the provider's bounded score built from it, the
language gate and unknowns are in ``test_content_caption_tone.py``."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from hackoclock.content.lexicon import LexiconProvider, compound_to_score


@pytest.fixture(scope="module")
def provider() -> LexiconProvider:
    return LexiconProvider()


def score(provider: LexiconProvider, caption: str | None, hashtags: tuple[str, ...] = ()) -> float:
    """The lexicon's reading of the text on the first version's scale (0.5 = compound 0)."""
    return compound_to_score(provider.lexicon.read(caption or "", hashtags).compound)


def terms(provider: LexiconProvider, caption: str) -> tuple[str, ...]:
    return provider.lexicon.read(caption, ()).terms


@pytest.mark.parametrize("emoji", ["🔥", "😭", "💀"])
def test_emoji_vader_reads_as_negative_or_nothing_score_above_neutral(
    provider: LexiconProvider, emoji: str
) -> None:
    assert SentimentIntensityAnalyzer().polarity_scores(emoji)["compound"] <= 0
    assert score(provider, emoji) > 0.55


def test_a_heart_with_its_variation_selector_counts_as_love(provider: LexiconProvider) -> None:
    assert SentimentIntensityAnalyzer().polarity_scores("❤️")["compound"] == 0
    assert score(provider, "❤️") > 0.7


def test_a_broken_heart_is_negative_though_vader_reads_it_positive(
    provider: LexiconProvider,
) -> None:
    assert SentimentIntensityAnalyzer().polarity_scores("💔")["compound"] > 0
    assert score(provider, "💔") < 0.4


# Real captions from tiktok-trending-2020-12.json and santaclara-2021/*.csv.
POSITIVE_CAPTIONS = [
    "Great rally 😍🏐❤️ show some love in the comments for them👉❤️🏐 #volleyball "
    "#volleyballlove #volleyballworld",
    "I love them 😭 #asagaotokasesan #asagaotokasesanedit #yamada #kase  #anime #animeedit "
    "#animeyuri #yuri #🏳️\u200d🌈 #yuriedit #fyp #foryou #fy #parati",
    "the end😭 #couple #couplegoals #buttslap",
    "Based on a true story 💀.                                  #fy #fyp #foryoupage #foryou",
    "My Deadlift Journey🔥💪. #deadlift #deadlifts #deadliftchallenge #gym #gymlover "
    "#bodybuilding #powerlifting #motivation #workout #natural #fy #back",
    "They inspired us in the heat of competition and they're still doing it. 🔥 We’re passing "
    "the phone to some of our faves from Tokyo. 👏✨",
    "1 guy. 100M followers 🙌 💯  @khaby.lame",
    "We pretty much invented Tiktok. You’re welcome 😂",
    "Who needs a giraffe carwash? 😂🦒😂 #giraffe #carwash #beeksebergen #brabant #holland "
    "#netherlands #happy #nature #cute #animal #themepark #car #funny",
]


@pytest.mark.parametrize("caption", POSITIVE_CAPTIONS)
def test_real_positive_captions_score_clearly_above_neutral(
    provider: LexiconProvider, caption: str
) -> None:
    assert score(provider, caption) > 0.6


def test_the_crying_emoji_alone_no_longer_reads_as_sad(provider: LexiconProvider) -> None:
    caption = "the end😭 #couple #couplegoals #buttslap"
    vader = SentimentIntensityAnalyzer().polarity_scores("the end😭")["compound"]
    assert vader < 0
    assert score(provider, caption) > 0.5


def test_a_real_cringe_gym_fail_caption_scores_below_neutral(provider: LexiconProvider) -> None:
    caption = (
        "@mikeohearn #gymfail #cringe #gym #bodybuilding #fitness #powerlifting #fyp #viral #xycba"
    )
    assert score(provider, caption) < 0.4


def test_a_real_heartbroken_caption_scores_below_neutral(provider: LexiconProvider) -> None:
    caption = "Smooth enough?🔥...Viral kyu nhi ho rha mein🥀💔 Foryou? #raplikechester"
    assert score(provider, "بكري ماهمو الا مرتو. والاكل 💔🥺ياخسارة  الشكلاطات بس") < 0.45
    assert score(provider, caption) < score(provider, "Smooth enough?🔥")


@pytest.mark.parametrize(
    ("caption", "low", "high"),
    [
        ("she ate that", 0.7, 1.0),
        ("no cap this is bussin", 0.65, 1.0),
        ("this song is goated", 0.7, 1.0),
        ("slay queen", 0.7, 1.0),
        ("Big W for the team", 0.65, 1.0),
        ("this is mid", 0.0, 0.4),
        ("so cringe", 0.0, 0.4),
        ("took the L today", 0.0, 0.4),
    ],
)
def test_tiktok_slang_lands_in_the_expected_range(
    provider: LexiconProvider, caption: str, low: float, high: float
) -> None:
    assert low <= score(provider, caption) <= high


def test_no_cap_is_not_read_as_a_negation(provider: LexiconProvider) -> None:
    raw = SentimentIntensityAnalyzer().polarity_scores("no cap this is bussin")["compound"]
    assert raw < 0
    assert score(provider, "no cap this is bussin") > 0.5


def test_lowkey_softens_what_follows(provider: LexiconProvider) -> None:
    assert score(provider, "lowkey cringe") > score(provider, "cringe")


def test_a_lower_case_l_in_a_word_is_not_a_loss(provider: LexiconProvider) -> None:
    assert score(provider, "L'amour") >= 0.5


def test_glued_hashtags_are_split_into_words(provider: LexiconProvider) -> None:
    assert score(provider, "#bestfriendgoals") > 0.7
    assert score(provider, "#BestFriendGoals") > 0.7


def test_hashtags_from_the_column_count_like_hashtags_in_the_caption(
    provider: LexiconProvider,
) -> None:
    assert score(provider, "", ("happy", "love")) == score(provider, "#happy #love")


def test_a_hashtag_in_both_caption_and_column_counts_once(provider: LexiconProvider) -> None:
    assert score(provider, "#love", ("love",)) == score(provider, "#love")


def test_the_reading_names_the_tiktok_terms_it_used(provider: LexiconProvider) -> None:
    assert terms(provider, "she ate that 🔥") == ("she ate", "🔥")


@pytest.mark.parametrize(("compound", "expected"), [(-1.0, 0.0), (0.0, 0.5), (1.0, 1.0)])
def test_compound_maps_linearly_onto_zero_to_one(compound: float, expected: float) -> None:
    assert compound_to_score(compound) == expected


@pytest.mark.parametrize(
    "caption",
    [
        "Oeps, het bord stond nog aan! #meester #school",
        "දගයාගේ වෙනසක් soon",
        "Take it day by day! #powerlifting",
        "NOT bad at all!!!",
        "kind of sad, but the ending is GREAT :)",
        "no way this is real 😂",
    ],
)
def test_the_shortcut_for_texts_without_lexicon_words_matches_vader(
    provider: LexiconProvider, caption: str
) -> None:
    text, _ = provider.lexicon.prepare(caption, ())
    full = SentimentIntensityAnalyzer()
    full.lexicon = provider.lexicon._analyzer.lexicon
    expected = full.polarity_scores(text)["compound"]
    assert provider.lexicon.read(caption, ()).compound == pytest.approx(expected)


@pytest.mark.parametrize("caption", ["Watch till the end", "Look at this", "Lately I ate rice"])
def test_capital_w_or_l_starting_a_word_is_not_a_win_or_loss(
    provider: LexiconProvider, caption: str
) -> None:
    assert terms(provider, caption) == ()


def test_a_phrase_inside_a_longer_word_is_not_matched(provider: LexiconProvider) -> None:
    assert terms(provider, "piano capital") == ()
    assert "no cap" in terms(provider, "no cap, really")
