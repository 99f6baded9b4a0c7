#!/usr/bin/env bash
# The programs outside node_modules that the test suite talks to, checked before every `npm test` (pretest)
# and by .ci/run, so the two cannot drift. A missing one is installed when this user can (root with apt-get);
# otherwise the exact command is printed and the script exits 1: the suite never silently tests less.
#
#   scripts/test-peers.sh                 redis-server, Chromium, openssl
#   scripts/test-peers.sh --clock-shift   also a C compiler, and builds the clock-shift preload that
#                                         scripts/test-future.sh runs the suite with
set -euo pipefail
cd "$(dirname "$0")/.."

clock_shift=0
for arg in "$@"; do
  case "$arg" in
    --clock-shift) clock_shift=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test-peers: unknown option $arg" >&2; exit 2 ;;
  esac
done

chromium="${STAYKEY_CHROMIUM:-/usr/bin/chromium}"
missing=()   # Debian packages
have() { command -v "$1" >/dev/null 2>&1; }
have redis-server || missing+=(redis-server)
[ -x "$chromium" ] || missing+=(chromium)
have openssl || missing+=(openssl)
if [ "$clock_shift" = 1 ]; then have cc || missing+=(gcc libc6-dev); fi

if [ ${#missing[@]} -gt 0 ]; then
  cmd="apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" = 0 ] && have apt-get; then
    echo "test-peers: installing ${missing[*]} (first run only; Chromium is the big one, about a minute)"
    started=$(date +%s)
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive $cmd -qq >/dev/null; }; then
      echo "test-peers: '$cmd' failed; run it yourself and try again" >&2
      exit 1
    fi
    echo "test-peers: installed ${missing[*]} in $(( $(date +%s) - started ))s"
  else
    echo "test-peers: the tests need ${missing[*]}, which this user cannot install. Run:" >&2
    echo "  sudo apt-get update && sudo $cmd" >&2
    [ "$chromium" != /usr/bin/chromium ] && echo "  (or point STAYKEY_CHROMIUM at a Chromium binary)" >&2
    exit 1
  fi
fi
[ -x "$chromium" ] || { echo "test-peers: $chromium is still missing after installing chromium" >&2; exit 1; }

if [ "$clock_shift" = 1 ]; then
  out=node_modules/.cache/staykey/clock-shift.so
  src=test/peers/clock-shift.c
  if [ ! -f "$out" ] || [ "$src" -nt "$out" ]; then
    mkdir -p "$(dirname "$out")"
    cc -O2 -shared -fPIC -o "$out" "$src"
  fi
fi

redis_version=$(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')
chromium_version=$("$chromium" --version 2>/dev/null | sed -n 's/[^0-9]*\([0-9][0-9.]*\).*/\1/p' || true)
echo "test-peers: redis-server ${redis_version:-?}, chromium ${chromium_version:-?} ($chromium), $(openssl version | cut -d' ' -f1-2)$([ "$clock_shift" = 1 ] && echo ", clock-shift preload built")"
