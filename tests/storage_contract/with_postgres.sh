#!/usr/bin/env bash
# with_postgres.sh COMMAND [ARGS...]
#
# Runs COMMAND against a throw-away PostgreSQL server: initdb into a temporary folder, start it
# on a free port of 127.0.0.1, create database tablero_test, export
#   TABLERO_TEST_POSTGRES_URL=postgresql://tablero_test@127.0.0.1:PORT/tablero_test
#   TABLERO_REQUIRE_POSTGRES=1   (so a test that finds no URL fails instead of skipping)
# run the command, then always stop the server and delete the folder. The command's exit code is
# the script's. Any test suite can use it; it knows nothing about the command.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

# pg_config belongs to libpq-dev and may name a version whose server is not installed, so the
# newest installed server is looked up directly.
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$bindir" || ! -x "$bindir/initdb" || ! -x "$bindir/pg_ctl" ]]; then
  echo "with_postgres.sh: no PostgreSQL server found under /usr/lib/postgresql/*/bin;" \
    "install it (apt-get install postgresql) to run these tests" >&2
  exit 1
fi

# PostgreSQL refuses to run as root; CI runs as root, so the server runs as the postgres user
# Debian's package creates.
as_server=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with_postgres.sh: running as root but there is no postgres user to run the server" >&2
    exit 1
  fi
  as_server=(runuser -u postgres --)
  # The postgres user must reach the folder, which a root-only TMPDIR would prevent.
  folder=$(mktemp -d /tmp/tablero-pg.XXXXXX)
  chown postgres: "$folder"
else
  folder=$(mktemp -d "${TMPDIR:-/tmp}/tablero-pg.XXXXXX")
fi
data="$folder/data"
log="$folder/server.log"

cleanup() {
  local status=$?
  if [[ -f "$data/postmaster.pid" ]]; then
    "${as_server[@]}" "$bindir/pg_ctl" stop -D "$data" -m immediate -s >/dev/null 2>&1 || true
  fi
  rm -rf "$folder"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! ss -Hltn "sport = :$port" | grep -q .; then
      echo "$port"
      return
    fi
  done
  echo "with_postgres.sh: found no free TCP port" >&2
  return 1
}

"${as_server[@]}" "$bindir/initdb" -D "$data" -A trust -U tablero_test --no-sync \
  --encoding=UTF8 --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 || {
  cat "$folder/initdb.log" >&2
  exit 1
}

# Another process may take the port between choosing and binding it: try a few times.
started=no
for attempt in 1 2 3; do
  port=$(free_port)
  if "${as_server[@]}" "$bindir/pg_ctl" start -D "$data" -l "$log" -w -t 30 -s \
    -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null 2>&1; then
    started=yes
    break
  fi
  echo "with_postgres.sh: server did not start on port $port (attempt $attempt)" >&2
done
if [[ $started != yes ]]; then
  cat "$log" >&2 || true
  exit 1
fi

for _ in $(seq 1 100); do
  if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    break
  fi
  sleep 0.1
done
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U tablero_test tablero_test

export TABLERO_TEST_POSTGRES_URL="postgresql://tablero_test@127.0.0.1:$port/tablero_test"
export TABLERO_REQUIRE_POSTGRES=1
# For tests that stop and start the server themselves (tests/faults/database_loss.sh):
#   "${TABLERO_TEST_POSTGRES_AS_SERVER[@]}" "$TABLERO_TEST_POSTGRES_BIN/pg_ctl" stop -D "$TABLERO_TEST_POSTGRES_DATA" -m fast
#   ... pg_ctl start -D "$TABLERO_TEST_POSTGRES_DATA" -l "$TABLERO_TEST_POSTGRES_LOG" -w -o "$TABLERO_TEST_POSTGRES_OPTIONS"
# (AS_SERVER is a space-separated command prefix, empty unless run as root.)
export TABLERO_TEST_POSTGRES_BIN="$bindir"
export TABLERO_TEST_POSTGRES_DATA="$data"
export TABLERO_TEST_POSTGRES_LOG="$log"
export TABLERO_TEST_POSTGRES_OPTIONS="-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off"
export TABLERO_TEST_POSTGRES_AS_SERVER="${as_server[*]}"
set +e
"$@"
status=$?
set -e
exit "$status"
