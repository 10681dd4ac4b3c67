"""JSON responses for hot routes: orjson straight from dataclasses, no re-validation.

FastAPI normally runs a returned dict through ``jsonable_encoder`` and a response-model check
before ``json.dumps``; for the redemption route that was a visible share of the CPU per
request. orjson writes dataclasses and timezone-aware datetimes (RFC 3339, like
``datetime.isoformat``) itself.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


def json_response(data: Any, status_code: int = 200) -> Response:
    """``data`` (dict, list, dataclass, ...) as an ``application/json`` response."""
    return Response(orjson.dumps(data), status_code=status_code, media_type="application/json")
