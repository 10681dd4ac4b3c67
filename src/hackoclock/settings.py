"""One Settings object for the whole application (environment prefix ``HACKOCLOCK_``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from hackoclock.money import PointValue

DEFAULT_DATA_DIR = Path("data")


class Settings(BaseSettings):
    """Configuration read from the environment (``HACKOCLOCK_*``) or passed in by tests."""

    model_config = SettingsConfigDict(env_prefix="HACKOCLOCK_", extra="ignore")

    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default is a SQLite file hackoclock.db under data_dir.",
    )
    events_dir: Path | None = None  # viewer events store; default data_dir/events

    # connection pool (PostgreSQL only; SQLite ignores these; see db/pool.py)
    db_pool_size: int = Field(default=10, ge=1, le=500)
    db_pool_max_overflow: int | None = Field(default=None, ge=0, le=1000)  # None: twice the size
    db_pool_timeout_s: float = Field(default=5.0, gt=0, le=300)  # queue wait, then 503
    db_processes: int = Field(default=1, ge=1, le=1024)  # processes sharing the server (workers)
    db_server_share: float = Field(default=0.8, gt=0, le=1)  # of the server's connection limit
    db_pool_pre_ping: bool = True  # one extra round trip per checkout; off for benchmarks
    db_pool_recycle_s: int = -1  # replace connections older than this (-1: never)

    # content scores
    content_provider: str = "lexicon"
    gemini_model: str = "gemini-2.5-flash"
    gemini_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("GEMINI_API_KEY", "HACKOCLOCK_GEMINI_API_KEY"),
    )
    gemini_base_url: str | None = None
    videos_dir: Path | None = None
    video_url_template: str | None = None
    gemini_timeout_s: float = 120.0
    gemini_workers: int = 4
    gemini_requests_per_minute: float = 10.0
    gemini_max_attempts: int = 5
    gemini_retry_base_s: float = 1.0
    gemini_retry_max_s: float = 60.0
    gemini_poll_interval_s: float = 2.0
    gemini_active_timeout_s: float = 300.0

    # scoring
    scoring_config: Path | None = None

    # authentication
    jwt_secret: SecretStr | None = None
    jwt_public_key_file: Path | None = None
    jwt_jwks_file: Path | None = None
    demo_mode: bool = False
    jwt_private_key_file: Path | None = None  # RS256 signing for `token create` (dev/tests)
    jwt_key_id: str | None = None  # `kid` written into RS256 tokens this app signs
    jwt_leeway_s: int = 30  # clock skew tolerated on exp/nbf/iat
    jwt_issuer: str | None = None  # when set, tokens must carry this `iss`
    jwt_audience: str | None = None  # when set, tokens must carry this `aud`

    # REST API: the body limit of every route but POST /imports (413 beyond), and the
    # Retry-After of a 503 when the database has no free connection
    api_max_json_bytes: int = Field(default=64 * 1024, ge=1)
    api_retry_after_s: int = Field(default=2, ge=1, le=3600)

    # REST API
    api_max_upload_bytes: int = 50 * 1024 * 1024
    # what a point is worth (hackoclock.money): 100 points = $1 by default
    point_value: Decimal = Field(default=Decimal("0.01"), gt=0)
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")

    @property
    def money(self) -> PointValue:
        """What a point is worth (``point_value`` in ``currency``)."""
        return PointValue(self.point_value, self.currency)

    @property
    def events_root(self) -> Path:
        """The viewer events store (Parquet by day)."""
        return self.events_dir or self.data_dir / "events"

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file under ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'hackoclock.db').resolve()}"
