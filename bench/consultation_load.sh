#!/usr/bin/env bash
# bench/consultation_load.sh: 200 citizens voting and commenting on one consultation at once for
# 60 s, against the real server, on SQLite and on PostgreSQL (issue 6). Afterwards the database
# must hold exactly what the successful answers say: every comment answered 303 and no other,
# one vote row per account and item that had a successful vote, with the choice of its last
# successful vote, and tallies per item and choice that moved by exactly those votes. Any
# difference, a request without an answer, or a client that cannot sign in makes the script
# exit non-zero.
#
# For each backend (SQLite: a new file in a temporary folder; PostgreSQL: a throw-away server
# from tests/storage_contract/with_postgres.sh) it creates LOAD_ACCOUNTS citizen accounts with
# `tablero users add` (verified: made by the command line), several at a time since each hashes
# its password with argon2id, and times that; starts `tablero serve --demo`, whose demo
# consultation has all three phases open around now (or has an administrator create one, see
# LOAD_CONSULTATION); runs bench/consultation_load.cpp (one
# keep-alive connection per account, success = 303); stops the server; and compares the
# database (python3's sqlite3 module, or psql) with the client's record.
#
#   bench/consultation_load.sh                                  # both backends, think 0-2 s
#   LOAD_THINK_MS=0 bench/consultation_load.sh                  # as fast as the server answers
#   LOAD_BACKENDS=sqlite LOAD_SECONDS=10 bench/consultation_load.sh
#
# Settings: LOAD_BUILD_DIR (build-load; configured as Release if new, and tablero and the client
# built in it), TABLERO_BINARY (its tablero), LOAD_BACKENDS ("sqlite postgresql"),
# LOAD_ACCOUNTS (200), LOAD_SECONDS (60), LOAD_THINK_MS (2000: each client waits uniformly 0-2 s
# before each request; 0: no wait), LOAD_COMMENT_SHARE (0.5), LOAD_SETUP_PARALLEL (accounts
# created at once, 2 x cores), LOAD_SIGN_IN_PARALLEL (4), LOAD_SERVER_THREADS (server default),
# LOAD_POOL_SIZE (server default), LOAD_SEED (1), LOAD_CONSULTATION (auto: the demo's if
# serve --demo made one, otherwise new; demo; new: created by an administrator through
# /admin/consultations, of LOAD_SETUP_PLAN (PY-2014-2016), every phase open, the plan as its
# draft; or an id), LOAD_CREATE_PROPOSALS (5: proposals the first client makes when the
# consultation has none to vote on).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${LOAD_BUILD_DIR:-build-load}
binary=${TABLERO_BINARY:-$build/tablero}
client=$build/bench/consultation_load
backends=${LOAD_BACKENDS:-sqlite postgresql}
accounts=${LOAD_ACCOUNTS:-200}
seconds=${LOAD_SECONDS:-60}
think_ms=${LOAD_THINK_MS:-2000}
comment_share=${LOAD_COMMENT_SHARE:-0.5}
setup_parallel=${LOAD_SETUP_PARALLEL:-$(($(nproc) * 2))}
sign_in_parallel=${LOAD_SIGN_IN_PARALLEL:-4}
seed=${LOAD_SEED:-1}
email_format=load-%04d@bench.example
# The plan of a consultation the script creates (LOAD_CONSULTATION=new), from the demo data.
setup_plan=${LOAD_SETUP_PLAN:-PY-2014-2016}
create_proposals=${LOAD_CREATE_PROPOSALS:-5}
password=carga-de-la-consulta-2026

fail() { printf 'consultation_load: %s\n' "$*" >&2; exit 1; }

# sql DB QUERY: the rows as tab-separated lines, from either backend.
sql() {
    local db=$1 query=$2
    if [[ $db == postgresql://* ]]; then
        psql "$db" -X -q -At -F $'\t' -v ON_ERROR_STOP=1 -c "$query"
    else
        python3 - "$db" "$query" <<'EOF'
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
for row in connection.execute(sys.argv[2]):
    print("\t".join("" if value is None else str(value) for value in row))
EOF
    fi
}

# One backend, run inside the PostgreSQL wrapper for postgresql.
run_one() {
    local backend=$1 work db
    work=$(mktemp -d "${TMPDIR:-/tmp}/tablero-load.XXXXXX")
    server_pid=
    # shellcheck disable=SC2064
    trap "[[ -n \${server_pid:-} ]] && kill -TERM \$server_pid 2>/dev/null; rm -rf '$work'" EXIT
    if [[ $backend == postgresql ]]; then
        db=${TABLERO_TEST_POSTGRES_URL:?run through with_postgres.sh}
    else
        db=$work/load.db
    fi
    echo "== $backend =="
    # The commands' own log lines go to a file, shown if something fails.
    "$binary" migrate --db "$db" >"$work/setup.log" 2>&1 || {
        cat "$work/setup.log" >&2
        fail "tablero migrate failed"
    }

    # The accounts, several at a time: each `users add` hashes its password (argon2id, 64 MiB).
    local started ended
    started=$(date +%s.%N)
    export binary db password email_format work
    # shellcheck disable=SC2016 # expanded by the inner bash
    seq 1 "$accounts" | xargs -P "$setup_parallel" -n 1 bash -c \
        'printf "%s\n" "$password" |
            "$binary" users add --email "$(printf "$email_format" "$1")" --role citizen --db "$db" \
            >>"$work/setup.log" 2>&1' _ || {
        tail -20 "$work/setup.log" >&2
        fail "creating the accounts failed"
    }
    ended=$(date +%s.%N)
    printf 'created %s verified citizen accounts in %s s (%s at a time)\n' "$accounts" \
        "$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')" "$setup_parallel"
    local unverified
    printf '%s\n' "$password" | "$binary" users add --email admin@bench.example \
        --role administrator --db "$db" >>"$work/setup.log" 2>&1 || fail "creating the administrator failed"
    unverified=$(sql "$db" "SELECT count(*) FROM accounts WHERE email LIKE 'load-%@bench.example'
        AND email_verified_at IS NULL")
    [[ $unverified == 0 ]] || fail "$unverified of the accounts are not verified"

    local serve_flags=(--db "$db" --listen 127.0.0.1:0 --demo --access-log off --no-link-checks
        --log-level warn)
    [[ -n ${LOAD_SERVER_THREADS:-} ]] && serve_flags+=(--threads "$LOAD_SERVER_THREADS")
    [[ -n ${LOAD_POOL_SIZE:-} ]] && serve_flags+=(--pool-size "$LOAD_POOL_SIZE")
    "$binary" serve "${serve_flags[@]}" >"$work/server.out" 2>"$work/server.err" &
    server_pid=$!
    local url=
    for _ in $(seq 300); do
        url=$(sed -n 's|^Tablero is serving on \(http://[^ ]*/\)$|\1|p' "$work/server.out")
        [[ -n $url ]] && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    if [[ -z $url ]]; then
        cat "$work/server.out" "$work/server.err" >&2
        fail "tablero did not start"
    fi

    # The consultation: the demo's (serve --demo makes one with every phase open around now) or
    # a new one the administrator creates through /admin/consultations.
    local consultation=${LOAD_CONSULTATION:-auto}
    if [[ $consultation == auto || $consultation == demo ]]; then
        local demo
        demo=$(sql "$db" "SELECT min(id) FROM consultations")
        if [[ -n $demo ]]; then
            consultation=$demo
        elif [[ $consultation == demo ]]; then
            fail "serve --demo made no consultation"
        else
            consultation=new
        fi
    fi
    if [[ $consultation == new ]]; then
        consultation=$("$client" --url "$url" --setup-consultation "$setup_plan" \
            --admin-email admin@bench.example --password "$password") ||
            fail "the administrator could not create a consultation"
        echo "created consultation $consultation of plan $setup_plan through /admin/consultations"
    fi
    echo "consultation $consultation: $(sql "$db" "SELECT kind || ' ' || opens_at || ' - ' ||
        closes_at FROM consultation_phases WHERE consultation_id = $consultation ORDER BY kind" |
        paste -sd ';' | sed 's/;/; /g')"

    # What the consultation holds before the run, from its demo data.
    local counts_query="SELECT 'comments', count(*) FROM consultation_comments
        WHERE consultation_id = $consultation
        UNION ALL SELECT 'votes', count(*) FROM consultation_votes
        WHERE consultation_id = $consultation"
    local tallies_query="SELECT item_kind, item_key, choice, count(*) FROM consultation_votes
        WHERE consultation_id = $consultation GROUP BY item_kind, item_key, choice"
    sql "$db" "$counts_query" >"$work/counts_before.tsv"
    sql "$db" "$tallies_query" >"$work/tallies_before.tsv"

    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    local status=0
    "$client" --url "$url" --consultation "$consultation" --accounts "$accounts" \
        --email-format "$email_format" --password "$password" --seconds "$seconds" \
        --think-ms "$think_ms" --comment-share "$comment_share" \
        --sign-in-parallel "$sign_in_parallel" --seed "$seed" \
        --create-proposals "$create_proposals" \
        --record "$work/record.tsv" || status=$?
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

    kill -TERM "$server_pid"
    wait "$server_pid" || true
    server_pid=
    [[ $status == 0 ]] || {
        tail -20 "$work/server.err" >&2
        fail "the client failed ($backend)"
    }

    sql "$db" "$counts_query" >"$work/counts_after.tsv"
    sql "$db" "$tallies_query" >"$work/tallies_after.tsv"
    sql "$db" "SELECT c.id, a.email FROM consultation_comments c
        JOIN accounts a ON a.id = c.author_id WHERE c.consultation_id = $consultation" \
        >"$work/comments.tsv"
    sql "$db" "SELECT a.email, v.item_kind, v.item_key, v.choice FROM consultation_votes v
        JOIN accounts a ON a.id = v.account_id WHERE v.consultation_id = $consultation" \
        >"$work/votes.tsv"
    python3 - "$work" <<'EOF'
import collections, sys

work = sys.argv[1]
def rows(name):
    with open(f"{work}/{name}", encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]

accounts, comment_ids, votes, summary = set(), [], {}, {}
for row in rows("record.tsv"):
    if row[0] == "account":
        accounts.add(row[1])
    elif row[0] == "comment":
        comment_ids.append(int(row[1]))
    elif row[0] == "vote":
        votes[(row[1], row[2], row[3])] = row[4]
    elif row[0] == "summary":
        summary = {row[i]: int(row[i + 1]) for i in range(1, len(row), 2)}

problems = []
def check(what, stored, expected):
    same = stored == expected
    print(f"  {what}: stored {stored}, expected {expected}: {'equal' if same else 'DIFFERENT'}")
    if not same:
        problems.append(what)

before = {k: int(v) for k, v in rows("counts_before.tsv")}
after = {k: int(v) for k, v in rows("counts_after.tsv")}
print("check against the database:")
stored_ids = sorted(int(i) for i, email in rows("comments.tsv") if email in accounts)
check("comments by the load accounts", len(stored_ids), summary["comment_ok"])
check("new comments in the consultation", after["comments"] - before["comments"],
      summary["comment_ok"])
if summary["comment_without_id"] == 0:
    same = stored_ids == sorted(comment_ids)
    print(f"  comment ids stored = ids in the 303 Locations: {'equal' if same else 'DIFFERENT'}")
    if not same:
        problems.append("comment ids")
else:
    problems.append("303 answers to comments without #comment-<id>")

stored_votes = {(e, k, key): c for e, k, key, c in rows("votes.tsv") if e in accounts}
check("vote rows of the load accounts (= distinct account and item with a 303)",
      len(stored_votes), len(votes))
wrong = sum(1 for pair, choice in votes.items() if stored_votes.get(pair) != choice)
check("vote rows whose choice differs from the last 303", wrong, 0)
check("new vote rows in the consultation", after["votes"] - before["votes"], len(votes))

tally = collections.Counter()
for k, key, choice, n in rows("tallies_after.tsv"):
    tally[(k, key, choice)] += int(n)
for k, key, choice, n in rows("tallies_before.tsv"):
    tally[(k, key, choice)] -= int(n)
expected = collections.Counter((k, key, c) for (_, k, key), c in votes.items())
differing = sorted(t for t in set(tally) | set(expected) if tally[t] != expected[t])
print(f"  tallies per item and choice ({len(set(expected))} item-choice pairs with votes): "
      f"{'equal' if not differing else 'DIFFERENT for ' + str(differing[:10])}")
if differing:
    problems.append("tallies")
if summary["no_answer"]:
    print(f"  {summary['no_answer']} requests got no answer: their outcome is unknown")
    problems.append("requests without an answer")
print("check: " + ("PASSED" if not problems else "FAILED: " + "; ".join(problems)))
sys.exit(1 if problems else 0)
EOF
}

if [[ ${1:-} == --one ]]; then
    run_one "$2"
    exit
fi

for tool in python3 cmake; do
    command -v "$tool" >/dev/null || fail "$tool not found: run \`make deps\`"
done
[[ -f $build/build.ninja ]] || cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
build_log=$(mktemp "${TMPDIR:-/tmp}/tablero-load-build.XXXXXX")
cmake --build "$build" -j2 --target tablero consultation_load >"$build_log" 2>&1 || {
    tail -30 "$build_log" >&2
    fail "the build in $build failed"
}
rm -f "$build_log"
[[ -x $binary ]] || fail "$binary not found"

echo "$accounts clients, ${seconds} s, think time $([[ $think_ms == 0 ]] && echo none ||
    echo "uniform 0-$think_ms ms"), $(nproc) cores shared by the server, its database and the client"
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' (src/ changed)')"
failed=0
for backend in $backends; do
    case $backend in
    sqlite) bash bench/consultation_load.sh --one sqlite || failed=1 ;;
    postgresql)
        command -v psql >/dev/null || fail "psql not found: run \`make deps\`"
        tests/storage_contract/with_postgres.sh bash bench/consultation_load.sh --one postgresql ||
            failed=1
        ;;
    *) fail "unknown backend $backend (sqlite or postgresql)" ;;
    esac
done
exit "$failed"
