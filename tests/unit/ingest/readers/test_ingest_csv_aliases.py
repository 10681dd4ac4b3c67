"""CSV headers in their many spellings map onto the canonical fields."""

from __future__ import annotations

import io

from hackoclock.ingest.readers.aliases import canonical_columns
from hackoclock.ingest.readers.csvfile import read_csv


def test_the_santa_clara_dialects_and_the_prototype_names_map_to_the_same_fields() -> None:
    assert set(
        canonical_columns(
            [
                "n_plays",
                "n_likes",
                "n_shares",
                "n_comments",
                "video_id",
                "user_id",
                "user_name",
                "video_desc",
                "video_time",
            ]
        ).values()
    ) == {
        "views",
        "likes",
        "shares",
        "comments",
        "video_id",
        "creator_id",
        "username",
        "caption",
        "date_posted",
    }
    funny = canonical_columns(
        [
            "video_playCount",
            "video_stats",
            "video_shareCount",
            "video_commentCount",
            "author_id",
            "author_followerCount",
            "author_uniqueId",
        ]
    )
    assert list(funny.values()) == [
        "views",
        "likes",
        "shares",
        "comments",
        "creator_id",
        "follower_count",
        "username",
    ]
    proto = canonical_columns(
        [
            "video_id",
            "creator_id",
            "url",
            "views",
            "likes",
            "shares",
            "bookmarks",
            "comments",
            "date_posted",
            "follower_count",
        ]
    )
    assert len(proto) == 10


def test_spellings_differ_only_in_case_and_punctuation() -> None:
    assert canonical_columns(["Video ID", "Play Count", "Saves"]) == {
        0: "video_id",
        1: "views",
        2: "bookmarks",
    }


def test_the_first_of_two_columns_for_one_field_wins() -> None:
    assert canonical_columns(["views", "plays"]) == {0: "views"}


def test_a_row_with_the_wrong_number_of_cells_is_unreadable_and_keeps_its_text() -> None:
    text = 'video_id,views\n1,"38.9K"\n2,5,6\n'
    records = list(read_csv(io.StringIO(text)))
    assert records[0].fields == {"video_id": "1", "views": "38.9K"}
    assert records[1].error is not None
    assert records[1].raw_text() == "2,5,6"
