"""The main job on the bundled sample data: import, analyse, score three weekly periods
(``value``, plus ``fair`` and ``seed`` on the first for comparison), credit the ``value`` runs
in order (each pays the views above the marks the one before it moved), stock the shop.

Every step is idempotent, so running it again changes nothing: imports are recognised by the
file's hash, analysed videos are skipped, a period that already has a finished run of a method
is not scored again, and crediting posts only what is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from hackoclock.content.providers import make_provider
from hackoclock.content.service import analyze
from hackoclock.db import migrate
from hackoclock.db.engine import Database
from hackoclock.db.tables_scoring import RUN_FINISHED, scoring_runs
from hackoclock.errors import NotFound
from hackoclock.ingest.service import import_file
from hackoclock.ledger.service import credit_run
from hackoclock.scoring.service import run_scoring
from hackoclock.settings import Settings
from hackoclock.shop.service import seed_default_catalogue

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"
SCRAPER_FILE = "tiktok-sample.json"
HISTORY_FILE = "tiktok-sample-history.jsonl"
# The scraper export carries no collection time; the sample was "scraped" on this date.
SCRAPER_OBSERVED_AT = datetime(2026, 11, 16, 6, tzinfo=UTC)
CREDITED = "value"  # the default method: what the demo pays
COMPARISONS = ("fair", "seed")  # scored beside it on the first period, never credited
PERIODS = (
    (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 17, tzinfo=UTC)),
    (datetime(2026, 11, 17, tzinfo=UTC), datetime(2026, 11, 24, tzinfo=UTC)),
    (datetime(2026, 11, 24, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)),
)


@dataclass
class DemoReport:
    imported: list[str] = field(default_factory=list)
    analysed: int = 0
    runs: list[int] = field(default_factory=list)
    credited: list[int] = field(default_factory=list)


def _finished_run(db: Database, method: str, start: datetime, end: datetime) -> int | None:
    """The newest finished run of ``method`` for exactly [start, end), if any."""
    with db.read() as conn:
        for run_id, run_start, run_end in conn.execute(
            select(scoring_runs.c.id, scoring_runs.c.period_start, scoring_runs.c.period_end)
            .where(scoring_runs.c.method == method, scoring_runs.c.status == RUN_FINISHED)
            .order_by(scoring_runs.c.id.desc())
        ):
            # SQLite hands back naive UTC datetimes; compare in UTC either way.
            if _utc(run_start) == start and _utc(run_end) == end:
                return int(run_id)
    return None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _score_once(db: Database, method: str, start: datetime, end: datetime) -> int:
    existing = _finished_run(db, method, start, end)
    if existing is not None:
        return existing
    return run_scoring(db, period_start=start, period_end=end, method=method)


def prepare_demo(
    db: Database,
    settings: Settings,
    *,
    sample_dir: Path = SAMPLE_DIR,
    say: Callable[[str], None] = lambda _msg: None,
) -> DemoReport:
    """Bring ``db`` to a demo state on the bundled sample data; safe to run again."""
    scraper, history = sample_dir / SCRAPER_FILE, sample_dir / HISTORY_FILE
    for path in (scraper, history):
        if not path.is_file():
            raise NotFound(f"sample file missing: {path}")
    report = DemoReport()
    migrate.upgrade(db)
    for path, observed in ((scraper, SCRAPER_OBSERVED_AT), (history, None)):
        result = import_file(db, path, observed_at=observed)
        note = "already imported" if result.already_imported else f"{result.accepted} accepted"
        say(f"import {path.name}: {note}, {result.quarantined} quarantined")
        report.imported.append(path.name)
    provider = make_provider(settings.content_provider, settings)
    analysed = analyze(db, provider, sentiment_provider=settings.content_provider)
    report.analysed = analysed.scored
    say(f"content scores ({settings.content_provider}): {analysed.scored} new")
    for index, (start, end) in enumerate(PERIODS):
        methods = (CREDITED, *COMPARISONS) if index == 0 else (CREDITED,)
        for method in methods:
            run_id = _score_once(db, method, start, end)
            report.runs.append(run_id)
            say(f"{method} run {run_id}: {start:%Y-%m-%d}..{end:%Y-%m-%d}")
            if method == CREDITED:
                credit = credit_run(db, run_id)
                report.credited.append(run_id)
                say(
                    f"credited run {run_id}: {credit.points_to_creators} points to creators, "
                    f"{credit.points_held} held"
                )
    seed_default_catalogue(db)
    say("shop stocked with the default catalogue")
    return report
