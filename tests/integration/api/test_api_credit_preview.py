"""Previewing and confirming a credit over the API: the token, refusals and replace."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_world import OPERATOR, api_settings, bearer
from api_world import token_for as token
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ledger"))

from ledger_fixtures import Score, add_creators, add_run, add_videos

from hackoclock.api import create_app
from hackoclock.db.engine import Database
from hackoclock.ledger.service import balance

V1 = "/api/v1"
OPS_H = bearer(token(OPERATOR, "operator"))


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    add_creators(db, ["alice", "bob"])
    add_videos(db, [("a1", "alice"), ("b1", "bob")])
    with TestClient(create_app(api_settings(), db)) as c:
        yield c


def test_an_operator_previews_a_run_and_credits_it_with_the_token(
    db: Database, client: TestClient
) -> None:
    run = add_run(db, [Score("a1", "alice", 120), Score("b1", "bob", 7)])
    preview = client.get(f"{V1}/runs/{run}/credit/preview", headers=OPS_H)
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert [(c["creator_id"], c["to_post"]) for c in body["creators"]] == [
        ("alice", 120),
        ("bob", 7),
    ]
    assert body["totals"]["to_post"] == 127 and not body["refused"]
    wrong = client.post(f"{V1}/runs/{run}/credit", json={"confirm": "0" * 16}, headers=OPS_H)
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "plan_changed"
    assert balance(db, "alice") == 0
    ok = client.post(f"{V1}/runs/{run}/credit", json={"confirm": body["token"]}, headers=OPS_H)
    assert ok.status_code == 200, ok.text
    assert ok.json()["points_to_creators"] == 127 and balance(db, "alice") == 120


def test_a_comparison_is_refused_then_replaced_with_a_reason(
    db: Database, client: TestClient
) -> None:
    client.post(f"{V1}/runs/{add_run(db, [Score('a1', 'alice', 900)])}/credit", headers=OPS_H)
    seed = add_run(db, [Score("a1", "alice", 300)], method="seed")
    refused = client.post(f"{V1}/runs/{seed}/credit", headers=OPS_H)
    assert refused.status_code == 409 and "comparison" in refused.json()["error"]["message"]
    no_reason = client.post(f"{V1}/runs/{seed}/credit", json={"replace": True}, headers=OPS_H)
    assert no_reason.status_code == 422
    preview = client.get(f"{V1}/runs/{seed}/credit/preview?replace=true", headers=OPS_H).json()
    assert preview["totals"]["clawed_back"] == 600
    done = client.post(
        f"{V1}/runs/{seed}/credit",
        json={"confirm": preview["token"], "replace": True, "reason": "seed is the policy"},
        headers=OPS_H,
    )
    assert done.status_code == 200, done.text
    assert balance(db, "alice") == 300
