"""The house keeps its shape: imports point one way, and front ends never open a connection."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "hackoclock"
FRONT_ENDS = ("api", "ui", "cli")
# The methods of hackoclock.db.engine.Database that hand out a connection.
OPENERS = {"read", "write", "autocommit"}
LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def test_import_contracts_in_pyproject_are_kept() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LINT], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def _names_a_database(value: ast.expr) -> bool:
    name = value.id if isinstance(value, ast.Name) else getattr(value, "attr", "")
    return name in {"db", "database"} or name.endswith("_db")


def connection_openings(path: Path, root: Path) -> list[str]:
    """Calls like ``db.write()`` in a file: a front end opening a connection itself."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.relative_to(root)}:{node.lineno} .{node.func.attr}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in OPENERS
        and _names_a_database(node.func.value)
    ]


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_front_ends_never_open_a_database_connection(front_end: str) -> None:
    files = sorted((PACKAGE / front_end).rglob("*.py"))
    openings = [hit for path in files for hit in connection_openings(path, ROOT)]
    assert openings == [], "front ends call services; these open a connection: " + ", ".join(
        openings
    )


def test_the_connection_check_sees_an_opening(tmp_path: Path) -> None:
    probe = tmp_path / "page.py"
    probe.write_text(
        "def page(db):\n    with db.write() as conn:\n        conn.execute('select 1')\n"
    )
    assert connection_openings(probe, tmp_path) == ["page.py:2 .write()"]
