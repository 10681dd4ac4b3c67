#!/usr/bin/env bash
# Set everything up and run the whole test suite (unit, integration on SQLite and PostgreSQL, e2e).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/ensure-services.sh
exec .venv/bin/python -m pytest "$@"
