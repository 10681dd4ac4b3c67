"""Operator Console, Data tab: upload a metrics file and import it."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from hackoclock.errors import HackoclockError
from hackoclock.ingest import service as ingest
from hackoclock.ingest.model import FORMATS
from hackoclock.ui import session
from hackoclock.ui.format import number

AUTO = "detect"
UPLOAD_TYPES = ["json", "jsonl", "csv"]
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def render() -> None:
    """Upload a file, pick its format (or let the importer detect it), import it."""
    db = session.database()
    st.subheader("Import a data file")
    uploaded = st.file_uploader("Metrics file", type=UPLOAD_TYPES, key="hk_import_file")
    fmt = st.selectbox("Format", options=[AUTO, *FORMATS], key="hk_import_format")
    if st.button("Import", key="hk_import_go", type="primary", disabled=uploaded is None):
        assert uploaded is not None
        _import(uploaded.name, uploaded.getvalue(), None if fmt == AUTO else fmt)
    try:
        _status(ingest.status(db))
    except HackoclockError as exc:
        st.error(exc.message)


def safe_file_name(name: str) -> str:
    """The uploaded name reduced to safe characters (the importer records it as the source)."""
    cleaned = _SAFE_NAME.sub("_", Path(name).name).strip("._")
    return cleaned or "upload"


def _import(name: str, content: bytes, fmt: str | None) -> None:
    db = session.database()
    bar = st.progress(0.0, text="Importing…")
    with tempfile.TemporaryDirectory(prefix="hackoclock-upload-") as folder:
        path = Path(folder) / safe_file_name(name)
        path.write_bytes(content)
        try:
            report = ingest.import_file(
                db,
                path,
                fmt=fmt,
                progress=lambda n: _show(bar, 0.5, f"{number(n)} records read"),
            )
        except HackoclockError as exc:
            bar.empty()
            st.error(f"Import failed, nothing was written: {exc.message}")
            return
    bar.progress(1.0, text="Done")
    if report.already_imported:
        st.info(f"This file was imported before (batch {report.batch_id}); nothing changed.")
        return
    st.success(
        f"Batch {report.batch_id} ({report.format}): {number(report.records_read)} records, "
        f"{number(report.accepted)} accepted, {number(report.quarantined)} quarantined, "
        f"{number(report.videos_new)} new videos."
    )
    if report.quarantine_reasons:
        st.dataframe(
            [{"Reason": k, "Records": v} for k, v in report.quarantine_reasons.items()],
            hide_index=True,
        )


def _status(status: dict[str, object]) -> None:
    cols = st.columns(4)
    for col, key in zip(cols, ("creators", "videos", "snapshots", "quarantined"), strict=True):
        value = status.get(key)
        col.metric(key.capitalize(), number(value if isinstance(value, int) else None))


def _show(bar: Any, fraction: float, text: str) -> None:
    bar.progress(fraction, text=text)
