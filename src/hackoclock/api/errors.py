"""Error responses: every failure is ``{"error": {"code", "message", "details"?}}`` JSON.

Domain errors carry their own HTTP status (``HackoclockError.status``); validation errors are
422; a value the database refuses (too long, out of range) is 422 too, so bad input never
surfaces as a 500. A database without a free connection (the pool's queue timed out, or the
server refused another client) is 503 with ``Retry-After``. Only genuine bugs give a 500, and
its body reveals nothing internal.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from hackoclock.errors import HackoclockError

log = logging.getLogger("hackoclock.api")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    503: "unavailable",
}
# PostgreSQL's answers for "no room for another connection now": too_many_connections,
# cannot_connect_now; psycopg may report a refused connection only by its message
BUSY_SQLSTATES = frozenset({"53300", "57P03"})
BUSY_MESSAGES = ("too many clients", "too many connections", "connection slots are reserved")


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return {"error": body}


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


async def _domain(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HackoclockError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return error_response(exc.status, exc.code, exc.message, headers=headers)


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    first = details[0] if details else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(p) for p in first["loc"])
    message = f"{where}: {first['msg']}" if where else str(first["msg"])
    return error_response(422, "invalid_input", message, jsonable_encoder(details))


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _CODES.get(exc.status_code, "error")
    return error_response(
        exc.status_code, code, str(exc.detail), headers=getattr(exc, "headers", None)
    )


async def _data_error(_: Request, exc: Exception) -> JSONResponse:
    log.warning("database refused a value: %s", exc)
    return error_response(422, "invalid_input", "a value is out of range or too long")


def database_busy(exc: BaseException) -> bool:
    """Whether a database error means "no connection to spare right now"."""
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, OperationalError):
        return False
    if getattr(exc.orig, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    text = str(exc.orig).lower()
    return any(message in text for message in BUSY_MESSAGES)


def _busy_response(request: Request) -> JSONResponse:
    retry_after = request.app.state.settings.api_retry_after_s
    return error_response(
        503,
        "database_busy",
        f"the database has no free connection right now; retry in {retry_after} s",
        headers={"Retry-After": str(retry_after)},
    )


async def _pool_timeout(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database pool exhausted: %s", exc)
    return _busy_response(request)


async def _operational(request: Request, exc: Exception) -> JSONResponse:
    if database_busy(exc):
        log.warning("database refused a connection: %s", exc)
        return _busy_response(request)
    return await _unexpected(request, exc)


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return error_response(500, "internal", "internal server error")


def install_error_handlers(app: FastAPI) -> None:
    """Map every kind of failure to the JSON error shape."""
    app.add_exception_handler(HackoclockError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(PoolTimeout, _pool_timeout)
    app.add_exception_handler(OperationalError, _operational)
    app.add_exception_handler(Exception, _unexpected)
