"""``analyze`` on SQLite and PostgreSQL: stored scores, skipping, --force, resume, failures."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from content_db_helpers import (
    REAL_CAPTIONS,
    add_videos,
    sentiments,
    stored_failures,
    stored_scores,
)
from fake_gemini_server import TEST_KEY, FakeGemini, answer_reply, error_reply, rated
from sqlalchemy import select

from hackoclock.content.gemini import GeminiConfig, GeminiProvider
from hackoclock.content.lexicon import LexiconProvider
from hackoclock.content.model import ContentError, ContentScore, VideoInput
from hackoclock.content.service import analyze
from hackoclock.db.engine import Database
from hackoclock.db.tables import videos
from hackoclock.db.tables_content import content_scores
from hackoclock.errors import InvalidInput


def test_analyze_stores_a_score_per_video_and_sets_sentiment(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    report = analyze(db, LexiconProvider())
    assert (report.scored, report.skipped, report.failed) == (5, 0, 0)
    assert report.unknown == {"nothing_to_read": 2}  # v2: a mention and tags only; v3: empty
    scores = stored_scores(db)
    assert scores["v1"] > 0.55 and scores["v4"] > 0.5
    assert scores["v2"] is None and scores["v3"] is None
    assert sentiments(db) == scores  # unknown stays NULL: scoring leaves the component out
    with db.read() as conn:
        row = conn.execute(select(content_scores).where(content_scores.c.video_id == "v3")).one()
    assert (row.score, row.unknown_reason, row.neutral) == (None, "nothing_to_read", False)
    assert (row.provider, row.version) == ("lexicon", "tiktok-lexicon-1+caption-tone-2")
    assert row.created_at is not None


def test_an_unknown_score_clears_a_sentiment_an_earlier_version_had_set(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    with db.write() as conn:
        conn.execute(videos.update().values(sentiment=0.5))  # the first version's "neutral"
    analyze(db, LexiconProvider())
    assert sentiments(db)["v3"] is None and sentiments(db)["v1"] is not None
    again = analyze(db, LexiconProvider())  # the unknowns are outcomes: not tried again
    assert (again.scored, again.skipped) == (0, 5)


def test_a_second_run_skips_videos_already_scored(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    analyze(db, LexiconProvider(), limit=2)
    report = analyze(db, LexiconProvider())
    assert (report.scored, report.skipped) == (3, 2)
    again = analyze(db, LexiconProvider())
    assert (again.scored, again.skipped) == (0, 5)


def test_force_scores_every_video_again(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    analyze(db, LexiconProvider())
    report = analyze(db, LexiconProvider(), force=True)
    assert (report.scored, report.skipped) == (5, 0)
    assert len(stored_scores(db)) == 5


def test_a_new_lexicon_version_scores_again_and_keeps_the_old_rows(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    analyze(db, LexiconProvider())
    newer = LexiconProvider()
    newer.version = "tiktok-lexicon-2"
    report = analyze(db, newer)
    assert report.scored == 5
    with db.read() as conn:
        versions = conn.execute(select(content_scores.c.version).distinct()).scalars().all()
    assert sorted(versions) == ["tiktok-lexicon-1+caption-tone-2", "tiktok-lexicon-2"]


class InterruptingProvider:
    """Scores like the lexicon, but Ctrl-C arrives at the n-th video."""

    name = "lexicon"
    workers = 1

    def __init__(self, interrupt_at: int) -> None:
        self.inner = LexiconProvider()
        self.model, self.version = self.inner.model, self.inner.version
        self.seen = 0
        self.interrupt_at = interrupt_at

    def score(self, video: VideoInput) -> ContentScore:
        self.seen += 1
        if self.seen == self.interrupt_at:
            raise KeyboardInterrupt
        return self.inner.score(video)


def test_an_interrupted_run_keeps_what_landed_and_the_next_run_resumes(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    with pytest.raises(KeyboardInterrupt):
        analyze(db, InterruptingProvider(interrupt_at=4))
    assert sorted(stored_scores(db)) == ["v1", "v2", "v3"]
    report = analyze(db, LexiconProvider())
    assert (report.scored, report.skipped) == (2, 3)
    assert sorted(stored_scores(db)) == ["v1", "v2", "v3", "v4", "v5"]


class PartlyFailingProvider:
    name = "flaky"
    model = "m"
    version = "1"
    workers = 1

    def score(self, video: VideoInput) -> ContentScore:
        if video.video_id in ("v2", "v4"):
            raise ContentError(f"cannot judge {video.video_id}", reason="invalid_answer")
        return ContentScore(video.video_id, 0.6, self.name, self.model, self.version, "ok")


def test_failures_are_stored_and_do_not_stop_the_batch(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    report = analyze(db, PartlyFailingProvider())
    assert (report.scored, report.failed) == (3, 2)
    assert sorted(f.video_id for f in report.failures) == ["v2", "v4"]
    failures = stored_failures(db)
    assert failures["v2"] == ("invalid_answer", 1, "cannot judge v2")
    assert all(s is None for s in sentiments(db).values())  # not the configured provider


def test_failed_videos_are_tried_again_and_count_their_attempts(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    analyze(db, PartlyFailingProvider())
    report = analyze(db, PartlyFailingProvider())
    assert (report.scored, report.skipped, report.failed) == (0, 3, 2)
    assert stored_failures(db)["v4"][1] == 2


def test_a_later_success_clears_the_stored_failure(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    analyze(db, PartlyFailingProvider())

    class Fixed(PartlyFailingProvider):
        def score(self, video: VideoInput) -> ContentScore:
            return ContentScore(video.video_id, 0.6, self.name, self.model, self.version, "ok")

    analyze(db, Fixed())
    assert stored_failures(db) == {}


def test_sentiment_follows_the_configured_provider_only(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    analyze(db, PartlyFailingProvider(), sentiment_provider="flaky")
    assert sentiments(db)["v1"] == 0.6
    analyze(db, LexiconProvider(), sentiment_provider="flaky")
    assert sentiments(db)["v1"] == 0.6


def test_switching_the_configured_provider_copies_its_existing_scores(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    analyze(db, LexiconProvider())
    lexicon = stored_scores(db, "lexicon")
    analyze(db, PartlyFailingProvider(), sentiment_provider="flaky")
    assert sentiments(db)["v1"] == 0.6
    report = analyze(db, LexiconProvider())
    assert report.scored == 0
    assert sentiments(db)["v1"] == lexicon["v1"]


def test_a_negative_limit_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInput, match="limit"):
        analyze(db, LexiconProvider(), limit=-1)


def test_gemini_scores_are_stored_and_failures_keep_no_key(
    db: Database, fake_gemini: FakeGemini, gemini_config: GeminiConfig, videos_dir: Path
) -> None:
    add_videos(db, {**REAL_CAPTIONS})  # v4 and v5 have no file in videos_dir
    fake_gemini.generate_replies.extend(
        [answer_reply(rated(0.9, reasons=["human"]))]
        + [error_reply(500, f"internal error for key {TEST_KEY}")] * 3
    )
    config = dataclasses.replace(gemini_config, workers=1)
    report = analyze(db, GeminiProvider(config), sentiment_provider="gemini")
    assert report.scored == 2
    assert report.failed == 3
    failures = stored_failures(db)
    assert failures["v4"][0] == "video_unavailable"
    server_failures = [f for f in failures.values() if f[0] == "server_error"]
    assert len(server_failures) == 1
    assert all(TEST_KEY not in f[2] for f in failures.values())
    assert sentiments(db)["v1"] == 0.9
    assert len(fake_gemini.deleted) == 3


def test_videos_are_read_page_by_page_in_id_order(db: Database) -> None:
    from hackoclock.content.store import ProviderKey, iter_videos

    add_videos(db, {f"p{i:02d}": (f"caption {i}", []) for i in range(7)})
    key = ProviderKey("lexicon", "m", "v")
    ids = [v.video_id for v in iter_videos(db, key, force=False, limit=None, page_size=2)]
    assert ids == [f"p{i:02d}" for i in range(7)]
    limited = [v.video_id for v in iter_videos(db, key, force=False, limit=5, page_size=2)]
    assert limited == ids[:5]


def test_gemini_workers_score_videos_in_parallel(
    db: Database, fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    add_videos(db, {v: ("caption", []) for v in ("v1", "v2", "v3")})
    report = analyze(db, GeminiProvider(dataclasses.replace(gemini_config, workers=3)))
    assert (report.scored, report.failed) == (3, 0)
    assert stored_scores(db, "gemini") == {"v1": 0.8, "v2": 0.8, "v3": 0.8}
    assert len(fake_gemini.deleted) == 3


def test_hashtags_stored_as_objects_or_a_string_are_read(db: Database) -> None:
    add_videos(db, {"h1": ("", [{"name": "love"}]), "h2": ("", "happy")})  # type: ignore[dict-item]
    from hackoclock.content.store import ProviderKey, iter_videos

    key = ProviderKey("lexicon", "m", "v")
    read = {v.video_id: tuple(v.hashtags) for v in iter_videos(db, key, force=False, limit=None)}
    assert read == {"h1": ("love",), "h2": ("happy",)}
