"""``loads``/``dumps`` of one JSON value: orjson when installed (3-4x faster), else the stdlib.

Whatever orjson refuses (NaN, invalid UTF-8, ...) is retried with ``json.loads``, so errors are
``json.JSONDecodeError`` (or ``UnicodeDecodeError``). One difference remains: orjson reads
integers beyond 64 bits as floats; validation refuses counts and ids that large either way.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # optional speed-up
    orjson = None  # type: ignore[assignment]


def _stdlib_loads(data: bytes | str) -> Any:
    return json.loads(data)


def _fast_loads(data: bytes | str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def _stdlib_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _fast_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


loads = _stdlib_loads if orjson is None else _fast_loads
dumps = _stdlib_dumps if orjson is None else _fast_dumps
