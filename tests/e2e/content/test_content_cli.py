"""``hackoclock analyze`` run as a real process against SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from content_db_helpers import REAL_CAPTIONS, add_videos, stored_failures, stored_scores
from fake_gemini_server import TEST_KEY, FakeGemini, error_reply, serve_fake_gemini
from typer.testing import CliRunner, Result

from hackoclock.cli import app
from hackoclock.db.engine import Database


def run_cli(db: Database, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("HACKOCLOCK_", "GEMINI_"))}
    environ.update(
        HACKOCLOCK_DATABASE_URL=db.url.render_as_string(hide_password=False),
        COLUMNS="200",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "hackoclock", "analyze", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def fake() -> Iterator[FakeGemini]:
    with serve_fake_gemini() as server:
        yield server


def invoke(db: Database, *args: str, **env: str) -> Result:
    """In-process run: faster than a process, for the cases that need several runs."""
    url = db.url.render_as_string(hide_password=False)
    return CliRunner().invoke(
        app, ["analyze", *args], env={"HACKOCLOCK_DATABASE_URL": url, "COLUMNS": "200", **env}
    )


def test_analyze_scores_with_the_lexicon_then_skips_on_rerun(db: Database) -> None:
    add_videos(db, REAL_CAPTIONS)
    first = invoke(db, "--limit", "3")
    assert first.exit_code == 0, first.output
    assert "scored 3" in first.output and "skipped 0" in first.output
    second = invoke(db)
    assert "scored 2" in second.output and "skipped 3" in second.output
    forced = invoke(db, "--force")
    assert "scored 5" in forced.output
    assert len(stored_scores(db)) == 5


def test_analyze_as_a_process_scores_and_sets_sentiment(sqlite_db: Database) -> None:
    add_videos(sqlite_db, REAL_CAPTIONS)
    result = run_cli(sqlite_db)
    assert result.returncode == 0, result.stderr
    assert "scored 5 (0 neutral, 2 unknown)" in result.stdout
    assert "2 nothing_to_read" in result.stdout
    assert "videos.sentiment now holds these scores" in result.stdout


def test_an_unknown_provider_is_a_one_line_error(sqlite_db: Database) -> None:
    result = run_cli(sqlite_db, "--provider", "oracle")
    assert result.returncode == 2
    assert "unknown content provider 'oracle'" in result.stderr
    assert "Traceback" not in result.stderr


def test_gemini_without_a_key_is_refused(sqlite_db: Database, tmp_path: Path) -> None:
    result = run_cli(sqlite_db, "--provider", "gemini", "--videos-dir", str(tmp_path))
    assert result.returncode == 2
    assert "GEMINI_API_KEY" in result.stderr


def test_gemini_run_reports_failures_and_never_prints_the_key(
    db: Database, fake: FakeGemini, tmp_path: Path
) -> None:
    add_videos(db, REAL_CAPTIONS)
    for video_id in ("v1", "v2"):
        (tmp_path / f"{video_id}.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    fake.generate_replies.extend([error_reply(429), error_reply(400, f"bad {TEST_KEY}")])
    result = invoke(
        db,
        "--provider",
        "gemini",
        "--videos-dir",
        str(tmp_path),
        "--workers",
        "1",
        GEMINI_API_KEY=TEST_KEY,
        HACKOCLOCK_GEMINI_BASE_URL=fake.base_url,
        HACKOCLOCK_GEMINI_RETRY_BASE_S="0.001",
        HACKOCLOCK_GEMINI_POLL_INTERVAL_S="0.01",
        HACKOCLOCK_GEMINI_REQUESTS_PER_MINUTE="60000",
    )
    assert result.exit_code == 1, result.output
    assert "scored 1" in result.output and "failed 4" in result.output
    assert "video_unavailable" in result.output
    assert TEST_KEY not in result.output
    failures = stored_failures(db)
    assert sorted(failures) == ["v1", "v3", "v4", "v5"]
    assert "[redacted]" in failures["v1"][2]
    assert TEST_KEY not in failures["v1"][2]
    assert stored_scores(db, "gemini") == {"v2": 0.8}
