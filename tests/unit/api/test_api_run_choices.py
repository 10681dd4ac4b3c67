"""The API offers exactly the scoring methods and engines the scoring package has."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hackoclock.api.routes.runs import Engine, Method, RunRequest
from hackoclock.scoring import ENGINES
from hackoclock.scoring.methods.registry import DEFAULT_METHOD, NAMES


def test_the_run_methods_and_engines_are_the_scoring_packages() -> None:
    assert tuple(m.value for m in Method) == NAMES
    assert tuple(e.value for e in Engine) == ENGINES
    assert RunRequest.model_validate({}).method == DEFAULT_METHOD


@pytest.mark.parametrize(
    "body",
    [
        {"period_start": "2026-01-02T00:00:00Z", "period_end": "2026-01-01T00:00:00Z"},
        {"period_start": "2026-01-01T00:00:00"},  # no time zone
        {"method": "magic"},
        {"engine": "excel"},
        {"surprise": 1},
    ],
)
def test_a_bad_run_request_is_refused(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RunRequest.model_validate(body)
