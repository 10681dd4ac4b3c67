"""The API's plumbing without any service: auth dependencies, error shape, paging, body limit.

The app is built over a SQLite URL that is never connected to; a small router added by the
tests exercises the dependencies the real routes use.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import APIRouter, File, UploadFile
from fastapi.testclient import TestClient
from pydantic import SecretStr

from hackoclock.api import create_app
from hackoclock.api.deps import AnyPrincipal, CurrentCreator, CurrentOperator
from hackoclock.api.pagination import MAX_LIMIT, Paging, page
from hackoclock.auth import create_token
from hackoclock.db.engine import Database
from hackoclock.errors import Conflict, NotFound
from hackoclock.settings import Settings

SECRET = "plumbing-test-secret-long-enough-for-hs256!"
LIMIT = 1000


def probe_router() -> APIRouter:
    router = APIRouter(prefix="/probe")

    @router.get("/creator")
    def creator_only(who: CurrentCreator) -> dict[str, str]:
        return {"sub": who.sub}

    @router.get("/operator")
    def operator_only(who: CurrentOperator) -> dict[str, str]:
        return {"sub": who.sub}

    @router.get("/anyone")
    def anyone(who: AnyPrincipal) -> dict[str, str]:
        return {"role": who.role}

    @router.get("/list")
    def listing(paging: Paging) -> dict[str, Any]:
        return page(range(paging.offset, paging.offset + paging.limit), paging, total=10**6)

    @router.get("/missing")
    def missing() -> None:
        raise NotFound("no such thing")

    @router.get("/conflict")
    def conflict() -> None:
        raise Conflict("already there")

    @router.get("/item/{item_id}")
    def item(item_id: int) -> dict[str, int]:
        return {"id": item_id}

    @router.post("/upload")
    async def upload(file: UploadFile = File(...)) -> dict[str, int]:  # noqa: B008
        return {"size": len(await file.read())}

    return router


@pytest.fixture
def settings() -> Settings:
    # the probe routes are not upload routes: they get the small (JSON) limit
    return Settings(
        jwt_secret=SecretStr(SECRET), api_max_upload_bytes=100 * LIMIT, api_max_json_bytes=LIMIT
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, Database("sqlite:///:memory:"))
    app.include_router(probe_router())
    with TestClient(app) as c:
        yield c


def bearer(settings: Settings, sub: str, role: str) -> dict[str, str]:
    token = create_token(settings, sub=sub, role=role, ttl=timedelta(minutes=5))  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {token}"}


def test_the_health_check_needs_no_token(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_a_request_without_a_token_is_401_with_a_bearer_challenge(client: TestClient) -> None:
    response = client.get("/probe/creator")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"


def test_a_garbage_token_is_401_not_500(client: TestClient) -> None:
    response = client.get("/probe/anyone", headers={"Authorization": "Bearer ' OR 1=1 --"})
    assert response.status_code == 401


def test_a_non_bearer_scheme_is_401(client: TestClient) -> None:
    assert client.get("/probe/anyone", headers={"Authorization": "Basic dTpw"}).status_code == 401


def test_a_creator_reaches_creator_routes_but_not_operator_routes(
    client: TestClient, settings: Settings
) -> None:
    headers = bearer(settings, "c1", "creator")
    assert client.get("/probe/creator", headers=headers).json() == {"sub": "c1"}
    forbidden = client.get("/probe/operator", headers=headers)
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "forbidden"


def test_an_operator_reaches_operator_routes_but_not_creator_routes(
    client: TestClient, settings: Settings
) -> None:
    headers = bearer(settings, "ops", "operator")
    assert client.get("/probe/operator", headers=headers).json() == {"sub": "ops"}
    assert client.get("/probe/creator", headers=headers).status_code == 403
    assert client.get("/probe/anyone", headers=headers).json() == {"role": "operator"}


def test_domain_errors_keep_their_status_and_code(client: TestClient) -> None:
    missing = client.get("/probe/missing")
    assert missing.status_code == 404
    assert missing.json() == {"error": {"code": "not_found", "message": "no such thing"}}
    assert client.get("/probe/conflict").status_code == 409


def test_a_list_echoes_its_paging_and_total(client: TestClient) -> None:
    body = client.get("/probe/list?limit=3&offset=7").json()
    assert body == {"items": [7, 8, 9], "limit": 3, "offset": 7, "total": 10**6}


@pytest.mark.parametrize(
    "query",
    [f"limit={MAX_LIMIT + 1}", "limit=0", "offset=-1", "offset=99999999999999999999999", "limit=x"],
)
def test_out_of_range_paging_is_422(client: TestClient, query: str) -> None:
    response = client.get(f"/probe/list?{query}")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_a_huge_path_number_is_a_clean_422_or_fits(client: TestClient) -> None:
    assert client.get("/probe/item/1e400").status_code == 422
    assert client.get("/probe/item/%27%20OR%201%3D1%20--").status_code == 422


def test_an_unknown_path_is_a_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/../../etc/passwd")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_wrong_method_is_a_json_405(client: TestClient) -> None:
    assert client.delete("/healthz").json()["error"]["code"] == "method_not_allowed"


def test_an_upload_within_the_limit_is_accepted(client: TestClient) -> None:
    response = client.post("/probe/upload", files={"file": ("a.csv", b"x" * 100)})
    assert response.json() == {"size": 100}


def test_an_upload_declared_over_the_limit_is_413(client: TestClient) -> None:
    response = client.post("/probe/upload", files={"file": ("a.csv", b"x" * (LIMIT + 1))})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_a_streamed_upload_over_the_limit_is_cut_off_with_413(client: TestClient) -> None:
    body = (
        b"--xyz\r\n"
        b'Content-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
        + b"y" * (LIMIT * 5)
        + b"\r\n--xyz--\r\n"
    )

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must count the stream
        for start in range(0, len(body), 100):
            yield body[start : start + 100]

    response = client.post(
        "/probe/upload",
        content=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert response.status_code == 413


def test_an_api_configured_with_a_jwks_accepts_rs256_and_refuses_hs256(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**jwk, "kid": "idp-1", "use": "sig"}]}))
    app = create_app(Settings(jwt_jwks_file=jwks), Database("sqlite:///:memory:"))
    app.include_router(probe_router())
    exp = datetime.now(UTC) + timedelta(minutes=5)
    claims = {"sub": "c7", "role": "creator", "exp": exp}
    rs = jwt.encode(claims, key, "RS256", headers={"kid": "idp-1"})
    hs = jwt.encode(claims, SECRET, "HS256")
    with TestClient(app) as c:
        assert c.get("/probe/creator", headers={"Authorization": f"Bearer {rs}"}).json() == {
            "sub": "c7"
        }
        assert c.get("/probe/creator", headers={"Authorization": f"Bearer {hs}"}).status_code == 401


def test_an_api_without_any_key_answers_503_not_500() -> None:
    app = create_app(Settings(), Database("sqlite:///:memory:"))
    app.include_router(probe_router())
    with TestClient(app) as c:
        response = c.get("/probe/anyone", headers={"Authorization": "Bearer a.b.c"})
    assert response.status_code == 401  # malformed before configuration is consulted
    token = jwt.encode({"sub": "x", "role": "creator", "exp": 9999999999}, SECRET, "HS256")
    with TestClient(app) as c:
        response = c.get("/probe/anyone", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "auth_not_configured"
