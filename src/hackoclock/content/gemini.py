"""The Gemini provider: upload the video with the Files API, wait until it is ACTIVE, ask the
model with the versioned rubric (originality, effort, clarity, harm and reasons; see
``rubric``), validate, delete the upload.

Transient errors (429, 5xx, timeouts) are retried with exponential back-off and jitter; model
requests pass a requests-per-minute token bucket shared by all worker threads. The API key is
redacted from every message this module logs or raises.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from google import genai
from google.genai import types

from hackoclock.content.model import (
    TOO_LITTLE_TO_JUDGE,
    ContentError,
    ContentScore,
    FileProcessingFailed,
    InvalidAnswer,
    ProviderTimeout,
    VideoInput,
)
from hackoclock.content.ratelimit import TokenBucket
from hackoclock.content.redact import Redactor
from hackoclock.content.retry import AttemptCounter, RetryPolicy, call_with_retry
from hackoclock.content.rubric import PROMPT, PROMPT_VERSION, parse_answer
from hackoclock.content.video_source import VideoSource
from hackoclock.errors import InvalidInput
from hackoclock.settings import Settings

PROVIDER_NAME = "gemini"
VIDEO_MIME = "video/mp4"
T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GeminiConfig:
    """Everything the Gemini provider needs; ``from_settings`` reads the application's."""

    api_key: str = field(repr=False)
    model: str = "gemini-2.5-flash"
    base_url: str | None = None
    timeout_s: float = 120.0
    workers: int = 4
    requests_per_minute: float = 10.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    poll_interval_s: float = 2.0
    active_timeout_s: float = 300.0
    videos_dir: Path | None = None
    video_url_template: str | None = None

    @classmethod
    def from_settings(
        cls, settings: Settings, *, videos_dir: Path | None = None, workers: int | None = None
    ) -> GeminiConfig:
        key = settings.gemini_api_key.get_secret_value() if settings.gemini_api_key else ""
        return cls(
            api_key=key,
            model=settings.gemini_model,
            base_url=settings.gemini_base_url,
            timeout_s=settings.gemini_timeout_s,
            workers=workers or settings.gemini_workers,
            requests_per_minute=settings.gemini_requests_per_minute,
            retry=RetryPolicy(
                attempts=settings.gemini_max_attempts,
                base_delay=settings.gemini_retry_base_s,
                max_delay=settings.gemini_retry_max_s,
            ),
            poll_interval_s=settings.gemini_poll_interval_s,
            active_timeout_s=settings.gemini_active_timeout_s,
            videos_dir=videos_dir or settings.videos_dir,
            video_url_template=settings.video_url_template,
        )


