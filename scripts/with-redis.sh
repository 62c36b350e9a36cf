#!/usr/bin/env bash
# Run a command against a throwaway Redis server: started in a temporary folder, listening on a unix
# socket only, with nothing saved to disk, stopped and removed afterwards. Exports CELERY_BROKER_URL.
# Installs the server with apt-get when missing.
set -euo pipefail

if ! command -v redis-server >/dev/null 2>&1; then
  echo "Redis server not found; installing it with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq redis-server >/dev/null
fi

WORK=$(mktemp -d /tmp/coprod-redis.XXXXXX)
SOCKET="$WORK/redis.sock"
cleanup() {
  local pid
  pid=$(cat "$WORK/redis.pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

redis-server --port 0 --unixsocket "$SOCKET" --unixsocketperm 700 --dir "$WORK" \
  --save '' --appendonly no --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/server.log"
for _ in $(seq 100); do
  [ -S "$SOCKET" ] && redis-cli -s "$SOCKET" ping >/dev/null 2>&1 && break
  sleep 0.1
done
if ! redis-cli -s "$SOCKET" ping >/dev/null 2>&1; then
  echo "Redis did not start; its log:" >&2
  cat "$WORK/server.log" >&2
  exit 1
fi
echo "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) running on socket $SOCKET" >&2

export CELERY_BROKER_URL="redis+socket://$SOCKET"
"$@"
