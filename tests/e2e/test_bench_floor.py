"""``bench/bench_floor.py`` end to end on small inputs: every floor is measured, and the
scoring floor writes exactly the columns (and types) of a real ``fair`` result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

PG_ADMIN_URL = os.environ.get(  # as in tests/conftest.py
    "HACKOCLOCK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_floor.py"


def _run(tmp_path: Path, *args: str) -> dict[str, dict[str, float]]:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--workdir", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {line["measure"]: line for line in lines if "measure" in line}


@pytest.mark.postgres
def test_ingest_floors_are_measured_on_every_record(tmp_path: Path) -> None:
    out = _run(
        tmp_path, "--part", "ingest", "--videos", "3000", "--creators", "150",
        "--pg-admin", PG_ADMIN_URL,
    )  # fmt: skip
    for name in (
        "decode",
        "prepare",
        "sqlite_executemany",
        "sqlite_engine",
        "sqlite_engine_bare",
        "postgres_bulk",
        "postgres_bare_copy",
    ):
        assert out[name]["records"] == 3000, name
        assert out[name]["wall_s"] >= 0
    assert out["postgres_bulk_server"]["server_cpu_s"] >= 0
    assert out["postgres_bare_copy_server"]["server_cpu_s"] >= 0


def test_scoring_floor_has_the_real_result_columns(tmp_path: Path) -> None:
    from hackoclock.scoring.config import load_config
    from hackoclock.scoring.engines import connect
    from hackoclock.scoring.inputs import parquet_table
    from hackoclock.scoring.pipeline import score_to_parquet

    out = _run(tmp_path, "--part", "scoring", "--rows", "20000")
    assert out["write_parquet"]["records"] == 20000
    assert out["write_memory"]["columns"] == out["write_parquet"]["columns"]

    source = tmp_path / "periods-20000.parquet"
    real = tmp_path / "real.parquet"
    con = connect("duckdb")
    score_to_parquet(con, parquet_table(con, source, None, None), load_config("fair"), real)
    assert out["write_parquet"]["columns"] == len(pq.read_schema(real).names) == 30


def test_scoring_stand_ins_keep_each_type() -> None:
    import pyarrow as pa

    sys.path.insert(0, str(BENCH.parent))
    try:
        from bench_floor import _stand_in
    finally:
        sys.path.remove(str(BENCH.parent))
    assert "::BIGINT" in _stand_in("points", pa.int64(), 3)
    assert "::DOUBLE" in _stand_in("z_views", pa.float64(), 4)
    assert "= 0" in _stand_in("held", pa.bool_(), 5)
    with pytest.raises(ValueError, match="no stand-in"):
        _stand_in("when", pa.timestamp("us"), 6)
