#!/usr/bin/env bash
# Set up, then run the main job on the embedded default (SQLite under ./data): load the bundled
# sample data, give every video a content score, score three weekly periods, credit the points,
# stock the shop, and serve the app in demo mode on http://127.0.0.1:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/hackoclock demo
exec .venv/bin/hackoclock serve ui --demo --port "${PORT:-8501}"
