"""A database for the app's tests, filled through the real services from the real data files.

Imports the 2020 trending set (the prototype's data) and the 2024-2026 history, gives every
video its lexicon content score, scores it with the default method (``value``) and ``seed``,
credits the default method's run (which holds the videos flagged for review), and
loads the default catalogue plus two rewards for the edge cases (sold out, too dear).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hackoclock import creators as directory
from hackoclock.auth import create_token
from hackoclock.auth.principal import Role
from hackoclock.content.lexicon import LexiconProvider
from hackoclock.content.service import analyze
from hackoclock.db.engine import Database
from hackoclock.db.migrate import upgrade
from hackoclock.ingest.service import import_file
from hackoclock.ledger import service as ledger
from hackoclock.scoring.methods.registry import DEFAULT_METHOD
from hackoclock.scoring.service import run_scoring
from hackoclock.settings import Settings
from hackoclock.shop import service as shop

JWT_SECRET = "ui-tests-secret-that-is-long-enough-0123456789"
REPO_ROOT = Path(__file__).resolve().parents[3]
DATA_FILES = ("tiktok-trending-2020-12.json", "tiktokapi-trending-2024-2026.jsonl")
SOLD_OUT = "sold-out-sticker"
TOO_DEAR = "studio-day"
TOO_DEAR_PRICE = 100_000_000_000  # beyond anybody: value pays the 251M-view video ~10M


@dataclass(frozen=True)
class Seeded:
    """What the tests need to know about the seeded database."""

    paid_run: int  # the default method's run, credited
    seed_run: int
    rich_creator: str  # the creator with the largest balance
    rich_balance: int
    poor_creator: str  # a creator who can afford nothing
    mid_creator: str  # the poorest creator who can afford the cash bonus
    mid_balance: int
    held_count: int


def seed(path: Path, shared_data: Path) -> Seeded:
    """Create, migrate and fill the SQLite file at ``path``; leave it checkpointed and closed."""
    db = Database(f"sqlite:///{path}")
    try:
        upgrade(db)
        for name in DATA_FILES:
            import_file(db, shared_data / name)
        analyze(db, LexiconProvider())  # content scores: the seed method needs them
        paid_run = run_scoring(db, method=DEFAULT_METHOD)
        seed_run = run_scoring(db, method="seed")
        ledger.credit_run(db, paid_run)
        shop.seed_default_catalogue(db)
        shop.add_reward(
            db,
            shop.RewardSpec(
                reward_id=SOLD_OUT, name="Sticker sheet", amount=50, exposure="Stickers", stock=0
            ),
        )
        shop.add_reward(
            db,
            shop.RewardSpec(
                reward_id=TOO_DEAR,
                name="A day in the TikTok studio",
                amount=TOO_DEAR_PRICE,
                exposure="Studio day",
            ),
        )
        everyone = directory.list_creators(db, limit=1000)
        balances = {c.creator_id: ledger.balance(db, c.creator_id) for c in everyone}
        rich = max(balances, key=lambda cid: (balances[cid], cid))
        poor = min(balances, key=lambda cid: (balances[cid], cid))
        bonus = shop.get_reward(db, "cash-bonus-25").amount
        mid = min((cid for cid in balances if balances[cid] >= bonus), key=balances.__getitem__)
        held = len(ledger.list_held(db, limit=1000))
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return Seeded(paid_run, seed_run, rich, balances[rich], poor, mid, balances[mid], held)
    finally:
        db.dispose()


@dataclass(frozen=True)
class UiEnv:
    """One test's app environment: the database file, what is in it, and how to get tokens."""

    path: Path
    url: str
    seeded: Seeded
    env: dict[str, str]

    def token(self, sub: str, role: Role) -> str:
        return create_token(
            Settings(jwt_secret=JWT_SECRET, database_url=self.url), sub=sub, role=role, ttl=900
        )

    def database(self) -> Database:
        return Database(self.url)
