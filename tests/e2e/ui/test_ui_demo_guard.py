"""The app refuses demo mode beside a real key: an environment variable left over from a demo
must not let anyone pick any creator on a production app."""

from __future__ import annotations

import pytest
from test_ui_apptest import DASHBOARD, open_app
from ui_seed import UiEnv


def test_demo_mode_beside_a_real_key_is_refused_and_shows_nothing(
    ui_env: UiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HACKOCLOCK_DEMO_MODE", "1")  # the fixture also sets a JWT secret
    at = open_app(DASHBOARD)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("Demo mode refused:")
    assert "a real key is configured (HACKOCLOCK_JWT_SECRET)" in errors[0]
    assert not at.sidebar.selectbox  # no creator picker
    assert not at.title and not at.metric  # no page, no sign-in bypass
