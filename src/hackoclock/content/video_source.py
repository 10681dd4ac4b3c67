"""Where a video's file comes from: ``<videos_dir>/<video_id>.mp4``, or a URL template
(``https://bucket.example/{video_id}.mp4``) downloaded to a temporary file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

from hackoclock.content.model import VideoInput, VideoUnavailable
from hackoclock.content.redact import Redactor
from hackoclock.content.retry import AttemptCounter, RetryPolicy, call_with_retry
from hackoclock.errors import InvalidInput

PLACEHOLDER = "{video_id}"
MAX_VIDEO_BYTES = 2 * 1024**3  # the Gemini Files API limit
CHUNK = 1024 * 1024


def check_url_template(template: str) -> str:
    """The template if it is an http(s) URL containing ``{video_id}``; else InvalidInput."""
    if PLACEHOLDER not in template:
        raise InvalidInput(f"video URL template must contain {PLACEHOLDER}: {template!r}")
    if urlsplit(template).scheme not in ("http", "https"):
        raise InvalidInput(f"video URL template must be an http(s) URL: {template!r}")
    return template


class VideoSource:
    """Finds (or downloads) the file for a video; downloads are deleted after use."""

    def __init__(
        self,
        videos_dir: Path | None,
        url_template: str | None,
        *,
        timeout_s: float,
        retry: RetryPolicy,
        redactor: Redactor,
    ) -> None:
        self.videos_dir = videos_dir
        self.url_template = check_url_template(url_template) if url_template else None
        self._timeout = timeout_s
        self._retry = retry
        self._redact = redactor

    def url_for(self, video_id: str) -> str | None:
        if self.url_template is None:
            return None
        return self.url_template.replace(PLACEHOLDER, quote(video_id, safe=""))

    @contextmanager
    def open(self, video: VideoInput, counter: AttemptCounter) -> Iterator[Path]:
        """A local path to the video's file for the duration of the block."""
        if video.path is not None and video.path.is_file():
            yield video.path
            return
        if self.videos_dir is not None:
            local = self.videos_dir / f"{video.video_id}.mp4"
            if local.is_file():
                yield local
                return
        url = self.url_for(video.video_id)
        if url is None:
            where = f"not in {self.videos_dir}" if self.videos_dir else "no videos_dir set"
            raise VideoUnavailable(
                f"no file for video {video.video_id}: {where} and no video_url_template"
            )
        fd, name = tempfile.mkstemp(prefix="hackoclock-", suffix=".mp4")
        os.close(fd)
        path = Path(name)
        try:
            call_with_retry(
                lambda: self._download(url, path),
                self._retry,
                what=f"download of video {video.video_id}",
                redactor=self._redact,
                counter=counter,
            )
            yield path
        finally:
            path.unlink(missing_ok=True)

    def _download(self, url: str, path: Path) -> None:
        size = 0
        with (
            httpx.stream("GET", url, timeout=self._timeout, follow_redirects=True) as response,
            path.open("wb") as out,
        ):
            if response.status_code == 404:
                raise VideoUnavailable(f"no video at {url} (HTTP 404)")
            response.raise_for_status()
            for chunk in response.iter_bytes(CHUNK):
                size += len(chunk)
                if size > MAX_VIDEO_BYTES:
                    raise VideoUnavailable(f"video at {url} is larger than {MAX_VIDEO_BYTES} bytes")
                out.write(chunk)
        if size == 0:
            raise VideoUnavailable(f"video at {url} is empty")
