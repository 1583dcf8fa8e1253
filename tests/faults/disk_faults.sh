#!/usr/bin/env bash
# disk_faults.sh BINARY: a full disk and a read-only database under a serving Tablero on SQLite
# (issue 7).
#
# (a) Disk full, simulated without root: while citizens comment and vote
# (bench/consultation_load --acknowledged), the server's file-size limit is lowered to 4 KB
# (`prlimit --pid PID --fsize=4096:`; a write(2) at or past that offset fails with EFBIG, and
# the server ignores SIGXFSZ). Writes must then fail with 503 and the "no disk space" page,
# pages must still be read, and the log must say disk_full. After `--fsize=unlimited:` writes
# must work again, without a restart. Then PRAGMA integrity_check and foreign_key_check, and
# every write answered 303 must be stored with its audit entry (tests/faults/crash_check.py).
# (b) Read-only: the database file and its folder made read-only while the server runs (what
# happens is printed: SQLite keeps the files it has open, so writes may go on; either way
# nothing may be lost or corrupted and reads must keep working); then `tablero serve` on a
# read-only file, and on a file in a read-only folder, must refuse to start and say why.
#
# Root ignores file permissions, so as root (CI) the server runs as nobody (setpriv) in a
# folder nobody owns; the server's log goes through a pipe so the file-size limit does not
# silence it. DISK_LOAD_SECONDS (8) is how long the load runs; DISK_CLIENT the client.
set -euo pipefail
binary=$(realpath "${1:?usage: disk_faults.sh BINARY}")
here=$(cd "$(dirname "$0")" && pwd)
client=${DISK_CLIENT:-$(dirname "$binary")/bench/consultation_load}
seconds=${DISK_LOAD_SECONDS:-8}
password=una-clave-para-la-prueba-de-disco
work=$(mktemp -d "${TMPDIR:-/tmp}/tablero-disk.XXXXXX")
as_user=()
if [[ $(id -u) == 0 ]]; then
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
    chown nobody:nogroup "$work"
