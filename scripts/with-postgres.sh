#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: initdb into a temporary folder, pg_ctl on a
# free loopback port, PECAN_TEST_PG (and PGHOST/PGPORT/PGUSER) exported, the server stopped and
# the folder removed on exit, whatever the command's outcome.
#   scripts/with-postgres.sh npx vitest run src/store/postgres
# As root, the server runs as the `postgres` user (initdb and pg_ctl refuse root). Finds the
# binaries on PATH, in $PG_BIN, or in /usr/lib/postgresql/<newest>/bin.
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: scripts/with-postgres.sh COMMAND [ARGS...]" >&2
  exit 2
fi
bin="${PG_BIN:-}"
if [ -z "$bin" ]; then
  if command -v initdb >/dev/null 2>&1; then
    bin="$(dirname "$(command -v initdb)")"
  else
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  fi
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "no PostgreSQL binaries found (install Debian's postgresql package, or set PG_BIN)" >&2
  exit 1
fi
port="$(node -e 'const s=require("node:net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')"
dir="$(mktemp -d /tmp/pecan-pg.XXXXXX)"
user="$(id -un)"
as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  user=postgres
  chown postgres "$dir"
  as_owner() { su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; }
fi
stop() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
as_owner "$bin/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
export PECAN_TEST_PG="postgres://$user@127.0.0.1:$port/postgres"
export PGHOST=127.0.0.1 PGPORT="$port" PGUSER="$user"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $PECAN_TEST_PG" >&2
set +e
"$@"
status=$?
set -e
exit $status
