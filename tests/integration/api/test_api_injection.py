"""Injection-shaped input is harmless: a clean 4xx (or a correct empty answer), never a 500,
never another creator's data, and the ledger still verifies afterwards."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from api_world import ALICE, BOB, OPERATOR, STICKER, bearer, token_for
from fastapi.testclient import TestClient

V1 = "/api/v1"
NASTY = [
    "' OR 1=1 --",
    "Robert'); DROP TABLE shop;--",
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "9" * 40,
    "-1",
    "1e309",
    "𝓊𝓃𝒾𝒸ℴ𝒹ℯ ‮ 中文",
    "<script>alert(1)</script>",
    "x" * 5000,
    "$(rm -rf /)",
]
CREATOR = bearer(token_for(BOB))
OPS = bearer(token_for(OPERATOR, "operator"))


def harmless(response_status: int) -> bool:
    return 400 <= response_status < 500


@pytest.mark.parametrize("value", NASTY)
def test_nasty_path_parameters_are_clean_client_errors(client: TestClient, value: str) -> None:
    v = quote(value, safe="")
    calls = [
        ("POST", f"{V1}/rewards/{v}/redeem", CREATOR, {"Idempotency-Key": "k"}),
        ("POST", f"{V1}/me/redemptions/{v}/cancel", CREATOR, {}),
        ("GET", f"{V1}/runs/{v}", OPS, {}),
        ("GET", f"{V1}/runs/{v}/fairness", OPS, {}),
        ("POST", f"{V1}/held/{v}/{v}/release", OPS, {}),
        ("POST", f"{V1}/redemptions/{v}/fulfil", OPS, {}),
        ("PATCH", f"{V1}/rewards/{v}", OPS, {}),
    ]
    for method, url, auth, extra in calls:
        response = client.request(method, url, headers={**auth, **extra}, json={"name": "n"})
        assert harmless(response.status_code), (method, url, response.status_code, response.text)
        assert ALICE not in response.text
        assert response.json()["error"]["code"]


@pytest.mark.parametrize("value", NASTY)
def test_nasty_query_parameters_are_clean_client_errors_or_empty_pages(
    client: TestClient, value: str
) -> None:
    for url, auth in [
        (f"{V1}/redemptions", OPS),
        (f"{V1}/me/redemptions", CREATOR),
        (f"{V1}/me/videos", CREATOR),
        (f"{V1}/rewards", CREATOR),
        (f"{V1}/exposure-grants", OPS),
    ]:
        for param in ("status", "creator_id", "run_id", "limit", "offset", "format"):
            response = client.get(url, params={param: value}, headers=auth)
            assert response.status_code < 500, (url, param, response.text)
            if response.status_code == 200 and auth is CREATOR:
                assert ALICE not in response.text
    # a creator_id filter that looks like SQL matches nobody rather than everybody
    sql = client.get(f"{V1}/redemptions", params={"creator_id": "' OR 1=1 --"}, headers=OPS)
    assert sql.json()["items"] == []


@pytest.mark.parametrize("value", ["' OR 1=1 --", "../../etc/passwd", "9" * 40, "k" * 200])
def test_nasty_idempotency_keys_are_refused_or_stored_as_plain_text(
    client: TestClient, value: str
) -> None:
    response = client.post(
        f"{V1}/rewards/{STICKER}/redeem", headers={**CREATOR, "Idempotency-Key": value}
    )
    assert response.status_code in (201, 422), response.text
    if response.status_code == 201:
        assert response.json()["idempotency_key"] == value


@pytest.mark.parametrize("value", NASTY)
def test_nasty_reward_fields_are_refused_or_stored_verbatim(client: TestClient, value: str) -> None:
    body = {"reward_id": value, "name": value, "amount": 3, "exposure": value}
    response = client.post(f"{V1}/rewards", json=body, headers=OPS)
    assert response.status_code in (201, 409, 422), response.text
    huge = client.post(
        f"{V1}/rewards", json={**body, "reward_id": "ok-id", "amount": 10**40}, headers=OPS
    )
    assert huge.status_code == 422


def test_malformed_json_bodies_are_422(client: TestClient) -> None:
    for raw in [b"{", b"null", b"[]", b'{"reward_id": 1}', '"\u00e9'.encode(), b"\xff\xfe"]:
        response = client.post(
            f"{V1}/rewards", content=raw, headers={**OPS, "Content-Type": "application/json"}
        )
        assert response.status_code == 422, (raw, response.text)


def test_an_upload_named_like_a_path_is_stored_nowhere_near_that_path(client: TestClient) -> None:
    files = {"file": ("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n")}
    response = client.post(f"{V1}/imports", files=files, headers=OPS)
    assert response.status_code == 422
    assert response.json()["error"]["code"] in ("unknown_format", "broken_file")
    assert "root:x" not in response.text


def test_an_upload_over_the_size_limit_is_413(client: TestClient) -> None:
    files = {"file": ("big.csv", b"a,b\n" + b"1,2\n" * 600_000)}
    response = client.post(f"{V1}/imports", files=files, headers=OPS)
    assert response.status_code == 413


def test_after_all_that_the_ledger_still_verifies(client: TestClient) -> None:
    for value in NASTY:
        client.post(
            f"{V1}/rewards/{quote(value, safe='')}/redeem",
            headers={**CREATOR, "Idempotency-Key": "x"},
        )
        client.get(f"{V1}/redemptions", params={"creator_id": value}, headers=OPS)
    assert client.get(f"{V1}/ledger/verify", headers=OPS).json()["ok"] is True
    assert client.get(f"{V1}/rewards", headers=CREATOR).json()["items"]
