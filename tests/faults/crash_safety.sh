#!/usr/bin/env bash
# crash_safety.sh BINARY sqlite|postgres: writes that were answered survive a crash (issue 7).
#
# Each round runs write load against a real `tablero serve` — verified citizens commenting and
# voting on the demo consultation, an officer reporting progress on results of the demo plan,
# all through the pages with their CSRF tokens (bench/consultation_load --acknowledged, which
# appends every write to a file the moment its answer arrives) — then kills the server with
# SIGKILL at a random moment (seeded: the seed is printed, CRASH_SEED repeats a run), starts it
# again on the same database and checks (tests/faults/crash_check.py) that every write answered
# 303 is stored, nothing is half-written (every comment, vote and progress update with its audit
# entry and the other way round, vote rows equal to their last audit entry, published updates
# with their public row) and nothing was invented; on SQLite also PRAGMA integrity_check and
# PRAGMA foreign_key_check. The restarted server is the next round's.
#
#   tests/faults/crash_safety.sh build/tablero sqlite
#   tests/storage_contract/with_postgres.sh tests/faults/crash_safety.sh build/tablero postgres
#
# Settings: ROUNDS (10), CRASH_SEED (the time), CRASH_ACCOUNTS (6 citizens), CRASH_CLIENT (the
# consultation_load beside BINARY: bench/consultation_load in its build folder), CRASH_MAX_MS
# (3000: the kill comes uniformly 200 ms to this long after the load starts).
set -euo pipefail
binary=${1:?usage: crash_safety.sh BINARY sqlite|postgres}
backend=${2:?usage: crash_safety.sh BINARY sqlite|postgres}
here=$(cd "$(dirname "$0")" && pwd)
rounds=${ROUNDS:-10}
seed=${CRASH_SEED:-$(date +%s)}
accounts=${CRASH_ACCOUNTS:-6}
max_ms=${CRASH_MAX_MS:-3000}
client=${CRASH_CLIENT:-$(dirname "$binary")/bench/consultation_load}
password=una-clave-para-la-prueba-de-caidas
work=$(mktemp -d "${TMPDIR:-/tmp}/tablero-crash.XXXXXX")
server=
load=
cleanup() {
    local status=$?
    [[ -n $load ]] && { kill "$load" 2>/dev/null || true; }
    [[ -n $server ]] && { kill -KILL "$server" 2>/dev/null || true; }
    wait 2>/dev/null
    if [[ $status != 0 && -f $work/server.err ]]; then
        echo "--- the server's log (last 30 lines) ---"
        tail -30 "$work/server.err"
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
fail() { echo "FAIL $*"; exit 1; }

[[ -x $client ]] || fail "$client not found: build the consultation_load target"
case $backend in
sqlite) db=$work/crash.db ;;
postgres) db=${TABLERO_TEST_POSTGRES_URL:?run through tests/storage_contract/with_postgres.sh} ;;
*) fail "unknown backend $backend (sqlite or postgres)" ;;
esac

# sql QUERY: the rows as tab-separated lines.
sql() {
    if [[ $backend == postgres ]]; then
        psql "$db" -X -q -At -F $'\t' -v ON_ERROR_STOP=1 -c "$1"
    else
        sqlite3 -batch -bail -separator $'\t' "$db" "$1"
    fi
}

echo "crash safety on $backend: $rounds rounds, seed $seed (CRASH_SEED=$seed repeats it)"
RANDOM=$seed

"$binary" migrate --db "$db" >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; fail "migrate"; }
# The officer reports for SENATICs, the lead institution of results of the demo plan.
for i in $(seq "$accounts"); do
    printf '%s\n' "$password" | "$binary" users add --email "$(printf 'crash-%02d@faults.example' "$i")" \
        --role citizen --db "$db" >>"$work/setup.log" 2>&1 &
done
printf '%s\n' "$password" | "$binary" users add --email crash-officer@faults.example --role officer \
    --institution "Secretaría Nacional de Tecnologías de la Información y Comunicación (SENATICs)" \
    --db "$db" >>"$work/setup.log" 2>&1 || { cat "$work/setup.log"; fail "creating the officer"; }
wait || true
[[ $(sql "SELECT count(*) FROM accounts WHERE email LIKE 'crash-%'") == $((accounts + 1)) ]] ||
    { cat "$work/setup.log"; fail "creating the accounts"; }

