"""In demo mode the API answers loopback clients only (403 for anyone else).

``serve api --demo`` already refuses to bind anything but a loopback address; this guard covers
a demo app started some other way (``uvicorn --factory hackoclock.api.server:app_from_env
--host 0.0.0.0`` with ``HACKOCLOCK_DEMO_MODE=1``). The client address is the one uvicorn puts
in the ASGI scope: the peer's, or a trusted proxy's ``X-Forwarded-For`` (uvicorn trusts only
127.0.0.1 by default), so a request relayed from elsewhere is refused as well.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

from hackoclock.auth.demo import is_loopback

_MESSAGE = (
    "this server runs in demo mode (a published token secret) and answers only clients on "
    "its own machine"
)
_BODY = json.dumps({"error": {"code": "demo_loopback_only", "message": _MESSAGE}}).encode()


class LoopbackOnly:
    """Pure ASGI middleware: refuse HTTP requests whose client is not a loopback address."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] != "http" or is_loopback(client[0] if client else None):
            await self.app(scope, receive, send)
            return
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(_BODY)).encode()),
        ]
        await send({"type": "http.response.start", "status": 403, "headers": headers})
        await send({"type": "http.response.body", "body": _BODY})
