"""The authorization matrix: every route x every kind of caller -> the expected status.

Routes come from the app's own OpenAPI schema, so a route added without a matrix entry fails
``test_every_route_has_a_matrix_entry`` (and its own cells). Each cell runs on a fresh copy
of the seeded world. Alice is "the creator", Bob "another creator": Bob must never see a byte of
Alice's data, and Alice none of Bob's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest
from api_world import (
    ALICE,
    BOB,
    STICKER,
    TOKEN_KINDS,
    World,
    api_settings,
    token_headers,
)
from fastapi.testclient import TestClient

from hackoclock.api import create_app
from hackoclock.db.engine import Database

Access = Literal["public", "creator", "operator", "any"]
UNAUTHENTICATED = ("none", "expired", "bad_signature", "wrong_algorithm")
SANTA_CLARA_CSV = "santaclara-2021"


@dataclass(frozen=True)
class Call:
    path: str
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    upload: bool = False


@dataclass(frozen=True)
class Entry:
    access: Access
    call: Callable[[World], Call]
    ok: int = 200
    other: int | None = None  # another creator's status on creator routes (default: ok)


def fixed(path: str, **kw: Any) -> Callable[[World], Call]:
    return lambda _w: Call(path, **kw)


V1 = "/api/v1"
NEW_REWARD = {"reward_id": "matrix-mug", "name": "Mug", "amount": 5, "exposure": "a mug"}

MATRIX: dict[tuple[str, str], Entry] = {
    ("GET", "/healthz"): Entry("public", fixed("/healthz")),
    # creator
    ("GET", f"{V1}/me"): Entry("creator", fixed(f"{V1}/me")),
    ("GET", f"{V1}/me/videos"): Entry("creator", fixed(f"{V1}/me/videos")),
    ("GET", f"{V1}/me/points"): Entry("creator", fixed(f"{V1}/me/points")),
    ("GET", f"{V1}/me/redemptions"): Entry("creator", fixed(f"{V1}/me/redemptions")),
    ("POST", f"{V1}/me/redemptions/{{redemption_id}}/cancel"): Entry(
        "creator",
        lambda w: Call(f"{V1}/me/redemptions/{w.alice_redemption}/cancel"),
        other=404,
    ),
    ("POST", f"{V1}/rewards/{{reward_id}}/redeem"): Entry(
        "creator",
        fixed(f"{V1}/rewards/{STICKER}/redeem", headers={"Idempotency-Key": "matrix-1"}),
        ok=201,
    ),
    # everyone signed in
    ("GET", f"{V1}/rewards"): Entry("any", fixed(f"{V1}/rewards")),
    # operator
    ("POST", f"{V1}/rewards"): Entry("operator", fixed(f"{V1}/rewards", json=NEW_REWARD), ok=201),
    ("PATCH", f"{V1}/rewards/{{reward_id}}"): Entry(
        "operator", fixed(f"{V1}/rewards/{STICKER}", json={"name": "Big sticker"})
    ),
    ("POST", f"{V1}/rewards/{{reward_id}}/deactivate"): Entry(
        "operator", fixed(f"{V1}/rewards/{STICKER}/deactivate")
    ),
    ("POST", f"{V1}/imports"): Entry("operator", fixed(f"{V1}/imports", upload=True), ok=201),
    ("POST", f"{V1}/runs"): Entry("operator", fixed(f"{V1}/runs", json={}), ok=201),
    ("GET", f"{V1}/runs"): Entry("operator", fixed(f"{V1}/runs")),
    ("GET", f"{V1}/runs/{{run_id}}"): Entry("operator", lambda w: Call(f"{V1}/runs/{w.run_id}")),
    ("GET", f"{V1}/runs/{{run_id}}/fairness"): Entry(
        "operator", lambda w: Call(f"{V1}/runs/{w.run_id}/fairness")
    ),
    ("POST", f"{V1}/runs/{{run_id}}/credit"): Entry(
        "operator", lambda w: Call(f"{V1}/runs/{w.run_id}/credit")
    ),
    ("GET", f"{V1}/runs/{{run_id}}/credit/preview"): Entry(
        "operator", lambda w: Call(f"{V1}/runs/{w.run_id}/credit/preview")
    ),
    ("GET", f"{V1}/held"): Entry("operator", fixed(f"{V1}/held")),
    ("POST", f"{V1}/held/{{run_id}}/{{video_id}}/release"): Entry(
        "operator", lambda w: Call(f"{V1}/held/{w.held_run_id}/{w.held_video}/release")
    ),
    ("POST", f"{V1}/held/{{run_id}}/{{video_id}}/void"): Entry(
        "operator",
        lambda w: Call(f"{V1}/held/{w.held_run_id}/{w.held_video}/void", json={"reason": "bots"}),
    ),
    ("GET", f"{V1}/redemptions"): Entry("operator", fixed(f"{V1}/redemptions")),
    ("POST", f"{V1}/redemptions/{{redemption_id}}/fulfil"): Entry(
        "operator", lambda w: Call(f"{V1}/redemptions/{w.alice_redemption}/fulfil")
    ),
    ("POST", f"{V1}/redemptions/{{redemption_id}}/cancel"): Entry(
        "operator", lambda w: Call(f"{V1}/redemptions/{w.alice_redemption}/cancel")
    ),
    ("GET", f"{V1}/exposure-grants"): Entry("operator", fixed(f"{V1}/exposure-grants")),
    ("GET", f"{V1}/ledger/verify"): Entry("operator", fixed(f"{V1}/ledger/verify")),
}


def app_routes() -> list[tuple[str, str]]:
    schema = create_app(api_settings(), Database("sqlite:///:memory:")).openapi()
    return sorted((method.upper(), path) for path, ops in schema["paths"].items() for method in ops)


ROUTES = app_routes()


def expected(entry: Entry, kind: str) -> int:
    if entry.access == "public":
        return entry.ok
    if kind in UNAUTHENTICATED:
        return 401
    role = "operator" if kind == "operator" else "creator"
    if entry.access not in ("any", role):
        return 403
    if kind == "other_creator" and entry.other is not None:
        return entry.other
    return entry.ok


def send(client: TestClient, method: str, call: Call, headers: dict[str, str], data: Path) -> Any:
    files = None
    if call.upload:
        csv = sorted((data / SANTA_CLARA_CSV).glob("*.csv"))[0]
        files = {"file": (csv.name, csv.read_bytes(), "text/csv")}
    return client.request(
        method,
        call.path,
        json=call.json,
        params=call.params,
        headers={**call.headers, **headers},
        files=files,
    )


def forbidden_strings(kind: str, world: World, url: str) -> list[str]:
    """What the caller must never see: the other creator's id, name and redemption."""
    if kind == "creator":
        secrets = [BOB, "bob_api", world.bob_redemption]
    elif kind == "other_creator":
        secrets = [ALICE, "alice_api", world.alice_redemption]
    else:
        return []
    return [s for s in secrets if s not in url]  # an id the caller sent is not a leak


def test_every_route_has_a_matrix_entry() -> None:
    assert set(ROUTES) == set(MATRIX), {
        "routes without an entry": sorted(set(ROUTES) - set(MATRIX)),
        "entries without a route": sorted(set(MATRIX) - set(ROUTES)),
    }


@pytest.mark.parametrize("kind", TOKEN_KINDS)
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_each_route_answers_each_caller_as_the_matrix_says(
    client: TestClient, world: World, shared_data: Path, method: str, path: str, kind: str
) -> None:
    entry = MATRIX.get((method, path))
    assert entry is not None, f"{method} {path} has no entry in the authorization matrix"
    call = entry.call(world)
    response = send(client, method, call, token_headers(kind), shared_data)
    assert response.status_code == expected(entry, kind), response.text
    if response.status_code == 401:
        assert response.headers.get("www-authenticate") == "Bearer"
    for secret in forbidden_strings(kind, world, call.path):
        assert secret not in response.text, f"{kind} saw {secret!r} in {method} {path}"


@pytest.mark.parametrize("path", ["/docs", "/openapi.json"])
def test_the_api_documentation_is_public(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200
