"""Back-off, jitter, transient-error detection, redaction and the token bucket."""

from __future__ import annotations

import httpx
import pytest
from google.genai import errors as genai_errors

from hackoclock.content.model import ProviderTimeout, RetriesExhausted
from hackoclock.content.ratelimit import TokenBucket
from hackoclock.content.redact import Redactor
from hackoclock.content.retry import AttemptCounter, RetryPolicy, call_with_retry, transient_kind

SECRET = "AIzaSECRET-key-123"


def api_error(code: int) -> genai_errors.APIError:
    return genai_errors.APIError(code, {"error": {"code": code, "message": f"key {SECRET}"}})


def test_delays_grow_exponentially_and_stop_at_the_maximum() -> None:
    policy = RetryPolicy(attempts=10, base_delay=1.0, max_delay=5.0)
    highest = [policy.delay(n, rand=lambda: 1.0) for n in range(1, 6)]
    assert highest == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_jitter_keeps_each_delay_between_half_and_all_of_its_ceiling() -> None:
    policy = RetryPolicy(base_delay=2.0)
    assert policy.delay(2, rand=lambda: 0.0) == 2.0
    assert policy.delay(2, rand=lambda: 0.5) == 3.0


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (api_error(429), "rate_limited"),
        (api_error(500), "server_error"),
        (api_error(503), "server_error"),
        (api_error(400), None),
        (api_error(403), None),
        (httpx.ReadTimeout("slow"), "timeout"),
        (httpx.ConnectError("refused"), "server_error"),
        (ValueError("bad"), None),
    ],
)
def test_only_429_5xx_and_timeouts_are_transient(exc: Exception, kind: str | None) -> None:
    assert transient_kind(exc) == kind


def test_a_transient_error_is_retried_until_success() -> None:
    calls: list[int] = []
    sleeps: list[float] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise api_error(429)
        return "ok"

    counter = AttemptCounter()
    result = call_with_retry(
        flaky,
        RetryPolicy(attempts=5),
        what="t",
        redactor=Redactor(),
        counter=counter,
        sleep=sleeps.append,
    )
    assert result == "ok"
    assert counter.count == 3
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0] / 2


def test_giving_up_reports_the_attempts_without_the_key() -> None:
    def always_500() -> None:
        raise api_error(500)

    with pytest.raises(RetriesExhausted) as info:
        call_with_retry(
            always_500,
            RetryPolicy(attempts=3),
            what="generate",
            redactor=Redactor(SECRET),
            sleep=lambda _: None,
        )
    assert info.value.attempts == 3
    assert info.value.reason == "server_error"
    assert SECRET not in info.value.message and "[redacted]" in info.value.message


def test_repeated_timeouts_end_as_a_timeout_error() -> None:
    def slow() -> None:
        raise httpx.ReadTimeout("read timed out")

    with pytest.raises(ProviderTimeout):
        call_with_retry(
            slow, RetryPolicy(attempts=2), what="t", redactor=Redactor(), sleep=lambda _: None
        )


def test_a_permanent_error_is_raised_at_once() -> None:
    calls: list[int] = []

    def bad_request() -> None:
        calls.append(1)
        raise api_error(400)

    with pytest.raises(genai_errors.APIError):
        call_with_retry(
            bad_request, RetryPolicy(), what="t", redactor=Redactor(), sleep=lambda _: None
        )
    assert calls == [1]


def test_the_redactor_ignores_empty_and_tiny_secrets() -> None:
    assert Redactor(None, "", "ab")("ab cd") == "ab cd"
    assert Redactor(SECRET)(f"x {SECRET} y {SECRET}") == "x [redacted] y [redacted]"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_the_token_bucket_spaces_requests_to_the_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(60, clock=clock, sleep=clock.sleep)  # one a second
    for _ in range(5):
        bucket.acquire()
    assert clock.now == pytest.approx(4.0)


def test_the_token_bucket_allows_a_burst_up_to_its_capacity() -> None:
    clock = FakeClock()
    bucket = TokenBucket(30, capacity=3, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        bucket.acquire()
    assert clock.now == 0.0
    bucket.acquire()
    assert clock.now == pytest.approx(2.0)


def test_the_token_bucket_rejects_a_rate_of_zero() -> None:
    with pytest.raises(ValueError, match="positive"):
        TokenBucket(0)


def test_timeouts_from_the_sdks_httpx2_transport_are_transient() -> None:
    httpx2 = pytest.importorskip("httpx2")
    assert transient_kind(httpx2.ReadTimeout("slow")) == "timeout"
    assert transient_kind(httpx2.ConnectError("refused")) == "server_error"