class GeminiProvider:
    """Content score from the video itself, judged by a Gemini model."""

    name = PROVIDER_NAME
    version = PROMPT_VERSION

    def __init__(
        self,
        config: GeminiConfig,
        *,
        client: genai.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not config.api_key:
            raise InvalidInput("the gemini provider needs an API key: set GEMINI_API_KEY")
        if config.workers < 1:
            raise InvalidInput(f"gemini workers must be 1 or more, got {config.workers}")
        if config.videos_dir is None and not config.video_url_template:
            raise InvalidInput(
                "the gemini provider needs the videos: pass --videos-dir or set"
                " HACKOCLOCK_VIDEOS_DIR or HACKOCLOCK_VIDEO_URL_TEMPLATE"
            )
        if config.videos_dir is not None and not config.videos_dir.is_dir():
            raise InvalidInput(f"videos folder {config.videos_dir} does not exist")
        self.config = config
        self.model = config.model
        self.workers = config.workers
        self._redact = Redactor(config.api_key)
        self._sleep = sleep
        self._bucket = TokenBucket(config.requests_per_minute, sleep=sleep)
        self._source = VideoSource(
            config.videos_dir,
            config.video_url_template,
            timeout_s=config.timeout_s,
            retry=config.retry,
            redactor=self._redact,
        )
        self._client = client or genai.Client(
            api_key=config.api_key,
            http_options=types.HttpOptions(
                base_url=config.base_url, timeout=int(config.timeout_s * 1000)
            ),
        )

    def score(self, video: VideoInput) -> ContentScore:
        counter = AttemptCounter()
        try:
            return self._score(video, counter)
        except ContentError as exc:
            raise type(exc)(
                self._redact(exc.message), reason=exc.reason, attempts=max(1, counter.count)
            ) from None
        except Exception as exc:
            message = self._redact(f"{type(exc).__name__}: {exc}")
            raise ContentError(message, reason="error", attempts=max(1, counter.count)) from None

    def _call(self, fn: Callable[[], T], what: str, counter: AttemptCounter) -> T:
        return call_with_retry(
            fn,
            self.config.retry,
            what=what,
            redactor=self._redact,
            counter=counter,
            sleep=self._sleep,
        )

    def _score(self, video: VideoInput, counter: AttemptCounter) -> ContentScore:
        with self._source.open(video, counter) as path:
            uploaded = self._call(
                lambda: self._client.files.upload(
                    file=path, config={"mime_type": VIDEO_MIME, "display_name": video.video_id}
                ),
                f"upload of video {video.video_id}",
                counter,
            )
        if not uploaded.name:
            raise ContentError("the Files API returned no file name", reason="upload_failed")
        try:
            active = self._wait_active(uploaded, counter)
            answer = parse_answer(self._generate(active, video.video_id, counter))
        finally:
            self._delete(uploaded.name)
        return ContentScore(
            video_id=video.video_id,
            score=answer.score,
            provider=self.name,
            model=self.model,
            version=self.version,
            rationale="; ".join(answer.reasons) or "no reasons given",
            details={"reasons": list(answer.reasons), **answer.criteria},
            unknown_reason=TOO_LITTLE_TO_JUDGE if answer.score is None else None,
        )

    def _wait_active(self, file: types.File, counter: AttemptCounter) -> types.File:
        name = file.name or ""
        deadline = time.monotonic() + self.config.active_timeout_s
        while True:
            if file.state == types.FileState.ACTIVE:
                return file
            if file.state == types.FileState.FAILED:
                detail = file.error.message if file.error and file.error.message else "no detail"
                raise FileProcessingFailed(f"Gemini could not process {name}: {detail}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ProviderTimeout(
                    f"{name} was not ACTIVE after {self.config.active_timeout_s:g}s"
                    f" (state {file.state})",
                    reason="file_not_active",
                )
            self._sleep(min(self.config.poll_interval_s, remaining))
            file = self._call(lambda: self._client.files.get(name=name), f"get {name}", counter)

    def _generate(self, file: types.File, video_id: str, counter: AttemptCounter) -> str | None:
        config = types.GenerateContentConfig(response_mime_type="application/json", temperature=0)

        if not file.uri:
            raise ContentError(
                f"{file.name} has no URI to pass to the model", reason="upload_failed"
            )
        contents = types.Content(
            role="user",
            parts=[
                types.Part.from_uri(file_uri=file.uri, mime_type=file.mime_type or VIDEO_MIME),
                types.Part.from_text(text=PROMPT),
            ],
        )

        def request() -> types.GenerateContentResponse:
            self._bucket.acquire()
            return self._client.models.generate_content(
                model=self.model, contents=contents, config=config
            )

        response = self._call(request, f"generateContent for video {video_id}", counter)
        text = response.text
        if not text:
            feedback = response.prompt_feedback
            blocked = feedback.block_reason if feedback is not None else None
            raise InvalidAnswer(f"the model returned no text (block reason: {blocked})")
        return text

    def _delete(self, name: str) -> None:
        try:
            self._call(
                lambda: self._client.files.delete(name=name), f"delete {name}", AttemptCounter()
            )
        except Exception as exc:  # the file expires by itself; the score stands
            log.warning("could not delete %s: %s", name, self._redact(str(exc)))
