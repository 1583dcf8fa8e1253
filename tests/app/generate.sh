#!/usr/bin/env bash
# bench/generate at a tiny scale: the rows it promises are there, two runs with the same seed and
# scale write the same rows (and another seed does not), and `tablero serve` on the result answers
# the home page, a plan, a commitment, search, the JSON API, a consultation and a signed-in
# officer's workspace with 200. On SQLite, or on $TABLERO_TEST_POSTGRES_URL (with_postgres.sh).
# Usage: generate.sh path/to/tablero path/to/generate [sqlite|postgres]
set -euo pipefail
tablero=${1:?usage: generate.sh path/to/tablero path/to/generate [sqlite|postgres]}
generate=${2:?usage: generate.sh path/to/tablero path/to/generate [sqlite|postgres]}
backend=${3:-sqlite}
scale=0.002
work=$(mktemp -d)
server=""
cleanup() {
    local status=$?
    if [[ -n $server ]]; then
        kill -TERM "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    if ((status != 0)) && [[ -f $work/err ]]; then
        echo "--- server log ---"
        tail -50 "$work/err" "$work/out" 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT

passed=0
failed=0
check() { # check NAME COMMAND...: passes when COMMAND succeeds
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name"
    fi
}

# Three databases: a, b (same seed) and c (another seed).
if [[ $backend == postgres ]]; then
    base=${TABLERO_TEST_POSTGRES_URL:?generate.sh postgres needs TABLERO_TEST_POSTGRES_URL (run it through with_postgres.sh)}
    for name in gen_b gen_c; do
        psql -q "$base" -c "CREATE DATABASE $name" >/dev/null
    done
    db_a=$base
    db_b=${base%/*}/gen_b
    db_c=${base%/*}/gen_c
    count() { psql -tAq "$1" -c "SELECT COUNT(*) FROM $2"; }
    # Every table's rows in a stable order, as text; schema_migrations holds when the migrations
    # ran, not what the generator wrote.
    dump() {
        local table
        for table in $(psql -tAq "$1" -c "SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY 1"); do
            echo "== $table"
            psql -tAq "$1" -c "COPY (SELECT * FROM $table ORDER BY 1, 2) TO STDOUT"
        done
    }
else
    db_a=$work/a.db
    db_b=$work/b.db
    db_c=$work/c.db
    count() { sqlite3 "$1" "SELECT COUNT(*) FROM $2"; }
    dump() { sqlite3 "$1" .dump | grep -v '^INSERT INTO schema_migrations'; }
fi

"$generate" --db "$db_a" --seed 7 --scale "$scale" >"$work/gen_a.out"
"$generate" --db "$db_b" --seed 7 --scale "$scale" --quiet >/dev/null
"$generate" --db "$db_c" --seed 8 --scale "$scale" --quiet >/dev/null
cat "$work/gen_a.out"

# The counts the generator promises at this scale: round(N x scale), at least one plan per
# organisation list and ten nodes per commitment.
expect() { # expect TABLE ROWS
    check "$1 has $2 rows" test "$(count "$db_a" "$1")" = "$2"
}
expect organisations 1      # 50 x 0.002 = 0.1, at least 1
expect plans 1              # 200 x 0.002 = 0.4, at least 1
expect commitments 40       # 20,000 x 0.002
expect nodes 400            # ten per commitment
expect progress_updates 2000
expect consultations 1
expect consultation_comments 200
expect consultation_endorsements 400
expect consultation_votes 400
expect accounts 22          # administrator, 1 officer, 20 citizens
check "the generator says what it wrote" grep -q '^progress_updates 2000$' "$work/gen_a.out"
check "every commitment has a result" test "$(count "$db_a" "commitments WHERE id NOT IN (SELECT commitment_id FROM nodes)")" = 0
check "only leaves carry updates" test "$(count "$db_a" "progress_updates WHERE node_id IN (SELECT parent_id FROM nodes WHERE parent_id IS NOT NULL)")" = 0
check "percentages are 0-100" test "$(count "$db_a" "progress_updates WHERE kind = 'value' AND (percent < 0 OR percent > 100)")" = 0
check "no comment deeper than three" test "$(count "$db_a" "consultation_comments WHERE depth > 3")" = 0

dump "$db_a" >"$work/a.sql"
dump "$db_b" >"$work/b.sql"
dump "$db_c" >"$work/c.sql"
check "the dump is not empty" test "$(grep -c 'clave\|argon2id\|PLAN-001' "$work/a.sql")" -gt 0
check "same seed and scale: the same rows, byte for byte" cmp "$work/a.sql" "$work/b.sql"
check "another seed: other rows" bash -c "! cmp -s '$work/a.sql' '$work/c.sql'"
"$tablero" export plan-csv --plan PLAN-001 --db "$db_a" --output "$work/a.csv" >/dev/null
"$tablero" export plan-csv --plan PLAN-001 --db "$db_b" --output "$work/b.csv" >/dev/null
check "same seed: the same plan CSV export" cmp "$work/a.csv" "$work/b.csv"
check "a second run into a full database is refused" bash -c "! '$generate' --db '$db_a' --scale $scale --quiet"

"$tablero" serve --db "$db_a" --files "$work/files" --listen 127.0.0.1:0 --no-link-checks \
    >"$work/out" 2>"$work/err" &
server=$!
url=""
for _ in $(seq 100); do
    url=$(sed -n 's/^Tablero is serving on \(http:[^ ]*\)$/\1/p' "$work/out")
    [[ -n $url ]] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
if [[ -z $url ]]; then
    echo "FAIL the server did not start"
    exit 1
fi
status() { curl -s -o "$work/body" -w '%{http_code}' "$@"; }
check "home answers 200" test "$(status "$url")" = 200
check "home lists the plan" grep -q 'PLAN-001' "$work/body"
check "plan page answers 200" test "$(status "${url}plans/PLAN-001")" = 200
check "commitment page answers 200" test "$(status "${url}plans/PLAN-001/commitments/7")" = 200
check "commitment page shows its results" grep -q '1.2' "$work/body"
check "commitment page shows its public record (the audited updates)" grep -q 'Avance publicado' "$work/body"
check "the audit log holds the officers' updates" test "$(count "$db_a" "audit_log WHERE action = 'submit_progress_update'")" -gt 0
check "search answers 200" test "$(status "${url}search?q=portal")" = 200
check "plan API answers 200" test "$(status "${url}api/v1/plans/PLAN-001")" = 200
check "plan API: 40 commitments" python3 -c "import json; d = json.load(open('$work/body')); assert d['page']['matching'] == 40 and len(d['commitments']) == 40"
check "commitment API answers 200" test "$(status "${url}api/v1/plans/PLAN-001/commitments/7")" = 200
check "plans API answers 200" test "$(status "${url}api/v1/plans")" = 200
check "consultation page answers 200" test "$(status "${url}consultations/1")" = 200
check "consultation document page answers 200" test "$(status "${url}consultations/1/documents/1")" = 200

# The officer of the plan's organisation signs in with the known password and opens a result.
jar=$work/cookies
curl -s -c "$jar" -o /dev/null "${url}sign-in"
anonymous=$(awk '$6 == "tablero_csrf" { print $7 }' "$jar")
check "officer signs in (303)" test "$(curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "csrf=$anonymous" --data-urlencode 'email=officer-001@bench.example' \
    --data-urlencode 'password=clave-de-prueba-2026' "${url}sign-in")" = 303
check "workspace answers 200" test "$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "${url}workspace")" = 200

echo "$passed passed, $failed failed"
((failed == 0))
