"""Fixtures for the app's tests: a seeded SQLite file per test and the app's environment."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ui_seed import JWT_SECRET, Seeded, UiEnv, seed


@pytest.fixture(scope="session")
def ui_template(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> tuple[Path, Seeded]:
    """The seeded database, built once per test session."""
    path = tmp_path_factory.mktemp("ui-template") / "ui.db"
    return path, seed(path, shared_data)


@pytest.fixture
def ui_env(
    ui_template: tuple[Path, Seeded], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[UiEnv]:
    """A private copy of the seeded database, and the environment variables the app reads."""
    template, seeded = ui_template
    path = tmp_path / "hackoclock.db"
    shutil.copy(template, path)
    url = f"sqlite:///{path}"
    env = {
        "HACKOCLOCK_DATABASE_URL": url,
        "HACKOCLOCK_JWT_SECRET": JWT_SECRET,
        "HACKOCLOCK_DEMO_MODE": "0",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    yield UiEnv(path=path, url=url, seeded=seeded, env=env)
    st.cache_resource.clear()  # drop this test's engine from the app's cache
