"""Body limits per route: JSON routes take 64 KiB, only the import route takes large uploads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from hackoclock.api import create_app
from hackoclock.auth import create_token
from hackoclock.db.engine import Database
from hackoclock.settings import Settings

SECRET = "body-limit-test-secret-long-enough-for-hs256"
JSON_LIMIT = Settings().api_max_json_bytes
BIG = 100 * 1024  # over the JSON limit, far under the upload limit


@pytest.fixture
def settings() -> Settings:
    return Settings(jwt_secret=SecretStr(SECRET))


@pytest.fixture
def client(settings: Settings, sqlite_db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings, sqlite_db)) as c:
        yield c


def _auth(settings: Settings, sub: str, role: str) -> dict[str, str]:
    token = create_token(settings, sub=sub, role=role, ttl=timedelta(minutes=5))  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {token}"}


def test_the_default_json_limit_is_64_kib() -> None:
    assert JSON_LIMIT == 64 * 1024
    assert Settings().api_max_upload_bytes == 50 * 1024 * 1024


def test_a_creator_cannot_send_a_big_json_body_to_the_redeem_route(
    client: TestClient, settings: Settings
) -> None:
    body = json.dumps({"video_id": "v" * BIG}).encode()
    headers = {**_auth(settings, "c1", "creator"), "Idempotency-Key": "k1"}
    response = client.post(
        "/api/v1/rewards/merch/redeem",
        content=body,
        headers={**headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    error = response.json()["error"]
    assert error == {
        "code": "payload_too_large",
        "message": f"request body is larger than this route's limit of {JSON_LIMIT} bytes",
    }


def test_a_streamed_json_body_is_cut_off_at_the_json_limit(
    client: TestClient, settings: Settings
) -> None:
    body = json.dumps({"name": "x" * BIG}).encode()

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must count the stream
        for start in range(0, len(body), 4096):
            yield body[start : start + 4096]

    response = client.post(
        "/api/v1/rewards",
        content=chunks(),
        headers={**_auth(settings, "ops", "operator"), "Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_a_json_body_within_the_limit_reaches_the_route(
    client: TestClient, settings: Settings
) -> None:
    response = client.post(
        "/api/v1/rewards",
        json={"reward_id": "x", "description": "d" * 1000},
        headers=_auth(settings, "ops", "operator"),
    )
    assert response.status_code == 422  # the route itself answered (fields are missing)


def test_the_import_route_still_takes_uploads_over_the_json_limit(
    client: TestClient, settings: Settings
) -> None:
    upload = b"[" + b" " * BIG + b"]"  # a valid JSON array, mostly whitespace
    response = client.post(
        "/api/v1/imports",
        files={"file": ("big.json", upload)},
        headers=_auth(settings, "ops", "operator"),
    )
    assert response.status_code not in (413, 500), response.text
    assert response.status_code in (201, 422)


def test_only_the_exact_import_path_gets_the_large_limit(
    client: TestClient, settings: Settings
) -> None:
    for path in ("/api/v1/imports/", "/api/v1/imports/../rewards", "/api/v1/importsx"):
        response = client.post(path, content=b"x" * BIG, headers=_auth(settings, "ops", "operator"))
        assert response.status_code == 413, path
