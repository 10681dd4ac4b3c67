"""Fixtures for content tests: the fake Gemini server and a folder of small video files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_gemini_server import FAST_RETRY, TEST_KEY, FakeGemini, serve_fake_gemini

from hackoclock.content.gemini import GeminiConfig


@pytest.fixture
def fake_gemini() -> Iterator[FakeGemini]:
    with serve_fake_gemini() as fake:
        yield fake


@pytest.fixture
def videos_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "videos"
    folder.mkdir()
    for video_id in ("v1", "v2", "v3"):
        (folder / f"{video_id}.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + video_id.encode())
    return folder


@pytest.fixture
def gemini_config(fake_gemini: FakeGemini, videos_dir: Path) -> GeminiConfig:
    return GeminiConfig(
        api_key=TEST_KEY,
        base_url=fake_gemini.base_url,
        timeout_s=5.0,
        workers=2,
        requests_per_minute=60_000,
        retry=FAST_RETRY,
        poll_interval_s=0.01,
        active_timeout_s=5.0,
        videos_dir=videos_dir,
    )
