"""The Gemini provider with the real google-genai client against a fake server on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from pathlib import Path

import pytest
from fake_gemini_server import TEST_KEY, FakeGemini, Reply, answer_reply, error_reply, rated

from hackoclock.content.gemini import GeminiConfig, GeminiProvider
from hackoclock.content.model import (
    FileProcessingFailed,
    InvalidAnswer,
    ProviderTimeout,
    RetriesExhausted,
    VideoInput,
    VideoUnavailable,
)
from hackoclock.content.rubric import PROMPT_VERSION
from hackoclock.errors import InvalidInput


def test_a_video_is_uploaded_judged_and_deleted(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig, videos_dir: Path
) -> None:
    result = GeminiProvider(gemini_config).score(VideoInput("v1"))

    assert result.score == 0.8
    assert (result.provider, result.model, result.version) == (
        "gemini",
        "gemini-2.5-flash",
        PROMPT_VERSION,
    )
    assert result.rationale == "real people dancing; original edit"
    start = fake_gemini.requests[0]
    assert start.headers["x-goog-upload-protocol"] == "resumable"
    assert start.headers["x-goog-upload-header-content-type"] == "video/mp4"
    assert start.headers["x-goog-api-key"] == TEST_KEY
    (name,) = fake_gemini.uploaded_bytes
    assert fake_gemini.uploaded_bytes[name] == (videos_dir / "v1.mp4").read_bytes()
    (generate,) = fake_gemini.generate_requests()
    assert "/models/gemini-2.5-flash:generateContent" in generate.path
    body = generate.json()
    parts = body["contents"][0]["parts"]
    assert parts[0]["fileData"]["mime_type"] == "video/mp4"
    assert parts[0]["fileData"]["file_uri"].endswith(name.removeprefix("files"))
    assert f"Rubric version: {PROMPT_VERSION}" in parts[1]["text"]
    assert body["generationConfig"]["responseMimeType"] == "application/json"
    assert fake_gemini.deleted == [name]


def test_the_provider_waits_while_the_file_is_processing(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    fake_gemini.file_states = ["PROCESSING", "PROCESSING", "ACTIVE"]
    GeminiProvider(gemini_config).score(VideoInput("v1"))
    gets = [p for p in fake_gemini.paths("GET") if "/files/" in p]
    assert len(gets) == 3


def test_a_rate_limited_request_is_retried_and_succeeds(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    fake_gemini.generate_replies.extend([error_reply(429), answer_reply(rated(0.3))])
    sleeps: list[float] = []
    result = GeminiProvider(gemini_config, sleep=sleeps.append).score(VideoInput("v1"))
    assert result.score == 0.3
    assert len(fake_gemini.generate_requests()) == 2
    assert any(0.0005 <= s <= 0.005 for s in sleeps)  # the back-off of the policy


def test_a_server_error_on_upload_is_retried(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    fake_gemini.start_replies.append(error_reply(503))
    assert GeminiProvider(gemini_config).score(VideoInput("v1")).score == 0.8
    starts = [r for r in fake_gemini.requests if r.headers.get("x-goog-upload-command") == "start"]
    assert len(starts) == 2


def test_persistent_server_errors_give_up_after_the_attempt_limit(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    fake_gemini.generate_replies.extend([error_reply(500)] * 5)
    with pytest.raises(RetriesExhausted) as info:
        GeminiProvider(gemini_config).score(VideoInput("v1"))
    assert len(fake_gemini.generate_requests()) == 3
    assert info.value.reason == "server_error"
    assert "gave up after 3 attempts" in info.value.message
    assert info.value.attempts >= 3
    assert len(fake_gemini.deleted) == 1


def test_an_answer_that_is_not_json_is_an_invalid_answer(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    fake_gemini.generate_replies.append(answer_reply("I would rate this 8/10"))
    with pytest.raises(InvalidAnswer, match="not JSON"):
        GeminiProvider(gemini_config).score(VideoInput("v1"))
    assert len(fake_gemini.deleted) == 1


def test_a_score_out_of_range_is_an_invalid_answer(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    fake_gemini.generate_replies.append(answer_reply(rated(7, reasons=["great"])))
    with pytest.raises(InvalidAnswer, match=r"outside 0\.\.1"):
        GeminiProvider(gemini_config).score(VideoInput("v1"))


def test_a_file_that_failed_processing_is_an_error_and_is_deleted(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    fake_gemini.file_states = ["PROCESSING", "FAILED"]
    with pytest.raises(FileProcessingFailed, match="video could not be decoded"):
        GeminiProvider(gemini_config).score(VideoInput("v1"))
    assert fake_gemini.generate_requests() == []
    assert len(fake_gemini.deleted) == 1


def test_a_file_that_stays_processing_times_out(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    fake_gemini.file_states = ["PROCESSING"]
    config = dataclasses.replace(gemini_config, active_timeout_s=0.1, poll_interval_s=0.02)
    with pytest.raises(ProviderTimeout, match="not ACTIVE after") as info:
        GeminiProvider(config).score(VideoInput("v1"))
    assert info.value.reason == "file_not_active"
    assert len(fake_gemini.deleted) == 1


def test_a_slow_server_times_out_after_the_retries(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    slow = answer_reply(rated(0.9))
    fake_gemini.generate_replies.extend(
        [Reply(slow.status, slow.body, delay_s=1.0) for _ in range(3)]
    )
    config = dataclasses.replace(
        gemini_config, timeout_s=0.2, retry=dataclasses.replace(gemini_config.retry, attempts=2)
    )
    with pytest.raises(ProviderTimeout) as info:
        GeminiProvider(config).score(VideoInput("v1"))
    assert info.value.reason == "timeout"
    assert len(fake_gemini.generate_requests()) == 2


def test_a_video_is_downloaded_from_the_url_template(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    fake_gemini.videos["remote1"] = b"remote video bytes"
    config = dataclasses.replace(
        gemini_config,
        videos_dir=None,
        video_url_template=f"{fake_gemini.base_url}/videos/{{video_id}}.mp4",
    )
    before = set(Path(tempfile.gettempdir()).glob("hackoclock-*.mp4"))
    assert GeminiProvider(config).score(VideoInput("remote1")).score == 0.8
    assert list(fake_gemini.uploaded_bytes.values()) == [b"remote video bytes"]
    assert set(Path(tempfile.gettempdir()).glob("hackoclock-*.mp4")) <= before


def test_a_missing_video_fails_without_calling_the_api(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    with pytest.raises(VideoUnavailable, match="no file for video nope"):
        GeminiProvider(gemini_config).score(VideoInput("nope"))
    assert fake_gemini.requests == []


def test_a_url_template_404_is_an_unavailable_video(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    config = dataclasses.replace(
        gemini_config,
        videos_dir=None,
        video_url_template=f"{fake_gemini.base_url}/videos/{{video_id}}.mp4",
    )
    with pytest.raises(VideoUnavailable, match="HTTP 404"):
        GeminiProvider(config).score(VideoInput("missing"))


def test_the_api_key_never_reaches_logs_or_errors(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig, caplog: pytest.LogCaptureFixture
) -> None:
    fake_gemini.generate_replies.extend([error_reply(500, f"bad key {TEST_KEY}")] * 5)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(RetriesExhausted) as info:
        GeminiProvider(gemini_config).score(VideoInput("v1"))
    assert TEST_KEY not in info.value.message
    assert "[redacted]" in info.value.message
    assert caplog.records, "retries are logged"
    assert all(TEST_KEY not in r.getMessage() for r in caplog.records)
    assert TEST_KEY not in caplog.text


def test_without_a_key_the_provider_refuses_to_start(gemini_config: GeminiConfig) -> None:
    with pytest.raises(InvalidInput, match="GEMINI_API_KEY"):
        GeminiProvider(dataclasses.replace(gemini_config, api_key=""))


def test_without_a_video_source_the_provider_refuses_to_start(
    gemini_config: GeminiConfig,
) -> None:
    with pytest.raises(InvalidInput, match="--videos-dir"):
        GeminiProvider(dataclasses.replace(gemini_config, videos_dir=None))


def test_a_url_template_without_the_placeholder_is_refused(gemini_config: GeminiConfig) -> None:
    with pytest.raises(InvalidInput, match="video_id"):
        GeminiProvider(
            dataclasses.replace(gemini_config, video_url_template="https://bucket.example/a.mp4")
        )


def test_the_rubric_ratings_are_stored_and_harm_scales_the_score_down(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    fake_gemini.generate_replies.append(answer_reply(rated(0.9, harm=0.5, reasons=["prank"])))
    result = GeminiProvider(gemini_config).score(VideoInput("v1"))
    assert result.score == pytest.approx(0.45)
    assert result.details["harm"] == 0.5 and result.details["originality"] == 0.9
    prompt = fake_gemini.generate_requests()[0].body.decode("utf-8")
    assert "content-rubric-2" in prompt and "originality" in prompt and "harm" in prompt


def test_a_video_too_short_to_judge_gets_an_unknown_score(
    fake_gemini: FakeGemini, gemini_config: GeminiConfig
) -> None:
    fake_gemini.generate_replies.append(answer_reply({"judgeable": False, "reasons": ["black"]}))
    result = GeminiProvider(gemini_config).score(VideoInput("v1"))
    assert (result.score, result.unknown_reason) == (None, "too_little_to_judge")
    assert len(fake_gemini.deleted) == 1
