#!/usr/bin/env bash
# Serve the product on 127.0.0.1:8000; with REDIS_URL set, also run a Celery worker and beat beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
pids=()
cleanup() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
if [ -n "${REDIS_URL:-}" ]; then
  echo "REDIS_URL is set: starting a Celery worker (queues default, fetch) and beat"
  "$bin/celery" -A factcheck worker -Q default,fetch --concurrency 2 -l warning & pids+=($!)
  "$bin/celery" -A factcheck beat -l warning --schedule var/celerybeat-schedule & pids+=($!)
else
  echo "REDIS_URL is not set: background tasks run in-process"
fi
echo "Serving on http://127.0.0.1:8000 (log in at http://127.0.0.1:8000/login/)"
"$bin/python" manage.py runserver 127.0.0.1:8000
