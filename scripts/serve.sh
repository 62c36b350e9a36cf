#!/usr/bin/env bash
# Serve coprod as production does: gunicorn, a Celery worker and Celery beat, against the PostgreSQL
# database in DATABASE_URL and the Redis broker in CELERY_BROKER_URL. Migrates and collects the static
# files first. Ctrl+C or SIGTERM stops all three; when one of them stops, the others are stopped too.
#
#   BIND                  where gunicorn listens (default 127.0.0.1:8000)
#   WEB_CONCURRENCY       gunicorn worker processes (default 2); GUNICORN_CMD_ARGS for anything else
#   CELERY_CONCURRENCY    tasks a Celery worker runs at once (default 2)
#   CELERY_BEAT_SCHEDULE_FILE  where beat remembers its last runs (default var/celerybeat-schedule)
#   SERVE_PROCESSES       which to start (default "web worker beat"): one machine of a larger
#                         deployment runs only some, and only one machine runs beat (docs/deploy.md)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV_BIN=${VENV_BIN:-.venv/bin}
if [ -f .env ]; then set -a; . ./.env; set +a; fi  # the same .env the settings read

missing=()
[ -n "${DATABASE_URL:-}" ] || missing+=("DATABASE_URL (e.g. postgres://coprod:password@db.example:5432/coprod)")
[ -n "${CELERY_BROKER_URL:-}" ] || missing+=("CELERY_BROKER_URL (e.g. redis://redis.example:6379/0)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "serve: set these in the environment (or .env) first:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 2
fi

PROCESSES=${SERVE_PROCESSES:-web worker beat}
if [[ " $PROCESSES " == *" web "* ]]; then
  "$VENV_BIN/python" manage.py migrate --no-input
  "$VENV_BIN/python" manage.py collectstatic --no-input --verbosity 0
fi

declare -A NAMES=()
stopping=0
stop_all() {
  stopping=1
  local pid
  for pid in "${!NAMES[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap 'echo "serve: stopping" >&2; stop_all; exit 0' INT TERM

start() {
  local name=$1
  shift
  "$@" &
  NAMES[$!]=$name
  echo "serve: started $name (pid $!)" >&2
}

for process in $PROCESSES; do
  case $process in
    web)
      start web "$VENV_BIN/gunicorn" coprod.wsgi:application --bind "${BIND:-127.0.0.1:8000}" \
        --workers "${WEB_CONCURRENCY:-2}" --access-logfile - --graceful-timeout 25 \
        --no-control-socket
      ;;
    worker)
      start worker "$VENV_BIN/celery" -A coprod worker --loglevel=INFO \
        --concurrency "${CELERY_CONCURRENCY:-2}"
      ;;
    beat)
      schedule=${CELERY_BEAT_SCHEDULE_FILE:-var/celerybeat-schedule}
      mkdir -p "$(dirname "$schedule")"
      start beat "$VENV_BIN/celery" -A coprod beat --loglevel=INFO --schedule "$schedule"
      ;;
    *)
      echo "serve: unknown process '$process' in SERVE_PROCESSES (web, worker, beat)" >&2
      stop_all
      exit 2
      ;;
  esac
done

# Whichever stops first (a crash, or killed), the rest go too, so a supervisor above restarts them all.
status=0
wait -n -p dead || status=$?
if [ "$stopping" = 0 ]; then
  echo "serve: ${NAMES[$dead]:-a process} stopped (exit $status); stopping the others" >&2
  unset "NAMES[$dead]"
  stop_all
  exit $(( status == 0 ? 1 : status ))
fi
