#!/usr/bin/env bash
# Smoke test of `make run`: start it on a fresh database, wait for the home page with the demo
# catalog, check the API answers, then stop it with Ctrl-C (SIGINT) as a person would.
# Usage: scripts/smoke_run.sh [DATABASE_URL]
set -euo pipefail
cd "$(dirname "$0")/.."

port=${SMOKE_PORT:-8765}
var_dir=$(mktemp -d)
export MARKETPLACE_VAR_DIR="$var_dir"
export MARKETPLACE_BIND="127.0.0.1:$port"
if [ -n "${1:-}" ]; then export DATABASE_URL="$1"; else unset DATABASE_URL; fi

log="$var_dir/run.log"
setsid make run >"$log" 2>&1 &
pid=$!
cleanup() {
  kill -INT -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -rf "$var_dir"
}
trap cleanup EXIT

for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "make run exited early:"; cat "$log"; exit 1; fi
  sleep 1
done
home=$(curl -fsS "http://127.0.0.1:$port/")
# a here-string, not `echo | grep -q`: grep -q leaves at the first match, and under pipefail the
# echo that then writes into a closed pipe (SIGPIPE) failed the check on a page that was right
grep -q 'data-testid="plan-count"' <<<"$home" || { echo "home page shows no catalog"; cat "$log"; exit 1; }
curl -fsS "http://127.0.0.1:$port/static/css/marketplace.css" >/dev/null \
  || { echo "static files are not served"; exit 1; }
if [ -n "${1:-}" ]; then db=PostgreSQL; else db=SQLite; fi
echo "make run serves the exchange with the demo catalog on $db: ok"
