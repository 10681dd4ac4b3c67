"""Request body size limits per route, enforced while the body streams in (413 beyond).

Every route gets the small limit for JSON bodies (``HACKOCLOCK_API_MAX_JSON_BYTES``, 64 KiB by
default) except the upload routes named in ``large`` (``POST /api/v1/imports``:
``HACKOCLOCK_API_MAX_UPLOAD_BYTES``, 50 MB). Paths are matched exactly, so no other path (a
trailing slash, a prefix, ``..``) borrows the large limit. A declared ``Content-Length`` over
the limit is refused before any byte is read; a chunked body is counted as it arrives and cut
off the moment it passes the limit, so an oversized body never fills the disk or memory.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    """Raised from ``receive`` once the body passes the limit."""


def _too_large_body(limit: int) -> bytes:
    message = f"request body is larger than this route's limit of {limit} bytes"
    return json.dumps({"error": {"code": "payload_too_large", "message": message}}).encode()


class BodySizeLimit:
    """Pure ASGI middleware: refuse request bodies larger than the route's limit: ``large``
    maps exact paths to their limit, every other path gets ``max_bytes``."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, large: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.large = dict(large or {})

    async def _reply_413(self, send: Send, limit: int) -> None:
        body = _too_large_body(limit)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.large.get(scope.get("path", ""), self.max_bytes)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = False  # the server rejects a malformed header itself
            if too_big:
                await self._reply_413(send, limit)
                return
        seen = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # Once the body overflowed, whatever the app answers (frameworks may turn the
            # parse failure into a 400) is replaced by our 413.
            nonlocal started
            if exceeded:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with contextlib.suppress(BodyTooLarge):
            await self.app(scope, counting_receive, guarded_send)
        if exceeded and not started:
            await self._reply_413(send, limit)