fi
chmod 755 "$work"
data=$work/data
"${as_user[@]}" mkdir "$data"
db=$data/disk.db
server=
load=
cleanup() {
    local status=$?
    [[ -n $load ]] && { kill "$load" 2>/dev/null || true; }
    [[ -n $server ]] && { kill "$server" 2>/dev/null || true; }
    wait 2>/dev/null
    if [[ $status != 0 && -f $work/server.err ]]; then
        echo "--- the server's log (last 30 lines) ---"
        tail -30 "$work/server.err"
    fi
    chmod -R u+w "$work" 2>/dev/null
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
flunk() { failed=$((failed + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then pass "$1"; else flunk "$1"; fi; }
sql() { "${as_user[@]}" sqlite3 -batch -bail -separator $'\t' "$db" "$1"; }
[[ -x $client ]] || { echo "FAIL $client not found: build the consultation_load target"; exit 1; }

"${as_user[@]}" "$binary" migrate --db "$db" >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }
for i in 1 2 3; do
    printf '%s\n' "$password" | "${as_user[@]}" "$binary" users add \
        --email "$(printf 'crash-%02d@faults.example' "$i")" --role citizen --db "$db" \
        >>"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }
done

# start_server: sets server (the tablero process itself: setpriv execs it) and url. The log goes
# through cat, which no file-size limit of the server's reaches.
start_server() {
    : >"$work/server.out"
    "${as_user[@]}" "$binary" serve --db "$db" --files "$data/files" --listen 127.0.0.1:0 --demo \
        --no-link-checks --access-log off >"$work/server.out" 2> >(cat >>"$work/server.err") &
    server=$!
    url=
    for _ in $(seq 300); do
        url=$(sed -n 's|^Tablero is serving on \(http://[^ ]*\)$|\1|p' "$work/server.out")
        [[ -n $url ]] && return 0
        kill -0 "$server" 2>/dev/null || break
        sleep 0.1
    done
    echo "FAIL the server did not start"
    exit 1
}
stop_server() {
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=
}
# sign_in JAR: a browser's sign-in, a write (a new session row); prints the status.
sign_in() {
    local jar=$1 csrf
    rm -f "$jar"
    curl -s -o /dev/null -c "$jar" "${url}sign-in"
    csrf=$(awk '$6 == "tablero_csrf" { print $7 }' "$jar")
    curl -s -o "$work/signin.html" -w '%{http_code}' -b "$jar" -c "$jar" --max-time 10 \
        --data-urlencode "csrf=$csrf" --data-urlencode email=crash-03@faults.example \
        --data-urlencode "password=$password" "${url}sign-in"
}

echo "== (a) disk full =="
start_server
consultation=$(sql "SELECT min(id) FROM consultations")
curl -s -o /dev/null "${url}plans/PY-2014-2016"
"$client" --url "$url" --consultation "$consultation" --accounts 2 \
    --email-format 'crash-%02d@faults.example' --password "$password" --seconds "$seconds" \
    --think-ms 50 --sign-in-parallel 2 --seed 7 --create-proposals 2 --timeout-s 10 \
    --acknowledged "$work/acknowledged.tsv" >"$work/client.out" 2>&1 &
load=$!
for _ in $(seq 600); do
    grep -q '^running ' "$work/client.out" && break
    kill -0 "$load" 2>/dev/null || break
    sleep 0.05
done
grep -q '^running ' "$work/client.out" || { cat "$work/client.out"; echo "FAIL the load did not start"; exit 1; }
sleep 1.5
before_limit=$(wc -l <"$work/acknowledged.tsv")
"${as_user[@]}" prlimit --pid "$server" --fsize=4096:
echo "file-size limit of the server (pid $server) lowered to 4096 bytes after $before_limit acknowledged writes"
sleep 1
during_start=$(wc -l <"$work/acknowledged.tsv")
status=$(sign_in "$work/jar")
check "a write while the disk is full answers 503 (got $status)" '[[ $status == 503 ]]'
check "the page says the disk is full, in Spanish" \
    'grep -q "se quedó sin espacio en disco" "$work/signin.html"'
check "the page shows no driver message" '! grep -qiE "sqlite|I/O error|soci" "$work/signin.html"'
check "pages are still read (a plan page answers 200)" \
    '[[ $(curl -s -o /dev/null -w "%{http_code}" "${url}plans/PY-2014-2016/commitments/1") == 200 ]]'
check "/healthz still answers 200 (the database reads)" \
    '[[ $(curl -s -o /dev/null -w "%{http_code}" "${url}healthz") == 200 ]]'
sleep 1
during_end=$(wc -l <"$work/acknowledged.tsv")
check "no write of the load was answered 303 while the limit held" \
    '[[ $during_end == "$during_start" ]]'
check "the server is still running" 'kill -0 "$server"'
check "the log says the disk is full" 'grep -q "database error (disk_full)" "$work/server.err"'
{ grep -m1 "database error (disk_full)" "$work/server.err" || true; } | cut -c1-220 | sed "s/^/     log: /"
"${as_user[@]}" prlimit --pid "$server" --fsize=unlimited:
echo "file-size limit raised again"
status=$(sign_in "$work/jar2")
check "a write works again without a restart (got $status)" '[[ $status == 303 ]]'
wait "$load" || { cat "$work/client.out"; flunk "the client failed"; }
load=
after_limit=$(wc -l <"$work/acknowledged.tsv")
check "the load's writes were answered 303 again after the limit was raised ($((after_limit - during_end)))" \
    '((after_limit > during_end))'
sed -n '/^kind/,/^all/p' "$work/client.out" | sed 's/^/     /'
stop_server

check "PRAGMA integrity_check is ok" '[[ $(sql "PRAGMA integrity_check") == ok ]]'
check "PRAGMA foreign_key_check finds nothing" '[[ -z $(sql "PRAGMA foreign_key_check") ]]'
dump() {
    local crash="a.email LIKE 'crash-%'"
    sql "SELECT c.id, a.email, c.body FROM consultation_comments c JOIN accounts a
        ON a.id = c.author_id WHERE $crash" >"$work/comments.tsv"
    sql "SELECT l.entity_key FROM audit_log l JOIN accounts a ON a.id = l.account_id
        WHERE l.action = 'add_comment' AND $crash" >"$work/comment_audit.tsv"
    sql "SELECT a.email, v.item_kind, v.item_key, v.choice FROM consultation_votes v
        JOIN accounts a ON a.id = v.account_id WHERE $crash" >"$work/votes.tsv"
    sql "SELECT a.email, l.entity_key, l.after_json FROM audit_log l JOIN accounts a
        ON a.id = l.account_id WHERE l.action = 'cast_vote' AND $crash ORDER BY l.id" \
        >"$work/vote_audit.tsv"
    : >"$work/updates.tsv"
    : >"$work/update_audit.tsv"
}
dump
checked=0
python3 "$here/crash_check.py" "$work" >"$work/check.out" 2>&1 || checked=$?
sed 's/^/     /' "$work/check.out"
check "every write answered 303 is stored, with its audit entry" '[[ $checked == 0 ]]'

echo "== (b) read-only database =="
start_server
chmod a-w "$db" "$data"
status=$(sign_in "$work/jar3")
echo "     a write after the file and its folder were made read-only answered $status"
if [[ $status == 303 ]]; then
    echo "     (SQLite writes through the files it opened before: permissions are checked at open)"
else
    check "a refused write says the database is read-only" \
        'grep -q "solo lectura" "$work/signin.html"'
fi
check "a write answers 303 or 503, nothing else" '[[ $status == 303 || $status == 503 ]]'
check "pages are still read" \
    '[[ $(curl -s -o /dev/null -w "%{http_code}" "${url}plans/PY-2014-2016/commitments/2") == 200 ]]'
stop_server
check "PRAGMA integrity_check is ok" '[[ $(sql "PRAGMA integrity_check") == ok ]]'

chmod u+w "$data"
"${as_user[@]}" "$binary" serve --db "$db" --listen 127.0.0.1:0 --no-link-checks \
    >"$work/ro.out" 2>"$work/ro.err" && started=0 || started=$?
check "serve refuses a read-only database file (exit $started)" '[[ $started != 0 ]]'
check "and says the file is read-only" 'grep -q "is read-only for this user" "$work/ro.err"'
sed 's/^/     /' "$work/ro.err" | head -3
chmod u+w "$db"
chmod a-w "$data"
"${as_user[@]}" "$binary" serve --db "$db" --listen 127.0.0.1:0 --no-link-checks \
    >"$work/ro.out" 2>"$work/ro.err" && started=0 || started=$?
check "serve refuses a database in a read-only folder (exit $started)" '[[ $started != 0 ]]'
check "and says the folder is read-only" 'grep -q "folder .* is read-only" "$work/ro.err"'
sed 's/^/     /' "$work/ro.err" | head -3
chmod u+w "$data"
start_server
check "made writable again, it serves and writes (sign-in answers 303)" \
    '[[ $(sign_in "$work/jar4") == 303 ]]'
stop_server
check "PRAGMA integrity_check is ok at the end" '[[ $(sql "PRAGMA integrity_check") == ok ]]'
dump
python3 "$here/crash_check.py" "$work" >"$work/check.out" 2>&1 && checked=0 || checked=$?
check "every acknowledged write is still there at the end" '[[ $checked == 0 ]]'

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