# start_server: a server on a free port; sets server and url. --demo only changes an empty
# database, so repeating it on restart is harmless (and checks that a restart can).
start_server() {
    : >"$work/server.out"
    "$binary" serve --db "$db" --files "$work/files" --listen 127.0.0.1:0 --demo --no-link-checks \
        --access-log off --log-level warn >"$work/server.out" 2>>"$work/server.err" &
    server=$!
    url=
    for _ in $(seq 300); do
        url=$(sed -n 's|^Tablero is serving on \(http://[^ ]*\)$|\1|p' "$work/server.out")
        [[ -n $url ]] && return 0
        kill -0 "$server" 2>/dev/null || break
        sleep 0.1
    done
    fail "the server did not start on the database left by the crash"
}

start_server
consultation=$(sql "SELECT min(id) FROM consultations")
[[ -n $consultation ]] || fail "serve --demo made no consultation"

total_started=$SECONDS
for round in $(seq "$rounds"); do
    : >"$work/client.out"
    touch "$work/acknowledged.tsv"
    before=$(wc -l <"$work/acknowledged.tsv")
    "$client" --url "$url" --consultation "$consultation" --accounts "$accounts" \
        --email-format 'crash-%02d@faults.example' --officer-email crash-officer@faults.example \
        --password "$password" --seconds 60 --think-ms 0 --sign-in-parallel 2 \
        --seed "$((seed * 100 + round))" --create-proposals 3 --timeout-s 10 \
        --acknowledged "$work/acknowledged.tsv" >"$work/client.out" 2>&1 &
    load=$!
    for _ in $(seq 600); do
        grep -q '^running ' "$work/client.out" && break
        kill -0 "$load" 2>/dev/null || { cat "$work/client.out"; fail "the client stopped before its load"; }
        sleep 0.05
    done
    grep -q '^running ' "$work/client.out" || { cat "$work/client.out"; fail "the load did not start"; }
    delay_ms=$((200 + RANDOM % (max_ms - 200)))
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$server"
    wait "$server" 2>/dev/null || true
    server=
    wait "$load" || { cat "$work/client.out"; fail "the client failed"; }
    load=
    writes=$(($(wc -l <"$work/acknowledged.tsv") - before))
    unanswered=$(tail -n "$writes" "$work/acknowledged.tsv" | grep -c $'^[a-z]*?\t' || true)
    echo "round $round: SIGKILL after $delay_ms ms of load, $((writes - unanswered)) writes answered 303, $unanswered without an answer"
    if grep -q '^first answer with status' "$work/client.out"; then
        grep '^first answer with status' "$work/client.out"
    fi

    start_server
    curl -fsS -o /dev/null "${url}healthz" || fail "healthz after the restart"

    if [[ $backend == sqlite ]]; then
        integrity=$(sql "PRAGMA integrity_check")
        [[ $integrity == ok ]] || fail "PRAGMA integrity_check: $integrity"
        foreign=$(sql "PRAGMA foreign_key_check")
        [[ -z $foreign ]] || fail "PRAGMA foreign_key_check: $foreign"
    fi
    crash="a.email LIKE 'crash-%'"
    sql "SELECT c.id, a.email, c.body FROM consultation_comments c JOIN accounts a
        ON a.id = c.author_id WHERE $crash" >"$work/comments.tsv"
    sql "SELECT l.entity_key FROM audit_log l JOIN accounts a ON a.id = l.account_id
        WHERE l.action = 'add_comment' AND $crash" >"$work/comment_audit.tsv"
    sql "SELECT a.email, v.item_kind, v.item_key, v.choice FROM consultation_votes v
        JOIN accounts a ON a.id = v.account_id WHERE $crash" >"$work/votes.tsv"
    sql "SELECT a.email, l.entity_key, l.after_json FROM audit_log l JOIN accounts a
        ON a.id = l.account_id WHERE l.action = 'cast_vote' AND $crash ORDER BY l.id" \
        >"$work/vote_audit.tsv"
    sql "SELECT s.id, s.note, s.state, COALESCE(s.published_update_id, 0),
        (SELECT count(*) FROM progress_updates p WHERE p.id = s.published_update_id)
        FROM submitted_updates s JOIN accounts a ON a.id = s.submitted_by WHERE $crash" \
        >"$work/updates.tsv"
    sql "SELECT l.after_json FROM audit_log l JOIN accounts a ON a.id = l.account_id
        WHERE l.action = 'submit_progress_update' AND $crash" >"$work/update_audit.tsv"
    checked=0
    python3 "$here/crash_check.py" "$work" >"$work/check.out" 2>&1 || checked=$?
    sed 's/^/  /' "$work/check.out"
    [[ $checked == 0 ]] || fail "round $round (seed $seed): the database differs from the answers"
done

answered=$(grep -c $'^[a-z]*\t' "$work/acknowledged.tsv" || true)
echo "PASSED: $rounds rounds on $backend in $((SECONDS - total_started)) s, $answered writes answered 303, every one found; seed $seed"
