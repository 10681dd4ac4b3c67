"""End to end over real HTTP: ``hackoclock serve api`` (uvicorn) on 127.0.0.1, tokens from
``hackoclock token create``, data loaded through the API, a creator redeems and retries."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

SECRET = "e2e-test-secret-that-is-long-enough-for-hs256"
ALICE = "7100000000000000001"
WORLD_FILE = Path(__file__).parents[2] / "integration" / "api" / "api_world_videos.jsonl"
START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def hackoclock(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hackoclock", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    values = {
        **os.environ,
        "HACKOCLOCK_DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.db'}",
        "HACKOCLOCK_JWT_SECRET": SECRET,
        "HACKOCLOCK_DATA_DIR": str(tmp_path),
    }
    values.pop("HACKOCLOCK_DEMO_MODE", None)
    hackoclock(values, "db", "upgrade")
    return values


@pytest.fixture
def server(env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hackoclock", "serve", "api", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert proc.poll() is None, (
                f"server exited: {proc.stderr.read() if proc.stderr else ''}"
            )
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start in time"
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def token(env: dict[str, str], sub: str, role: str = "creator") -> dict[str, str]:
    out = hackoclock(env, "token", "create", "--creator", sub, "--role", role, "--ttl", "10m")
    return {"Authorization": f"Bearer {out.stdout.strip()}"}


def test_a_creator_redeems_over_http_and_a_retry_charges_nothing(
    env: dict[str, str], server: str, shared_data: Path
) -> None:
    ops, alice = token(env, "ops-e2e", "operator"), token(env, ALICE)
    with httpx.Client(base_url=f"{server}/api/v1", timeout=60) as http:
        for path in (shared_data / "tiktokapi-itemlist-2022.json", WORLD_FILE):
            with path.open("rb") as fh:
                loaded = http.post("/imports", files={"file": (path.name, fh)}, headers=ops)
            assert loaded.status_code == 201, loaded.text
        run = http.post("/runs", json={"method": "fair"}, headers=ops)
        assert run.status_code == 201, run.text
        credit = http.post(f"/runs/{run.json()['run_id']}/credit", headers=ops)
        assert credit.status_code == 200, credit.text
        reward = {"reward_id": "e2e-cap", "name": "Cap", "amount": 7, "exposure": "a cap"}
        assert http.post("/rewards", json=reward, headers=ops).status_code == 201

        before = http.get("/me", headers=alice).json()["balance"]
        assert before >= 7
        key = {**alice, "Idempotency-Key": "e2e-order-1"}
        first = http.post("/rewards/e2e-cap/redeem", headers=key)
        assert first.status_code == 201, first.text
        assert http.get("/me", headers=alice).json()["balance"] == before - 7
        retry = http.post("/rewards/e2e-cap/redeem", headers=key)
        assert retry.status_code == 201
        assert retry.json()["id"] == first.json()["id"]
        assert http.get("/me", headers=alice).json()["balance"] == before - 7
        mine = http.get("/me/redemptions", headers=alice).json()["items"]
        assert [r["id"] for r in mine] == [first.json()["id"]]
        assert http.get("/ledger/verify", headers=ops).json()["ok"] is True


def test_a_token_from_the_cli_is_refused_by_a_server_with_another_secret(
    env: dict[str, str], server: str
) -> None:
    other = {**env, "HACKOCLOCK_JWT_SECRET": "a-completely-different-secret-of-enough-length"}
    response = httpx.get(f"{server}/api/v1/me", headers=token(other, ALICE), timeout=10)
    assert response.status_code == 401
