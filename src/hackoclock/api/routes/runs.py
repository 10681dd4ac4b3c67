"""Operator scoring routes: start a run for a period, list and show runs, the fairness report."""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool

from hackoclock.api.deps import CurrentOperator, Db
from hackoclock.api.pagination import Paging, page
from hackoclock.api.params import MAX_INT_ID, RunId
from hackoclock.scoring import service
from hackoclock.scoring.methods.registry import DEFAULT_METHOD, METHODS, NAMES
from hackoclock.scoring.report import service as report

router = APIRouter(tags=["operator: scoring"])


Method = StrEnum("Method", {name: name for name in NAMES})  # type: ignore[misc]
Method.__doc__ = "The scoring methods: " + "; ".join(
    f"{m.name}: {m.summary}" for m in METHODS.values()
)


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


class RunRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period_start: AwareDatetime | None = Field(
        default=None, description="Start of the period (inclusive; default: the beginning)."
    )
    period_end: AwareDatetime | None = Field(
        default=None, description="End of the period (exclusive; default: after the newest data)."
    )
    method: Method = Method(DEFAULT_METHOD)
    engine: Engine = Engine.duckdb

    @model_validator(mode="after")
    def _ordered(self) -> RunRequest:
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValueError("period_end must be after period_start")
        return self


@router.post("/runs", status_code=201)
def start_run(body: RunRequest, who: CurrentOperator, db: Db) -> dict[str, Any]:
    """Score every video of a period; returns the new run's id and summary."""
    run_id = service.run_scoring(
        db,
        period_start=body.period_start,
        period_end=body.period_end,
        method=str(body.method),
        engine=body.engine.value,
    )
    return {"run_id": run_id, "run": jsonable_encoder(service.get_run(db, run_id))}


@router.get("/runs")
def list_runs(who: CurrentOperator, db: Db, paging: Paging) -> dict[str, Any]:
    """Scoring runs, newest first."""
    runs = service.list_runs(db, paging.limit, paging.offset)
    return page(runs, paging, total=service.count_runs(db))


@router.get("/runs/{run_id}")
def get_run(run_id: RunId, who: CurrentOperator, db: Db) -> Any:
    """One scoring run: period, method, engine, status and totals."""
    return jsonable_encoder(service.get_run(db, run_id))


def _html_report(db: Db, run_id: int, compare: int | None) -> str:
    with tempfile.TemporaryDirectory(prefix="hk-fairness-") as folder:
        index = report.write_fairness_report(db, run_id, Path(folder), compare_run_id=compare)
        return index.read_text(encoding="utf-8")


@router.get("/runs/{run_id}/fairness", response_model=None)
async def fairness(
    run_id: RunId,
    who: CurrentOperator,
    db: Db,
    format: Annotated[Literal["json", "html"], Query(description="json or html")] = "json",
    compare: Annotated[int | None, Query(ge=1, le=MAX_INT_ID, description="Run to compare")] = None,
    sensitivity: Annotated[bool, Query(description="Re-run without outliers (slow)")] = False,
) -> dict[str, Any] | HTMLResponse:
    """How fairly a run spread its points: JSON metrics, or the HTML report page."""
    if format == "html":
        return HTMLResponse(await run_in_threadpool(_html_report, db, run_id, compare))
    summary = await run_in_threadpool(report.fairness_summary, db, run_id, sensitivity=sensitivity)
    return jsonable_encoder(summary)
