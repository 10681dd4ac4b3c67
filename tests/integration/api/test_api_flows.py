"""Whole flows through the API on SQLite and PostgreSQL: spend, cancel, fulfil, review, import.

Each test seeds the world into the ``db`` fixture (both databases) through the services.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_world import ALICE, BOB, OPERATOR, STICKER, World, api_settings, bearer, seed_world
from api_world import token_for as token
from fastapi.testclient import TestClient

from hackoclock.api import create_app
from hackoclock.db.engine import Database

V1 = "/api/v1"
ALICE_H = bearer(token(ALICE))
BOB_H = bearer(token(BOB))
OPS_H = bearer(token(OPERATOR, "operator"))


@pytest.fixture
def seeded(db: Database, shared_data: Path) -> Iterator[tuple[TestClient, World]]:
    world = seed_world(db, shared_data)
    with TestClient(create_app(api_settings(), db)) as client:
        yield client, world


def balance(client: TestClient, headers: dict[str, str]) -> int:
    body = client.get(f"{V1}/me", headers=headers).json()
    return int(body["balance"])


def redeem(client: TestClient, reward: str, key: str, headers: dict[str, str]) -> Any:
    return client.post(f"{V1}/rewards/{reward}/redeem", headers={**headers, "Idempotency-Key": key})


def add_reward(client: TestClient, reward_id: str, amount: int, stock: int | None = None) -> None:
    body = {"reward_id": reward_id, "name": reward_id, "amount": amount, "exposure": "a thing"}
    if stock is not None:
        body["stock"] = stock
    response = client.post(f"{V1}/rewards", json=body, headers=OPS_H)
    assert response.status_code == 201, response.text


def test_redeeming_twice_with_one_key_charges_once(
    seeded: tuple[TestClient, World],
) -> None:
    client, _ = seeded
    before = balance(client, ALICE_H)
    assert before > 1
    first = redeem(client, STICKER, "flow-key-1", ALICE_H)
    assert first.status_code == 201
    assert balance(client, ALICE_H) == before - 1
    again = redeem(client, STICKER, "flow-key-1", ALICE_H)
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert balance(client, ALICE_H) == before - 1
    add_reward(client, "flow-pin", 1)
    reused = redeem(client, "flow-pin", "flow-key-1", ALICE_H)
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    missing = client.post(f"{V1}/rewards/{STICKER}/redeem", headers=ALICE_H)
    assert missing.status_code == 400
    assert "Idempotency-Key" in missing.json()["error"]["message"]
    assert balance(client, ALICE_H) == before - 1


def test_spending_beyond_the_balance_or_the_stock_is_refused_and_charges_nothing(
    seeded: tuple[TestClient, World],
) -> None:
    client, _ = seeded
    alice, bob = balance(client, ALICE_H), balance(client, BOB_H)
    add_reward(client, "flow-yacht", alice + 1)
    poor = redeem(client, "flow-yacht", "flow-yacht-1", ALICE_H)
    assert poor.status_code == 402
    assert poor.json()["error"]["code"] == "insufficient_points"
    add_reward(client, "flow-last-one", 1, stock=1)
    assert redeem(client, "flow-last-one", "k-a", ALICE_H).status_code == 201
    gone = redeem(client, "flow-last-one", "k-b", BOB_H)
    assert gone.status_code == 409
    assert gone.json()["error"]["code"] == "out_of_stock"
    assert balance(client, ALICE_H) == alice - 1
    assert balance(client, BOB_H) == bob
    assert (
        client.post(
            f"{V1}/rewards/no-such-reward/redeem", headers={**ALICE_H, "Idempotency-Key": "k-c"}
        ).status_code
        == 404
    )


def test_a_creator_cancels_only_their_own_pending_redemption_and_only_once(
    seeded: tuple[TestClient, World],
) -> None:
    client, world = seeded
    before = balance(client, ALICE_H)
    theirs = client.post(f"{V1}/me/redemptions/{world.alice_redemption}/cancel", headers=BOB_H)
    assert theirs.status_code == 404
    assert ALICE not in theirs.text
    mine = client.post(f"{V1}/me/redemptions/{world.alice_redemption}/cancel", headers=ALICE_H)
    assert mine.status_code == 200
    assert mine.json()["status"] == "cancelled"
    assert balance(client, ALICE_H) == before + 1
    twice = client.post(f"{V1}/me/redemptions/{world.alice_redemption}/cancel", headers=ALICE_H)
    assert twice.json()["status"] == "cancelled"  # repeating a cancel changes nothing
    assert balance(client, ALICE_H) == before + 1
    listed = client.get(f"{V1}/me/redemptions?status=cancelled", headers=ALICE_H).json()
    assert [r["id"] for r in listed["items"]] == [world.alice_redemption]


def test_an_operator_fulfils_redemptions_reviews_held_points_and_the_ledger_verifies(
    seeded: tuple[TestClient, World],
) -> None:
    client, world = seeded
    pending = client.get(f"{V1}/redemptions?status=pending", headers=OPS_H).json()["items"]
    assert {r["creator_id"] for r in pending} == {ALICE, BOB}
    done = client.post(f"{V1}/redemptions/{world.alice_redemption}/fulfil", headers=OPS_H)
    assert done.json()["status"] == "fulfilled"
    held = client.get(f"{V1}/held", headers=OPS_H).json()["items"]
    item = next(h for h in held if h["video_id"] == world.held_video)
    bob_before = balance(client, BOB_H)
    released = client.post(
        f"{V1}/held/{world.held_run_id}/{world.held_video}/release", headers=OPS_H
    )
    assert released.status_code == 200
    assert released.json()["operator"] == OPERATOR
    assert balance(client, BOB_H) == bob_before + item["amount"]
    verify = client.get(f"{V1}/ledger/verify", headers=OPS_H).json()
    assert verify["ok"] is True, verify["problems"]


def test_an_operator_imports_an_upload_scores_the_period_and_credits_it(
    seeded: tuple[TestClient, World], shared_data: Path
) -> None:
    client, _ = seeded
    csv = sorted((shared_data / "santaclara-2021").glob("*.csv"))[0]
    with csv.open("rb") as fh:
        upload = client.post(f"{V1}/imports", files={"file": (csv.name, fh)}, headers=OPS_H)
    assert upload.status_code == 201, upload.text
    assert upload.json()["accepted"] > 0
    started = client.post(f"{V1}/runs", json={"method": "seed"}, headers=OPS_H)
    assert started.status_code == 201, started.text
    run_id = started.json()["run_id"]
    # the world's fair run already paid an overlapping period (all data up to its import):
    # one payout per period, so the seed run is previewed as refused and crediting it is a 409
    preview = client.get(f"{V1}/runs/{run_id}/credit/preview", headers=OPS_H)
    assert preview.status_code == 200, preview.text
    assert preview.json()["refused"] and preview.json()["token"] is None
    credited = client.post(f"{V1}/runs/{run_id}/credit", headers=OPS_H)
    assert credited.status_code == 409, credited.text
    assert credited.json()["error"]["code"] == "credit_refused"
    runs = client.get(f"{V1}/runs?limit=1", headers=OPS_H).json()
    assert runs["total"] == 2
    assert [r["id"] for r in runs["items"]] == [run_id]
    assert client.get(f"{V1}/runs/{run_id}", headers=OPS_H).json()["method"] == "seed"
    summary = client.get(f"{V1}/runs/{run_id}/fairness", headers=OPS_H)
    assert summary.status_code == 200
    page = client.get(f"{V1}/runs/{run_id}/fairness?format=html", headers=OPS_H)
    assert page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text.lower()


def test_a_creator_sees_their_own_videos_points_and_explanations(
    seeded: tuple[TestClient, World],
) -> None:
    client, world = seeded
    mine = client.get(f"{V1}/me/videos", headers=ALICE_H).json()
    assert len(mine["items"]) == 3
    assert {v["creator_id"] for v in mine["items"]} == {ALICE}
    assert all(v["explanation"] for v in mine["items"])
    assert all(isinstance(v["points"], int) for v in mine["items"])
    same = client.get(f"{V1}/me/videos?run_id={world.run_id}&limit=1", headers=ALICE_H).json()
    assert same["items"][0]["video_id"] == mine["items"][0]["video_id"]
    bobs = client.get(f"{V1}/me/videos", headers=BOB_H).json()["items"]
    assert [v["held"] for v in bobs if v["video_id"] == world.held_video] == [True]
    periods = client.get(f"{V1}/me/points", headers=ALICE_H).json()
    assert periods["total"] == 1
    assert periods["items"][0]["points"] == sum(v["points"] for v in mine["items"])
    me = client.get(f"{V1}/me", headers=ALICE_H).json()
    assert me["lifetime_points"] == periods["items"][0]["points"]
    assert me["username"] == "alice_api"


@pytest.mark.parametrize(
    ("when", "status", "message"),
    [
        ("soon", 422, "active_from: not an ISO date or date-time: 'soon'"),
        ("2026-12-01T09:00", 422, "active_from: '2026-12-01T09:00' needs a time zone"),
        ("2026-12-01T09:00Z", 201, None),
    ],
)
def test_reward_times_are_read_by_the_parser_the_cli_uses(
    seeded: tuple[TestClient, World], when: str, status: int, message: str | None
) -> None:
    client, _ = seeded
    body = {"reward_id": "timed", "name": "t", "amount": 5, "exposure": "x", "active_from": when}
    response = client.post(f"{V1}/rewards", json=body, headers=OPS_H)
    assert response.status_code == status, response.text
    if message is not None:
        assert message in response.text
