#!/usr/bin/env bash
# The command line's failures: each bad start must end with exactly one error line on standard
# error ("tablero: ..."), naming what is wrong, exit non-zero, and do so quickly (no hang, no
# stack trace). Log lines of what went well before the failure ("[time] [tablero] [info] ...")
# may come before it; nothing else may.
# Usage: cli_errors.sh path/to/tablero
set -u
tablero=${1:?usage: cli_errors.sh path/to/tablero}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# expect NAME EXIT_CODE PATTERN -- ARGS...: run tablero with ARGS (timeout 20 s) and check.
expect() {
    local name=$1 code=$2 pattern=$3
    shift 4
    local started=$SECONDS
    timeout 20 "$tablero" "$@" >"$work/out" 2>"$work/err"
    local actual=$?
    local errors others
    errors=$(grep -c '^tablero: ' "$work/err")
    others=$(grep -v '^tablero: ' "$work/err" | grep -vc '^\[[0-9-]* [0-9:.]*\] \[tablero\] \[info\] ')
    local problem=""
    [ "$actual" -eq "$code" ] || problem="exit code $actual, expected $code"
    [ -z "$problem" ] && [ "$errors" -ne 1 ] && problem="$errors error lines on stderr, expected 1"
    [ -z "$problem" ] && [ "$others" -ne 0 ] && problem="$others lines on stderr that are neither the error nor a log line"
    [ -z "$problem" ] && ! tail -n 1 "$work/err" | grep -qE -- "$pattern" && problem="the last line of stderr does not match /$pattern/"
    [ -z "$problem" ] && grep -q "secret" "$work/err" && problem="the password leaked into the message"
    if [ -z "$problem" ]; then
        passed=$((passed + 1))
        echo "ok   $name ($((SECONDS - started)) s): $(tail -n 1 "$work/err")"
    else
        failed=$((failed + 1))
        echo "FAIL $name: $problem"
        sed 's/^/     stderr: /' "$work/err"
    fi
}

expect "no --db" 2 "tablero: --db: no database given" -- migrate
expect "unsupported scheme" 1 "unsupported database URI scheme mysql" -- migrate --db mysql://u@h/db
expect "missing folder" 1 "tablero: .*cannot open database .*no/such/folder" -- \
    migrate --db "$work/no/such/folder/t.db"
expect "unreachable PostgreSQL" 1 "tablero: .*cannot open database postgresql://tablero:\*\*\*@127.0.0.1:1/tablero" -- \
    serve --db postgresql://tablero:secret@127.0.0.1:1/tablero --listen 127.0.0.1:0
expect "bad listen" 2 "tablero: --listen: " -- serve --db "$work/a.db" --listen nowhere
TABLERO_THREADS=lots expect "bad environment" 2 "tablero: TABLERO_THREADS: " -- serve --db "$work/a.db"
printf 'db = %s\ncolour = blue\n' "$work/a.db" >"$work/bad.conf"
expect "bad config file" 2 "bad.conf line 2: unknown setting \"colour\"" -- migrate --config "$work/bad.conf"

# A migration that fails: the table the first migration creates is already there, different.
sqlite3 "$work/clash.db" "CREATE TABLE site_settings (something INTEGER);"
expect "failing migration" 1 "tablero: .*0001_site_settings.sql" -- migrate --db "$work/clash.db"
# A database written by a newer Tablero.
"$tablero" migrate --db "$work/newer.db" >/dev/null 2>&1
sqlite3 "$work/newer.db" "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01');"
expect "newer schema" 1 "tablero: .*newer than this program" -- serve --db "$work/newer.db" --listen 127.0.0.1:0
# The port is taken.
python3 -c 'import socket,time,sys; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(30)' >"$work/port" &
holder=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
expect "port in use" 1 "tablero: .*cannot listen on 127.0.0.1:$(cat "$work/port")" -- \
    serve --db "$work/a.db" --listen "127.0.0.1:$(cat "$work/port")"
kill "$holder"
# A PostgreSQL "server" that accepts connections and never answers: connect_timeout must end the
# wait (5 s) instead of hanging.
python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(16); print(s.getsockname()[1], flush=True); c=[s.accept() for _ in range(16)]; time.sleep(30)' >"$work/silent" &
silent=$!
for _ in $(seq 50); do [ -s "$work/silent" ] && break; sleep 0.1; done
expect "silent PostgreSQL" 1 "tablero: cannot open database postgresql://u:\*\*\*@127.0.0.1:$(cat "$work/silent")/db" -- \
    migrate --db "postgresql://u:secret@127.0.0.1:$(cat "$work/silent")/db"
kill "$silent"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
