"""Share the fake Gemini server and database helpers of tests/integration/content."""

from __future__ import annotations

import sys
from pathlib import Path

HELPERS = Path(__file__).resolve().parents[2] / "integration" / "content"
if str(HELPERS) not in sys.path:
    sys.path.insert(0, str(HELPERS))
