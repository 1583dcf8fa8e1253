#!/usr/bin/env bash
# database_loss.sh BINARY: PostgreSQL stopped under a serving Tablero, then started again
# (issue 7). Run it through tests/storage_contract/with_postgres.sh, which exports the server's
# data folder, bindir and options:
#
#   tests/storage_contract/with_postgres.sh tests/faults/database_loss.sh build/tablero
#
# While requests flow (a loop of curl: /healthz, a signed-in page, the JSON API, and the home
# and plan pages, cached before the stop), PostgreSQL is stopped with
# `pg_ctl stop -m fast`. Then every request that needs the database must fail fast (each answer
# within LOSS_MAX_MS, 1000 ms; the slowest is printed) with 503, /healthz must say
# "unavailable", and the page must explain in Spanish by default (English with ?lang=en) without
# a trace of the driver's message; pages already in the page cache may keep answering 200 (a
# feature: printed). Then PostgreSQL starts again and the same server, not restarted, must
# answer /healthz 200 within LOSS_RECOVERY_S (5 s; the time taken is printed), every pooled
# connection must work again (LOSS_AFTER requests in a row, none 503) and a write (a sign-in)
# must succeed. LOSS_DOWN_S (3) is how long the database stays down.
set -euo pipefail
binary=${1:?usage: database_loss.sh BINARY (through with_postgres.sh)}
db=${TABLERO_TEST_POSTGRES_URL:?run through tests/storage_contract/with_postgres.sh}
pg_bin=${TABLERO_TEST_POSTGRES_BIN:?with_postgres.sh exports TABLERO_TEST_POSTGRES_BIN}
pg_data=${TABLERO_TEST_POSTGRES_DATA:?}
pg_log=${TABLERO_TEST_POSTGRES_LOG:?}
pg_options=${TABLERO_TEST_POSTGRES_OPTIONS:?}
read -ra as_server <<<"${TABLERO_TEST_POSTGRES_AS_SERVER:-}"
max_ms=${LOSS_MAX_MS:-1000}
recovery_s=${LOSS_RECOVERY_S:-5}
down_s=${LOSS_DOWN_S:-3}
after=${LOSS_AFTER:-20}
password=una-clave-para-la-prueba-de-perdida
work=$(mktemp -d "${TMPDIR:-/tmp}/tablero-loss.XXXXXX")
server=
flow=
pg_stopped=no
cleanup() {
    local status=$?
    [[ -n $flow ]] && { kill "$flow" 2>/dev/null || true; }
    [[ -n $server ]] && { kill "$server" 2>/dev/null || true; }
    wait 2>/dev/null
    # with_postgres.sh stops the server it started; it must be running for that to be clean.
    if [[ $pg_stopped == yes ]]; then
        "${as_server[@]}" "$pg_bin/pg_ctl" start -D "$pg_data" -l "$pg_log" -w -s -o "$pg_options" \
            >/dev/null 2>&1 || true
    fi
    if [[ $status != 0 && -f $work/server.err ]]; then
        echo "--- the server's log (last 30 lines) ---"
        tail -30 "$work/server.err"
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
flunk() { failed=$((failed + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then pass "$1"; else flunk "$1"; fi; }
now_ms() { date +%s%3N; }

"$binary" migrate --db "$db" >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }
printf '%s\n' "$password" | "$binary" users add --email loss@faults.example --role citizen \
    --db "$db" >>"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }

"$binary" serve --db "$db" --files "$work/files" --listen 127.0.0.1:0 --demo --no-link-checks \
    --access-log off >"$work/server.out" 2>"$work/server.err" &
server=$!
url=
for _ in $(seq 300); do
    url=$(sed -n 's|^Tablero is serving on \(http://[^ ]*\)$|\1|p' "$work/server.out")
    [[ -n $url ]] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
[[ -n $url ]] || { cat "$work/server.err"; echo "FAIL the server did not start"; exit 1; }

# sign_in JAR: a browser's sign-in (GET the form for its CSRF cookie, POST it); prints the status.
sign_in_form() { rm -f "$1"; curl -s -o /dev/null -c "$1" "${url}sign-in"; }
sign_in_post() {
    local jar=$1 csrf
    csrf=$(awk '$6 == "tablero_csrf" { print $7 }' "$jar")
    curl -s -o "$work/signin.html" -w '%{http_code}' -b "$jar" -c "$jar" --max-time 10 \
        --data-urlencode "csrf=$csrf" --data-urlencode email=loss@faults.example \
        --data-urlencode "password=$password" "${url}sign-in"
}
sign_in() { sign_in_form "$1"; sign_in_post "$1"; }
check "a citizen signs in before the stop" '[[ $(sign_in "$work/jar") == 303 ]]'
cp "$work/jar" "$work/session"
# The pages the page cache holds once asked for.
curl -s -o /dev/null "$url"
curl -s -o /dev/null "${url}plans/PY-2014-2016"

# The flow: one request after another, each line "ms-since-epoch name status seconds".
(
    while true; do
        for name in healthz account api home plan; do
            case $name in
            healthz) args=("${url}healthz") ;;
            account) args=(-b "$work/session" "${url}account") ;;
            api) args=("${url}api/v1/plans") ;;
            home) args=("$url") ;;
            plan) args=("${url}plans/PY-2014-2016") ;;
            esac
            printf '%s %s %s\n' "$(now_ms)" "$name" \
                "$(curl -s -o /dev/null --max-time 10 -w '%{http_code} %{time_total}' "${args[@]}")"
        done
        sleep 0.05
    done
) >"$work/flow.log" 2>/dev/null &
flow=$!
sleep 1

