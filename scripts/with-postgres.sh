#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: created in a temporary folder, listening on a
# unix socket only, stopped and removed afterwards. Installs the server with apt-get when missing.
set -euo pipefail

find_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
  done | sort -V | tail -n 1
}

BINDIR=$(find_bindir)
if [ -z "$BINDIR" ]; then
  echo "PostgreSQL server not found; installing it with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  BINDIR=$(find_bindir)
fi

# PostgreSQL refuses to run as root, so the cluster belongs to the postgres user when we are root.
RUN=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
  RUN=(runuser -u postgres --)
fi

WORK=$(mktemp -d /tmp/coprod-pg.XXXXXX)
chmod 755 "$WORK"
[ "$(id -u)" = "0" ] && chown postgres "$WORK"
DATA="$WORK/data"
cleanup() {
  "${RUN[@]}" "$BINDIR/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${RUN[@]}" "$BINDIR/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${RUN[@]}" "$BINDIR/pg_ctl" -D "$DATA" -l "$WORK/server.log" -w -o "-k $WORK -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
echo "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') running on socket $WORK" >&2

export DATABASE_URL="postgres://postgres@/postgres?host=$WORK"
# For scripts that restart the server under load (bench/fault_db_restart.py).
export COPROD_PG_BINDIR="$BINDIR" COPROD_PG_DATA="$DATA"
"$@"
