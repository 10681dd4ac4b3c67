"""No free database connection is a 503 with Retry-After, never a 500; the pool is sized from
the server's own connection limit. Real PostgreSQL throughout: the server's refusal comes from
a role with ``CONNECTION LIMIT 1`` (the shared server's ``max_connections`` is never touched).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hackoclock.api import create_app
from hackoclock.auth import create_token
from hackoclock.db.engine import Database
from hackoclock.errors import InvalidInput
from hackoclock.settings import Settings

pytestmark = pytest.mark.postgres

SECRET = "pool-test-secret-that-is-long-enough-for-hs256"
SETTINGS = Settings(jwt_secret=SecretStr(SECRET), api_retry_after_s=3)


def _operator() -> dict[str, str]:
    token = create_token(SETTINGS, sub="ops", role="operator", ttl=timedelta(minutes=5))
    return {"Authorization": f"Bearer {token}"}


def _assert_busy(response: object) -> None:
    assert response.status_code == 503, response.text  # type: ignore[attr-defined]
    assert response.headers["retry-after"] == "3"  # type: ignore[attr-defined]
    error = response.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] == "database_busy"
    assert "retry in 3 s" in error["message"]


def test_an_exhausted_pool_answers_503_with_retry_after(pg_db: Database, pg_url: str) -> None:
    db = Database(pg_url, pool_size=1, max_overflow=0, pool_timeout_s=0.2)
    try:
        with TestClient(create_app(SETTINGS, db)) as client:
            with db.engine.connect():  # the pool's only connection is taken
                _assert_busy(client.get("/api/v1/ledger/verify", headers=_operator()))
                _assert_busy(client.get("/api/v1/redemptions", headers=_operator()))
            assert client.get("/api/v1/ledger/verify", headers=_operator()).status_code == 200
    finally:
        db.dispose()


@pytest.fixture
def limited_url(pg_url: str) -> Iterator[str]:
    """A login role that the server admits once at a time (CONNECTION LIMIT 1)."""
    role = f"hk_limited_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 1'))
        conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"'))
    try:
        yield make_url(pg_url).set(username=role).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                {"r": role},
            )
            conn.execute(text(f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


def test_the_server_refusing_another_client_answers_503(pg_db: Database, limited_url: str) -> None:
    other = Database(limited_url)  # another process of ours holds the role's only slot
    db = Database(limited_url, pool_size=1, max_overflow=0, pool_timeout_s=0.2)
    try:
        with TestClient(create_app(SETTINGS, db)) as client, other.engine.connect():
            _assert_busy(client.get("/api/v1/ledger/verify", headers=_operator()))
        other.dispose()  # really closes the connection (the pool would keep it)
        with TestClient(create_app(SETTINGS, db)) as client:  # the slot is free again
            assert client.get("/api/v1/ledger/verify", headers=_operator()).status_code == 200
    finally:
        db.dispose()
        other.dispose()


def test_the_pool_is_cut_to_the_servers_connection_limit(pg_db: Database, limited_url: str) -> None:
    db = Database(limited_url, pool_size=10)
    try:
        plan = db.fit_pool_to_server(processes=1, share=1.0)
        assert (plan.server_limit, plan.size, plan.overflow) == (1, 1, 0)
        assert db.engine.pool.size() == 1  # type: ignore[attr-defined]
        assert db.engine.pool._max_overflow == 0  # type: ignore[attr-defined]
        with pytest.raises(InvalidInput, match="leave less than one each"):
            db.fit_pool_to_server(processes=2, share=1.0)
    finally:
        db.dispose()


def test_workers_share_the_servers_max_connections(pg_db: Database, pg_url: str) -> None:
    with pg_db.read() as conn:
        max_conn = int(conn.execute(text("SHOW max_connections")).scalar_one())
        reserved = int(conn.execute(text("SHOW superuser_reserved_connections")).scalar_one())
    workers = 8
    db = Database(pg_url, pool_size=10)  # 8 x (10 + 20) would be 240
    try:
        plan = db.fit_pool_to_server(processes=workers, share=0.8)
        assert plan.server_limit == max_conn - reserved
        assert workers * plan.most <= 0.8 * plan.server_limit
        assert plan.most == int((max_conn - reserved) * 0.8 // workers)
        assert db.engine.pool.size() + db.engine.pool._max_overflow == plan.most  # type: ignore[attr-defined]
    finally:
        db.dispose()
