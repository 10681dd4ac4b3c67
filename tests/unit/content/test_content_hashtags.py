"""Hashtag extraction, noise filtering and splitting."""

from __future__ import annotations

import pytest

from hackoclock.content.hashtags import (
    HashtagSplitter,
    extract_hashtags,
    is_noise,
    merge_hashtags,
)

IGNORE = frozenset({"fyp", "foryou", "viral"})


def test_hashtags_mentions_and_links_leave_the_caption() -> None:
    text, tags = extract_hashtags("so good #food @chef https://x.example/a #yum!")
    assert tags == ["food", "yum"]
    assert "#" not in text and "@" not in text and "http" not in text
    assert "so good" in text


def test_merging_drops_hash_signs_and_duplicates_keeping_order() -> None:
    assert merge_hashtags(["Love", "fun"], ["#love", "dance"]) == ["Love", "fun", "dance"]


@pytest.mark.parametrize("tag", ["fyp", "FYP", "fypシ", "foryoupage", "xyzbca", "zyxcba", "viral"])
def test_reach_bait_tags_are_noise(tag: str) -> None:
    assert is_noise(tag, IGNORE)


@pytest.mark.parametrize("tag", ["love", "dance", "fitness", "abc"])
def test_meaningful_tags_are_not_noise(tag: str) -> None:
    assert not is_noise(tag, IGNORE)


def test_splitter_splits_camel_case_and_glued_words() -> None:
    splitter = HashtagSplitter(frozenset({"best", "friend", "goals", "happy", "day"}))
    assert splitter.split("BestFriendGoals") == "best friend goals"
    assert splitter.split("bestfriendgoals") == "best friend goals"
    assert splitter.split("happyday") == "happy day"


def test_splitter_keeps_words_it_cannot_split_completely() -> None:
    splitter = HashtagSplitter(frozenset({"stand", "with"}))
    assert splitter.split("standwithkashmir") == "standwithkashmir"
