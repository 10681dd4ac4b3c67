"""The seeded world the API tests share, built through the real services; and tokens.

The world: the 2022 itemlist file plus ``api_world_videos.jsonl`` (two creators of our own,
alice and bob, and one of bob's videos with more likes than views, so it is held), one ``fair``
scoring run credited to the ledger, the default catalogue plus a cheap sticker, and one pending
redemption each for alice and bob. ``conftest.py`` builds it once into a SQLite file and gives
each test a fresh copy, so tests may change it freely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
from pydantic import SecretStr

from hackoclock.auth import create_token
from hackoclock.db.engine import Database
from hackoclock.ingest.service import import_file
from hackoclock.ledger import service as ledger
from hackoclock.scoring.service import run_scoring
from hackoclock.settings import Settings
from hackoclock.shop import service as shop

HERE = Path(__file__).parent
SECRET = "integration-test-secret-long-enough-for-hs256"
ALICE = "7100000000000000001"
BOB = "7100000000000000002"
HELD_VIDEO = "7200000000000000013"
STICKER = "api-sticker"
OPERATOR = "ops-anna"


@dataclass(frozen=True)
class World:
    run_id: int
    alice_redemption: str
    bob_redemption: str
    held_run_id: int
    held_video: str


def api_settings() -> Settings:
    return Settings(jwt_secret=SecretStr(SECRET), api_max_upload_bytes=2 * 1024 * 1024)


def seed_world(db: Database, shared_data: Path) -> World:
    """Fill an empty, migrated database through the services."""
    import_file(db, shared_data / "tiktokapi-itemlist-2022.json")
    import_file(db, HERE / "api_world_videos.jsonl")
    run_id = run_scoring(db, method="fair", engine="duckdb")
    ledger.credit_run(db, run_id)
    shop.seed_default_catalogue(db)
    shop.add_reward(
        db,
        shop.RewardSpec(
            reward_id=STICKER, name="Sticker", amount=1, exposure="one sticker", stock=1000
        ),
    )
    alice = shop.redeem(db, ALICE, STICKER, "seed-alice")
    bob = shop.redeem(db, BOB, STICKER, "seed-bob")
    held = ledger.list_held(db, limit=10, offset=0)
    held_item = next(h for h in held if h.video_id == HELD_VIDEO)
    return World(
        run_id=run_id,
        alice_redemption=alice.id,
        bob_redemption=bob.id,
        held_run_id=held_item.run_id,
        held_video=held_item.video_id,
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_for(sub: str, role: str = "creator") -> str:
    return create_token(api_settings(), sub=sub, role=role, ttl=timedelta(minutes=10))  # type: ignore[arg-type]


def token_headers(kind: str) -> dict[str, str]:
    """Authorization headers for each kind of caller the authorization matrix tries."""
    now = datetime.now(UTC)
    claims = {"sub": ALICE, "role": "creator", "exp": now + timedelta(minutes=10)}
    if kind == "none":
        return {}
    if kind == "expired":
        past = now - timedelta(hours=2)
        return bearer(create_token(api_settings(), sub=ALICE, role="operator", ttl=60, now=past))
    if kind == "bad_signature":
        return bearer(jwt.encode({**claims, "role": "operator"}, "x" * 48, "HS256"))
    if kind == "wrong_algorithm":
        return bearer(jwt.encode({**claims, "role": "operator"}, SECRET * 2, "HS512"))
    if kind == "other_creator":
        return bearer(token_for(BOB))
    if kind == "creator":
        return bearer(token_for(ALICE))
    if kind == "operator":
        return bearer(token_for(OPERATOR, "operator"))
    raise ValueError(kind)


TOKEN_KINDS = (
    "none",
    "expired",
    "bad_signature",
    "wrong_algorithm",
    "other_creator",
    "creator",
    "operator",
)
