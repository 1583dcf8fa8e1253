#!/usr/bin/env bash
# The commitment tracker at scale: a plan of 10,000 commitments and 100,000 results
# (bench/generate_plan_csv.py) imported with `tablero import plan-csv` and read back through
# GET /api/v1/plans/{code}. Builds nothing: it uses TABLERO_BINARY (build/tablero, a
# RelWithDebInfo build) and, when it is there, bench/plan_api_bench from the same build folder.
#
#   bench/plan_bench.sh
#   TABLERO_BINARY=build-bench/tablero BENCH_POSTGRES=1 bench/plan_bench.sh
#
# It measures, on SQLite: (a) the first import into a fresh database, (b) importing the same
# file again (adds nothing), (c) importing the next month's file (2015-07-31: same plan, new
# progress), each BENCH_RUNS times with a fresh copy of the database; (d) wrk against
# /api/v1/plans/BENCH (its first page, a later page of 1,000, a filter), its commitment C1 and
# the demo plan PY-2014-2016, at -t1 -c1 and -t2 -c4; (e) plan_api_bench, the handler's pieces timed apart. With
# BENCH_POSTGRES=1, the three imports once more on a throw-away PostgreSQL server
# (tests/storage_contract/with_postgres.sh).
#
# Settings: TABLERO_BINARY (build/tablero), BENCH_COMMITMENTS (10000), BENCH_RESULTS (10),
# BENCH_RUNS (3), BENCH_SECONDS (15), BENCH_POSTGRES (0).
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${TABLERO_BINARY:-build/tablero}
commitments=${BENCH_COMMITMENTS:-10000}
results=${BENCH_RESULTS:-10}
runs=${BENCH_RUNS:-3}
seconds=${BENCH_SECONDS:-15}
postgres=${BENCH_POSTGRES:-0}
api_bench="$(dirname "$binary")/bench/plan_api_bench"

fail() { printf 'plan_bench: %s\n' "$*" >&2; exit 1; }
[[ -x $binary ]] || fail "$binary not found: run \`make build\` first"
for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || fail "$tool not found: run \`make deps\`"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tablero-plan-bench.XXXXXX")
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Seconds since the epoch, to the nanosecond.
now() { date +%s.%N; }
# The median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Times `tablero import plan-csv FILE --db DB` once; prints the wall time in seconds and keeps
# the import's summary line in $work/import.out.
time_import() {
    local file=$1 db=$2 start end
    start=$(now)
    "$binary" import plan-csv "$file" --db "$db" >"$work/import.out" 2>"$work/import.err" ||
        { cat "$work/import.out" "$work/import.err" >&2; fail "import of $file failed"; }
    end=$(now)
    seconds_between "$start" "$end"
}

# Runs time_import BENCH_RUNS times, each on a fresh copy of SEED_DB (or an empty database when
# SEED_DB is "-"), and prints "median (run1 run2 ...)" then the import's summary.
import_runs() {
    local label=$1 file=$2 seed_db=$3 times=() run
    for run in $(seq "$runs"); do
        rm -f "$work/run.db" "$work/run.db-wal" "$work/run.db-shm"
        [[ $seed_db == - ]] || cp "$seed_db" "$work/run.db"
        times+=("$(time_import "$file" "$work/run.db")")
    done
    printf '%-34s %6s s   (runs: %s)\n' "$label" "$(median "${times[@]}")" "${times[*]}"
    sed 's/^/    /' "$work/import.out"
}

echo "tablero plan bench: $commitments commitments x $results results, $(nproc) cores," \
    "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $binary"
python3 bench/generate_plan_csv.py --commitments "$commitments" --results "$results" \
    --out "$work/june.csv"
python3 bench/generate_plan_csv.py --commitments "$commitments" --results "$results" \
    --as-of 2015-07-31 --out "$work/july.csv"
echo "CSV: $(($(wc -l <"$work/june.csv") - 1)) rows, $(stat -c %s "$work/june.csv") bytes"

echo
echo "== import on SQLite (wall time of the whole command, median of $runs) =="
import_runs "(a) first import, empty database" "$work/june.csv" -
"$binary" import plan-csv "$work/june.csv" --db "$work/june.db" >/dev/null 2>&1
import_runs "(b) the same file again" "$work/june.csv" "$work/june.db"
import_runs "(c) next month's file" "$work/july.csv" "$work/june.db"
cp "$work/june.db" "$work/plan.db"
"$binary" import plan-csv "$work/july.csv" --db "$work/plan.db" >/dev/null 2>&1
"$binary" import plan-csv demo/paraguay-2014-2016.csv --db "$work/plan.db" >/dev/null 2>&1
echo "database after June and July: $(stat -c %s "$work/plan.db") bytes"

