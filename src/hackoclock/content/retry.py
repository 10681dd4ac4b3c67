"""Retries with exponential back-off and jitter for transient failures (429, 5xx, timeouts)."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx
from google.genai import errors as genai_errors

from hackoclock.content.model import ProviderTimeout, RetriesExhausted
from hackoclock.content.redact import Redactor

try:  # google-genai sends with httpx2 (a fork of httpx) when it is installed
    import httpx2

    TIMEOUT_ERRORS: tuple[type[BaseException], ...] = (
        httpx.TimeoutException,
        httpx2.TimeoutException,
        TimeoutError,
    )
    TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (
        httpx.TransportError,
        httpx2.TransportError,
    )
except ImportError:  # pragma: no cover - depends on the installed SDK extras
    TIMEOUT_ERRORS = (httpx.TimeoutException, TimeoutError)
    TRANSPORT_ERRORS = (httpx.TransportError,)

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """At most ``attempts`` tries; the wait before try n+1 is drawn from
    [d/2, d] with d = min(max_delay, base_delay * multiplier**(n-1)) ("equal jitter")."""

    attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 60.0
    multiplier: float = 2.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("retry attempts must be 1 or more")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("retry delays must not be negative")

    def delay(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """The wait after failed try number ``attempt`` (1-based)."""
        ceiling = min(self.max_delay, self.base_delay * self.multiplier ** (attempt - 1))
        return ceiling / 2 + rand() * ceiling / 2


def transient_kind(exc: BaseException) -> str | None:
    """'rate_limited', 'server_error' or 'timeout' for errors worth retrying, else None."""
    if isinstance(exc, genai_errors.APIError):
        if exc.code == 429:
            return "rate_limited"
        if isinstance(exc.code, int) and exc.code >= 500:
            return "server_error"
        return None
    if isinstance(exc, httpx.HTTPStatusError):
        code = exc.response.status_code
        return "rate_limited" if code == 429 else "server_error" if code >= 500 else None
    if isinstance(exc, TIMEOUT_ERRORS):
        return "timeout"
    if isinstance(exc, TRANSPORT_ERRORS):
        return "server_error"
    return None


class AttemptCounter:
    """Counts every request try made for one video (stored with a failure)."""

    def __init__(self) -> None:
        self.count = 0


def call_with_retry(
    fn: Callable[[], T],
    policy: RetryPolicy,
    *,
    what: str,
    redactor: Redactor,
    counter: AttemptCounter | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``fn()``, retried on transient errors; other errors propagate at once."""
    for attempt in range(1, policy.attempts + 1):
        if counter is not None:
            counter.count += 1
        try:
            return fn()
        except Exception as exc:
            kind = transient_kind(exc)
            if kind is None:
                raise
            text = redactor(f"{type(exc).__name__}: {exc}")
            if attempt == policy.attempts:
                error_cls = ProviderTimeout if kind == "timeout" else RetriesExhausted
                raise error_cls(
                    f"{what}: gave up after {attempt} attempts ({kind}); last error: {text}",
                    reason=kind if kind != "timeout" else None,
                    attempts=attempt,
                ) from None
            wait = policy.delay(attempt)
            log.warning("%s: attempt %d failed (%s), retrying in %.2fs", what, attempt, text, wait)
            sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover
