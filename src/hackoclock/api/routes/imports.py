"""``POST /imports``: an operator uploads a metrics file and it is imported."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict, is_dataclass
from pathlib import Path, PurePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.encoders import jsonable_encoder
from starlette.concurrency import run_in_threadpool

from hackoclock.api.deps import CurrentOperator, Db
from hackoclock.api.moments import Moment
from hackoclock.errors import InvalidInput
from hackoclock.ingest import service as ingest

router = APIRouter(tags=["operator: ingest"])

ALLOWED_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv"}
COPY_CHUNK = 1024 * 1024


def _safe_suffix(filename: str | None) -> str:
    """The upload's extension if it is one we read; the client's name is never used as a path."""
    suffix = PurePath((filename or "").replace("\\", "/")).suffix.lower()
    return suffix if suffix in ALLOWED_SUFFIXES else ""


def _import(db: Db, upload: UploadFile, fmt: str | None, observed_at: Any) -> Any:
    with tempfile.TemporaryDirectory(prefix="hk-upload-") as folder:
        path = Path(folder) / f"upload{_safe_suffix(upload.filename)}"
        with path.open("wb") as out:
            shutil.copyfileobj(upload.file, out, COPY_CHUNK)
        if path.stat().st_size == 0:
            raise InvalidInput("the uploaded file is empty")
        return ingest.import_file(db, path, fmt=fmt, observed_at=observed_at)


@router.post("/imports", status_code=201)
async def upload_import(
    who: CurrentOperator,
    db: Db,
    file: Annotated[UploadFile, File(description="A metrics file: JSON, JSON lines or CSV.")],
    fmt: Annotated[str | None, Form(max_length=32, description="Format (default: sniff)")] = None,
    observed_at: Annotated[
        Moment | None, Form(description="When the counts were observed (if not in the file)")
    ] = None,
) -> dict[str, Any]:
    """Import an uploaded metrics file; returns the import report (accepted, quarantined...)."""
    result = await run_in_threadpool(_import, db, file, fmt or None, observed_at)
    if is_dataclass(result) and not isinstance(result, type):
        return jsonable_encoder(asdict(result))
    return jsonable_encoder(result)