# The server on port 0: its URL comes from the one line it prints when it is ready.
"$binary" serve --db "$work/plan.db" --listen 127.0.0.1:0 --access-log off \
    >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url=
for _ in $(seq 200); do
    url=$(sed -n 's|^Tablero is serving on \(http://[^ ]*/\)$|\1|p' "$work/serve.out")
    [[ -n $url ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
[[ -n $url ]] && curl -fsS -o /dev/null "${url}healthz" ||
    { cat "$work/serve.out" "$work/serve.err" >&2; fail "tablero did not start"; }

# Waits until the server has used no CPU for a second: a request still running when wrk stops
# (a big plan takes over a second) would otherwise be timed as part of the next measurement.
wait_idle() {
    local before after
    after=$(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")
    for _ in $(seq 60); do
        before=$after
        sleep 1
        after=$(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")
        ((after == before)) && return 0
    done
}

# One wrk run; prints "req/s p50 p99 requests". The API keeps no answers: every request computes
# its snapshot and JSON from the plan in memory; no-cache and no If-None-Match keep any client
# cache out too.
wrk_run() {
    local threads=$1 connections=$2 target=$3 out
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency --timeout 10s \
        -H 'Cache-Control: no-cache' "$target")
    if grep -qE 'Socket errors|Non-2xx' <<<"$out"; then
        grep -E 'Socket errors|Non-2xx' <<<"$out" | sed 's|^ *|plan_bench: |' >&2
    fi
    awk '/^Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
        / requests in / { count = $1 } END { print rps, p50, p99, count }' <<<"$out"
}

echo
echo "== GET on SQLite, uncached (wrk -d${seconds}s --latency; 2 cores shared with wrk) =="
# "first GET" is curl's total time for the first request of a target on an idle server: for the
# first BENCH target it includes loading the plan into memory (storage::PlanCache), which every
# committed write repeats. "one GET" is the median of three more.
printf '%-52s %9s %9s %9s %8s %9s %9s %9s\n' target bytes 'first GET' 'one GET' req/s p50 p99 \
    requests
for path in api/v1/plans/BENCH 'api/v1/plans/BENCH?per_page=1000&page=10' \
    'api/v1/plans/BENCH?status=delayed&per_page=1000' api/v1/plans/BENCH/commitments/C1 \
    api/v1/plans/PY-2014-2016; do
    wait_idle
    first=$(curl -fsS -o "$work/body.json" -w '%{time_total}' "$url$path")
    singles=()
    for _ in 1 2 3; do
        singles+=("$(curl -fsS -o "$work/body.json" -w '%{time_total}' "$url$path")")
    done
    single=$(median "${singles[@]}")
    for load in "1 1" "2 4"; do
        read -r threads connections <<<"$load"
        wait_idle
        read -r rps p50 p99 count <<<"$(wrk_run "$threads" "$connections" "$url$path")"
        printf '%-52s %9s %7.1fms %7.1fms %8s %9s %9s %9s\n' "/$path -t$threads -c$connections" \
            "$(stat -c %s "$work/body.json")" "$(awk -v s="$first" 'BEGIN { print s * 1000 }')" \
            "$(awk -v s="$single" 'BEGIN { print s * 1000 }')" "$rps" "$p50" "$p99" "$count"
    done
done
kill -TERM "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=

if [[ -x $api_bench ]]; then
    echo
    echo "== the handler's pieces ($api_bench, as of 2015-06-30) =="
    TABLERO_BENCH_DB="$work/plan.db" "$api_bench" --benchmark_min_time=2 2>&1 |
        grep -E '^(BM_|Benchmark|-)'
fi

if [[ $postgres == 1 ]]; then
    echo
    echo "== import on PostgreSQL (one run each, throw-away server) =="
    # The three imports in one server's life, timed inside it; the server's start is not timed.
    export binary work
    tests/storage_contract/with_postgres.sh bash -c '
        set -euo pipefail
        for step in "(a) first import:june" "(b) the same file again:june" \
            "(c) next month'"'"'s file:july"; do
            start=$(date +%s.%N)
            "$binary" import plan-csv "$work/${step##*:}.csv" --db "$TABLERO_TEST_POSTGRES_URL" \
                >"$work/import.out" 2>"$work/import.err"
            end=$(date +%s.%N)
            awk -v l="${step%:*}" -v a="$start" -v b="$end" \
                "BEGIN { printf \"%-34s %6.2f s\n\", l, b - a }"
            sed "s/^/    /" "$work/import.out"
        done
        if [[ -x '"$api_bench"' ]]; then
            TABLERO_BENCH_DB="$TABLERO_TEST_POSTGRES_URL" '"$api_bench"' \
                --benchmark_filter=LoadPlan 2>&1 | grep -E "^BM_"
        fi'
fi
