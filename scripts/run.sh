#!/usr/bin/env bash
# Set up, then run the main job on the embedded default (SQLite under ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
HK=.venv/bin/hackoclock
$HK db upgrade
