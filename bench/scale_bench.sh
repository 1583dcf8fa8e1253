#!/usr/bin/env bash
# Tablero on a whole installation's data (issue 7, "Scale"): bench/generate fills a database at
# two sizes (scale 0.1 and 1.0 by default: 1.0 is 50 organisations, 200 plans, 20,000
# commitments, 200,000 results, 1,000,000 progress updates, 500,000 comments, endorsements and
# votes), on SQLite and on a throw-away PostgreSQL (tests/storage_contract/with_postgres.sh,
# which runs it with fsync=off), and for each one:
#   - times the generation;
#   - serves it with `tablero serve` and measures with wrk: the home page, a plan's page cached
#     and uncached, a commitment's page, search, the JSON API of the plan and of a commitment,
#     and a progress update written by a signed-in officer (POST with the session's CSRF token,
#     answered 303), each for BENCH_SECONDS;
#   - "uncached" means every request is rendered: wrk adds `_=N`, a new N for each request, and
#     the page cache keys on the whole URL (bench/lib.sh). The plans themselves stay in memory
#     (storage::PlanCache) between requests, as they do in production until the next write;
#   - reads the server's VmRSS and VmHWM after the run;
#   - stops the server and times `tablero import plan-csv` of a plan of 10,000 commitments
#     (bench/generate_plan_csv.py) into the generated database.
# Every plan has 100 commitments at every scale: a plan's page is the same size at both sizes,
# while the home page lists 20 or 200 plans.
#
#   bench/scale_bench.sh
#   SCALE_SIZES="0.01 0.1" BENCH_BACKENDS=sqlite BENCH_SECONDS=5 bench/scale_bench.sh
#
# Settings: TABLERO_BINARY (build/tablero; bench/generate is looked for beside it, in
# bench/), SCALE_SIZES ("0.1 1.0"), BENCH_BACKENDS ("sqlite postgres"), BENCH_SECONDS (10),
# BENCH_CONNECTIONS (4: the connections of the cached runs), BENCH_SEED (1).
set -euo pipefail
cd "$(dirname "$0")/.."
bench_name=scale_bench
source bench/lib.sh

binary=${TABLERO_BINARY:-build/tablero}
generate="$(dirname "$binary")/bench/generate"
sizes=${SCALE_SIZES:-0.1 1.0}
backends=${BENCH_BACKENDS:-sqlite postgres}
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-4}
seed=${BENCH_SEED:-1}
password=clave-de-prueba-2026

# The PostgreSQL part runs inside with_postgres.sh: the script calls itself with
# SCALE_BENCH_INNER=postgres and the same work folder, where it appends its figures.
if [[ ${SCALE_BENCH_INNER:-} == postgres ]]; then
    work=$SCALE_BENCH_WORK
else
    [[ -x $binary ]] || bench_fail "$binary not found: run \`make build\` first"
    [[ -x $generate ]] || bench_fail "$generate not found: build the generate target"
    for tool in wrk curl python3 sqlite3; do
        command -v "$tool" >/dev/null || bench_fail "$tool not found: run \`make deps\`"
    done
    work=$(mktemp -d "${TMPDIR:-/tmp}/tablero-scale-bench.XXXXXX")
fi
server_pid=
cleanup() {
    stop_tablero
    if [[ ${SCALE_BENCH_INNER:-} != postgres ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT
write_uncached_lua
results=$work/results.tsv

# record BACKEND SIZE TARGET RPS P50 P99 [NOTE]
record() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "${7:-}" >>"$results"
}

# A SQL query's one value on the backend's database.
query() {
    if [[ $backend == postgres ]]; then psql -tAq "$db" -c "$1"; else sqlite3 "$db" "$1"; fi
}

# Signs officer-001 in; sets cookie (the Cookie header) and csrf (the session's token).
sign_in() {
    local jar=$work/cookies anonymous
    rm -f "$jar"
    curl -fsS -c "$jar" -o /dev/null "${server_url}sign-in"
    anonymous=$(awk '$6 == "tablero_csrf" { print $7 }' "$jar")
    curl -sS -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$anonymous" \
        --data-urlencode 'email=officer-001@bench.example' \
        --data-urlencode "password=$password" "${server_url}sign-in"
    cookie=$(awk '$6 ~ /^tablero_/ { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
    csrf=$(curl -fsS -H "Cookie: $cookie" "${server_url}account" |
        sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    [[ -n $csrf ]] || bench_fail "officer-001 could not sign in"
}

# bench_one SIZE DB: everything measured on one generated database.
bench_one() {
    local size=$1 start end took
    db=$2
    echo
    echo "== $backend, scale $size =="
    start=$(date +%s.%N)
    "$generate" --db "$db" --seed "$seed" --scale "$size" >"$work/generate.out"
    end=$(date +%s.%N)
    took=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    echo "generated in $took s: $(grep -E '^(plans|commitments|nodes|progress_updates) ' \
        "$work/generate.out" | tr '\n' ' ')"
    record "$backend" "$size" "generation (s)" "$took" "" ""
    if [[ $backend == sqlite ]]; then
        record "$backend" "$size" "database size (MB)" \
            "$(awk -v b="$(stat -c %s "$db")" 'BEGIN { printf "%.0f", b / 1048576 }')" "" ""
    else
        record "$backend" "$size" "database size (MB)" \
            "$(query "SELECT pg_database_size(current_database()) / 1048576")" "" ""
    fi

    start_tablero "$binary" "$db"
    local plan=PLAN-001 commitment node=3 path
    # A commitment of plan 1 that officer-001's institution leads.
    commitment=$(query "SELECT c.code FROM commitments c JOIN plans p ON p.id = c.plan_id
        WHERE p.code = '$plan' AND c.lead_institution = (SELECT name FROM organisations
        WHERE code = 'ORG-001') ORDER BY c.position LIMIT 1")
    [[ -n $commitment ]] || bench_fail "no commitment of $plan led by ORG-001"

    local targets=(
        "home (cached)|/|cached"
        "home (uncached)|/|uncached"
        "plan page (cached)|/plans/$plan|cached"
        "plan page (uncached)|/plans/$plan|uncached"
        "commitment page (uncached)|/plans/$plan/commitments/$commitment|uncached"
        "search (uncached)|/search?q=portal+de+datos|uncached"
        "API plan|/api/v1/plans/$plan|api"
        "API commitment|/api/v1/plans/$plan/commitments/$commitment|api"
    )
    printf '%-28s %10s %9s %9s %9s %7s %9s\n' target req/s p50 p99 requests errors bytes
    local target name kind first rps p50 p99 count errors bytes
    for target in "${targets[@]}"; do
        IFS='|' read -r name path kind <<<"$target"
        # The first request loads what the page needs (plans into memory) and is not timed.
        first=$(curl -fsS -o "$work/body" -w '%{time_total}' "${server_url%/}$path") ||
            bench_fail "GET $path failed"
        bytes=$(stat -c %s "$work/body")
        wait_idle
        case $kind in
            cached) read -r rps p50 p99 count errors <<<"$(wrk_measure "$name" "$seconds" 2 \
                "$connections" "${server_url%/}$path")" ;;
            uncached) read -r rps p50 p99 count errors <<<"$(wrk_measure "$name" "$seconds" 1 \
                2 "${server_url%/}$path" -s "$work/uncached.lua")" ;;
            api) read -r rps p50 p99 count errors <<<"$(wrk_measure "$name" "$seconds" 1 2 \
                "${server_url%/}$path" -H 'Cache-Control: no-cache')" ;;
        esac
        printf '%-28s %10s %9s %9s %9s %7s %9s\n' "$name" "$rps" "$p50" "$p99" "$count" \
            "$errors" "$bytes"
        record "$backend" "$size" "$name" "$rps" "$p50" "$p99" \
            "$bytes B, first GET $(awk -v s="$first" 'BEGIN { printf "%.0f", s * 1000 }') ms"
    done

    # Writes: one connection posting progress updates of one result, each answered 303 and
    # committed before the next; every write empties the page and plan caches.
    sign_in
    local before after today
    today=$(date -u +%F)
    before=$(query "SELECT COUNT(*) FROM progress_updates")
    cat >"$work/write.lua" <<EOF
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "$cookie"
request = function()
    n = n + 1
    local body = "csrf=$csrf&as_of=$today&note=Avance+de+la+prueba+de+carga&percent=" .. (n % 101)
    return wrk.format(nil, nil, nil, body)
end
EOF
    path=/workspace/plans/$plan/commitments/$commitment/results/$node
    wait_idle
    read -r rps p50 p99 count errors <<<"$(wrk_measure "write" "$seconds" 1 1 \
        "${server_url%/}$path" -s "$work/write.lua")"
    after=$(query "SELECT COUNT(*) FROM progress_updates")
    printf '%-28s %10s %9s %9s %9s %7s %9s\n' "progress update (POST)" "$rps" "$p50" "$p99" \
        "$count" "$errors" "-"
    echo "progress updates stored during the run: $((after - before)) (wrk counted $count requests," \
        "$errors refused)"
    record "$backend" "$size" "progress update (POST, 303)" "$rps" "$p50" "$p99" \
        "$((after - before)) stored"
    # The first page after the writes: the plan is read from the database again.
    first=$(curl -fsS -o /dev/null -w '%{time_total}' "${server_url}plans/$plan?_=after-writes")
    record "$backend" "$size" "plan page after a write (one GET)" "" \
        "$(awk -v s="$first" 'BEGIN { printf "%.1fms", s * 1000 }')" ""
    first=$(curl -fsS -o /dev/null -w '%{time_total}' "${server_url}?_=after-writes")
    record "$backend" "$size" "home after a write (one GET)" "" \
        "$(awk -v s="$first" 'BEGIN { printf "%.1fms", s * 1000 }')" ""
    # Where the officer lands after each update (the 303's Location): its workspace lists the
    # plans with results it reports on, from every plan's digest; then the plan's own page in
    # the workspace, its results to report on, from the plan cut to today.
    curl -sS -o /dev/null "${server_url%/}$path" -H "Cookie: $cookie" \
        --data "csrf=$csrf&as_of=$today&percent=50"
    local page
    for page in "officer's workspace|workspace?done=published" \
        "officer's plan in the workspace|workspace/plans/$plan"; do
        first=$(curl -fsS -o "$work/body" -w '%{time_total}' -H "Cookie: $cookie" \
            "${server_url}${page#*|}")
        record "$backend" "$size" "${page%%|*} after a write (one GET)" "" \
            "$(awk -v s="$first" 'BEGIN { printf "%.1fms", s * 1000 }')" "" \
            "$(stat -c %s "$work/body") B"
    done

    local memory
    memory=$(server_memory)
    echo "server memory after the run: VmRSS ${memory% *} MB, VmHWM ${memory#* } MB"
    record "$backend" "$size" "server VmRSS / VmHWM (MB)" "${memory% *}" "${memory#* }" ""
    stop_tablero

    start=$(date +%s.%N)
    "$binary" import plan-csv "$work/import.csv" --db "$db" >"$work/import.out" 2>&1 ||
        { cat "$work/import.out" >&2; bench_fail "the import failed"; }
    end=$(date +%s.%N)
    took=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    echo "import of a 10,000-commitment plan CSV: $took s ($(tail -1 "$work/import.out"))"
    record "$backend" "$size" "CSV import, 10,000 commitments (s)" "$took" "" ""
}

if [[ ${SCALE_BENCH_INNER:-} == postgres ]]; then
    backend=postgres
    for size in $sizes; do
        name=scale_${size//./_}
        psql -q "$TABLERO_TEST_POSTGRES_URL" -c "CREATE DATABASE $name"
        bench_one "$size" "${TABLERO_TEST_POSTGRES_URL%/*}/$name"
        psql -q "$TABLERO_TEST_POSTGRES_URL" -c "DROP DATABASE $name"
    done
    exit 0
fi

echo "tablero scale bench: sizes $sizes, seed $seed, $(nproc) cores shared by the server," \
    "wrk and the database, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/generate_plan_csv.py --commitments 10000 --results 10 --out "$work/import.csv"
: >"$results"
for backend in $backends; do
    case $backend in
        sqlite)
            for size in $sizes; do
                bench_one "$size" "$work/scale-$size.db"
                rm -f "$work/scale-$size.db"*
            done
            ;;
        postgres)
            SCALE_BENCH_INNER=postgres SCALE_BENCH_WORK=$work TABLERO_BINARY=$binary \
                SCALE_SIZES=$sizes tests/storage_contract/with_postgres.sh "$0"
            ;;
        *) bench_fail "unknown backend $backend" ;;
    esac
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The figures as Markdown tables, one per backend, the sizes side by side.
echo
python3 - "$results" "$sizes" <<'EOF'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
sizes = sys.argv[2].split()
for backend in dict.fromkeys(r[0] for r in rows):
    print(f"### {backend}\n")
    header = "| target | " + " | ".join(f"req/s, p50, p99 at {s}" for s in sizes) + " |"
    print(header)
    print("|" + "---|" * (len(sizes) + 1))
    targets = list(dict.fromkeys(r[2] for r in rows if r[0] == backend))
    for target in targets:
        cells = []
        for size in sizes:
            found = [r for r in rows if r[0] == backend and r[1] == size and r[2] == target]
            if not found:
                cells.append("")
                continue
            _, _, _, rps, p50, p99, note = found[0]
            cells.append(", ".join(v for v in (rps, p50, p99) if v) + (f" ({note})" if note else ""))
        print(f"| {target} | " + " | ".join(cells) + " |")
    print()
EOF
