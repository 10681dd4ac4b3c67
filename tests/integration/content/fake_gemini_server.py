"""A fake Gemini API on 127.0.0.1 for tests: the Files API's resumable upload, files.get,
files.delete and models.generateContent, with scripted failures and a request log."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from hackoclock.content.retry import RetryPolicy

API_VERSION_RE = re.compile(r"^/(upload/)?v1(?:beta|alpha)?/")
TEST_KEY = "AIzaTEST-secret-key-0123456789"
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.005)
GOOD_ANSWER = {
    "originality": 0.9,
    "effort": 0.8,
    "clarity": 0.7,
    "harm": 0.0,
    "reasons": ["real people dancing", "original edit"],
}  # content score (0.9 + 0.8 + 0.7) / 3 x (1 - 0) = 0.8


def rated(value: float, harm: float = 0.0, **extra: Any) -> dict[str, Any]:
    """A rubric answer giving ``value`` to originality, effort and clarity."""
    return {"originality": value, "effort": value, "clarity": value, "harm": harm, **extra}


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Reply:
    """A scripted reply: an HTTP status and a JSON body, after an optional delay."""

    status: int = 200
    body: Any = None
    delay_s: float = 0.0


def _route(raw_path: str) -> str:
    """The request path with its API version removed: '/upload/v1beta/files' -> '/upload/files'."""
    path = urlsplit(raw_path).path
    return API_VERSION_RE.sub(lambda m: "/" + (m[1] or ""), path)


def answer_reply(answer: Any) -> Reply:
    """A generateContent reply whose text is ``answer`` (JSON-encoded unless a str)."""
    text = answer if isinstance(answer, str) else json.dumps(answer)
    return Reply(
        200,
        {
            "candidates": [
                {"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP"}
            ],
            "modelVersion": "fake",
        },
    )


def error_reply(status: int, message: str = "scripted error") -> Reply:
    names = {
        429: "RESOURCE_EXHAUSTED",
        500: "INTERNAL",
        503: "UNAVAILABLE",
        400: "INVALID_ARGUMENT",
    }
    return Reply(status, {"error": {"code": status, "message": message, "status": names[status]}})


@dataclass
class FakeGemini:
    """Scripted behaviour; each deque is consumed one reply per request, then defaults apply."""

    base_url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    start_replies: deque[Reply] = field(default_factory=deque)
    generate_replies: deque[Reply] = field(default_factory=deque)
    # states reported by files.get, in order (the last one repeats)
    file_states: list[str] = field(default_factory=lambda: ["PROCESSING", "ACTIVE"])
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    uploaded_bytes: dict[str, bytes] = field(default_factory=dict)
    # served at /videos/<video_id>.mp4 for the URL-template source
    videos: dict[str, bytes] = field(default_factory=dict)
    _gets: dict[str, int] = field(default_factory=dict)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self, method: str | None = None) -> list[str]:
        return [r.path for r in self.requests if method is None or r.method == method]

    def generate_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith(":generateContent")]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGemini
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _record(self) -> Recorded:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        rec = Recorded(
            self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
        )
        with self.fake.lock:
            self.fake.requests.append(rec)
        return rec

    def _send(self, reply: Reply, headers: dict[str, str] | None = None) -> None:
        if reply.delay_s:
            time.sleep(reply.delay_s)
        payload = json.dumps(reply.body if reply.body is not None else {}).encode()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
            pass

    def _next(self, queue: deque[Reply], default: Reply) -> Reply:
        with self.fake.lock:
            return queue.popleft() if queue else default

    def do_POST(self) -> None:
        rec = self._record()
        path = _route(self.path)
        if path == "/upload/files" and rec.headers.get("x-goog-upload-command") == "start":
            reply = self._next(self.fake.start_replies, Reply(200, {}))
            if reply.status != 200:
                return self._send(reply)
            upload_id = next(self.fake._ids)
            url = f"{self.fake.base_url}/upload/v1/files?upload_id={upload_id}"
            meta = rec.json().get("file", {})
            with self.fake.lock:
                self.fake.files[f"files/f{upload_id}"] = {
                    "name": f"files/f{upload_id}",
                    "displayName": meta.get("displayName", meta.get("display_name")),
                    "mimeType": meta.get("mimeType", meta.get("mime_type")),
                    "sizeBytes": str(meta.get("sizeBytes", meta.get("size_bytes", 0))),
                    "uri": f"{self.fake.base_url}/v1/files/f{upload_id}",
                    "state": "PROCESSING",
                }
            return self._send(
                Reply(200, {}), {"X-Goog-Upload-URL": url, "X-Goog-Upload-Status": "active"}
            )
        if path == "/upload/files":
            upload_id = urlsplit(self.path).query.split("=")[-1]
            name = f"files/f{upload_id}"
            with self.fake.lock:
                self.fake.uploaded_bytes[name] = self.fake.uploaded_bytes.get(name, b"") + rec.body
                file = dict(self.fake.files[name])
            final = "finalize" in rec.headers.get("x-goog-upload-command", "")
            status = "final" if final else "active"
            return self._send(Reply(200, {"file": file}), {"X-Goog-Upload-Status": status})
        if path.startswith("/models/") and path.endswith(":generateContent"):
            return self._send(self._next(self.fake.generate_replies, answer_reply(GOOD_ANSWER)))
        self._send(error_reply(400, f"unexpected POST {path}"))

    def do_GET(self) -> None:
        self._record()
        if self.path.startswith("/videos/"):
            return self._send_video(self.path.removeprefix("/videos/").removesuffix(".mp4"))
        name = _route(self.path).removeprefix("/")
        with self.fake.lock:
            if name not in self.fake.files:
                return self._send(
                    Reply(
                        404,
                        {"error": {"code": 404, "message": "no such file", "status": "NOT_FOUND"}},
                    )
                )
            n = self.fake._gets.get(name, 0)
            self.fake._gets[name] = n + 1
            states = self.fake.file_states
            state = states[min(n, len(states) - 1)]
            file = dict(self.fake.files[name], state=state)
            if state == "FAILED":
                file["error"] = {"code": 400, "message": "video could not be decoded"}
        self._send(Reply(200, file))

    def _send_video(self, video_id: str) -> None:
        data = self.fake.videos.get(video_id)
        if data is None:
            return self._send(Reply(404, {"error": "not found"}))
        self.send_response(200)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_DELETE(self) -> None:
        self._record()
        name = _route(self.path).removeprefix("/")
        with self.fake.lock:
            self.fake.deleted.append(name)
            self.fake.files.pop(name, None)
        self._send(Reply(200, {}))


@contextmanager
def serve_fake_gemini() -> Iterator[FakeGemini]:
    """Start the fake on an ephemeral 127.0.0.1 port; stop it at the end of the block."""
    fake = FakeGemini()
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
