#!/usr/bin/env bash
# Runs the whole suite with the wall clock of every process it starts (Node, redis-server, Chromium, workerd)
# moved forward, so a test whose fixed dates meet the real clock fails here and not on some later morning.
#
#   scripts/test-future.sh [vitest args...]        STAYKEY_TEST_SHIFT_DAYS (default 400) sets how far
#   npm run test:future -- [vitest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
days="${STAYKEY_TEST_SHIFT_DAYS:-400}"
case "$days" in ''|*[!0-9]*) echo "test-future: STAYKEY_TEST_SHIFT_DAYS must be a whole number of days, got '$days'" >&2; exit 2 ;; esac

bash scripts/test-peers.sh --clock-shift
lib="$PWD/node_modules/.cache/staykey/clock-shift.so"
export STAYKEY_CLOCK_SHIFT_SECONDS=$((days * 86400))
export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
echo "test-future: the clock of every test process now reads $(date -u +%Y-%m-%dT%H:%MZ) (+$days days)"
exec npx vitest run "$@"