# The form of a sign-in that will be sent while the database is down.
sign_in_form "$work/jar_down"
stop_started=$(now_ms)
"${as_server[@]}" "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w -s
pg_stopped=yes
stopped=$(now_ms)
echo "PostgreSQL stopped (pg_ctl stop -m fast took $((stopped - stop_started)) ms)"
sleep "$down_s"

# While it is down: the answers of pages that need the database, and what they say.
status=$(sign_in_post "$work/jar_down")
check "a write (a sign-in, its form fetched before the stop) answers 503 (got $status)" \
    '[[ $status == 503 ]] && grep -q "No podemos acceder a la base de datos" "$work/signin.html"'
health=$(curl -s -w ' %{http_code}' --max-time 5 "${url}healthz")
check "/healthz answers 503 while the database is down" '[[ $health == *" 503" ]]'
check "/healthz says unavailable" '[[ $health == *"\"status\":\"unavailable\""* ]]'
echo "     /healthz: $health"
status=$(curl -s -o "$work/page.html" -w '%{http_code}' --max-time 5 -b "$work/session" "${url}account")
check "a signed-in page answers 503 (got $status)" '[[ $status == 503 ]]'
check "the page explains in Spanish" 'grep -q "No podemos acceder a la base de datos" "$work/page.html"'
check "the page shows no driver message or trace" \
    '! grep -qiE "soci|postgres|libpq|exception|connection refused|terminat" "$work/page.html"'
curl -s -o "$work/page_en.html" --max-time 5 -b "$work/session" "${url}account?lang=en"
check "and in English with ?lang=en" 'grep -q "We cannot reach the database" "$work/page_en.html"'
status=$(curl -s -o "$work/api.json" -w '%{http_code}' --max-time 5 "${url}api/v1/plans")
check "the JSON API answers 503 with a JSON error, or 200 from the plan cache (got $status)" \
    '[[ $status == 200 ]] || { [[ $status == 503 ]] && grep -q "\"code\":\"unavailable\"" "$work/api.json"; }'

started=$(now_ms)
"${as_server[@]}" "$pg_bin/pg_ctl" start -D "$pg_data" -l "$pg_log" -w -s -o "$pg_options"
pg_stopped=no
restarted=$(now_ms)
echo "PostgreSQL started again (pg_ctl start took $((restarted - started)) ms)"
recovered=
while (($(now_ms) - restarted < recovery_s * 1000)); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${url}healthz") == 200 ]]; then
        recovered=$(now_ms)
        break
    fi
    sleep 0.1
done
check "/healthz answers 200 again within ${recovery_s} s of PostgreSQL's return, without a restart" \
    '[[ -n $recovered ]]'
[[ -n $recovered ]] && echo "     recovered $((recovered - restarted)) ms after pg_ctl start returned"
statuses=$(for _ in $(seq "$after"); do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 5 -b "$work/session" "${url}account"
done | sort | uniq -c | tr -s ' \n' ' ')
check "then $after signed-in pages in a row answer 200 (every pooled connection works)" \
    '[[ $statuses == " $after 200 " ]]'
echo "     statuses:$statuses"
check "a write works again (a new sign-in)" '[[ $(sign_in "$work/jar2") == 303 ]]'
kill "$flow" 2>/dev/null; wait "$flow" 2>/dev/null || true
flow=

# The flow's answers while the database was down (from the stop's start to the start's end).
awk -v from="$stop_started" -v to="$restarted" -v max="$max_ms" '
    $1 >= from && $1 <= to {
        ms = $4 * 1000
        if ($2 == "home" || $2 == "plan") { cached[$2 " " $3]++; next }
        n++; status[$3]++
        if (ms > slowest) slowest = ms
        if ($3 != 503 && $3 != 200) other++
        if (ms > max) slow++
    }
    END {
        printf "down: %d requests needing the database:", n
        for (s in status) printf " %s x%d", s, status[s]
        printf "; slowest %.0f ms (limit %d ms)\n", slowest, max
        printf "down: cached pages (home, plan):"
        for (s in cached) printf " %s x%d", s, cached[s]
        printf "\n"
        exit (n == 0 || slow > 0 || other > 0) ? 1 : 0
    }' "$work/flow.log" >"$work/down.txt" && fast=yes || fast=no
sed 's/^/     /' "$work/down.txt"
check "every request needing the database failed fast with 503 (none over ${max_ms} ms)" \
    '[[ $fast == yes ]]'
# A request caught by the stop itself may have been answered 200 just before; after the stop
# finished every one must be 503.
late=$(awk -v from="$stopped" -v to="$started" '$1 > from + 100 && $1 < to && $2 != "home" &&
    $2 != "plan" && $2 != "api" && $3 != 503' "$work/flow.log" | wc -l)
check "after the stop no request needing the database was answered other than 503" '[[ $late == 0 ]]'
grep -q 'lost the connection\|cannot reconnect\|does not answer' "$work/server.err" &&
    pass "the log says the database connection was lost" || flunk "the log says the database connection was lost"

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
