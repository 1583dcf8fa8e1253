#!/usr/bin/env bash
# Two Tablero servers on one PostgreSQL database, as behind a reverse proxy: what is done through
# one is seen through the other at once, and both servers' page caches let go of what changed
# (LISTEN/NOTIFY, storage/postgres/change_listener.h; docs/deployment.md).
#   - a session: signed in on A, the cookie works on B;
#   - a progress update: sent through B (with that cookie), the commitment's public page on A
#     shows it;
#   - a consultation vote: cast through A, the consultation's public page on B counts it.
# Each public page is fetched from both servers before the write, twice, so it is in both page
# caches (checked with the cache's hit counter), and again after it.
# Usage (through tests/storage_contract/with_postgres.sh): two_servers.sh path/to/tablero
set -euo pipefail
tablero=${1:?usage: two_servers.sh path/to/tablero}
db=${TABLERO_TEST_POSTGRES_URL:?two_servers.sh needs TABLERO_TEST_POSTGRES_URL (run it through with_postgres.sh)}
work=$(mktemp -d)
pids=()
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "$status" -ne 0 ]; then
        for name in a b; do
            [ -f "$work/$name.err" ] && sed "s/^/     server $name: /" "$work/$name.err" | tail -25
        done
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
flunk() { failed=$((failed + 1)); echo "FAIL $1"; }
check() {  # check NAME COMMAND...: passes when COMMAND succeeds
    local name=$1
    shift
    if "$@"; then pass "$name"; else flunk "$name"; fi
}
password="caballo-correcto-bateria"
plan="PY-2014-2016"

# start NAME [FLAGS...]: starts a server on a free port; sets url_NAME.
start() {
    local name=$1
    shift
    "$tablero" serve --db "$db" --files "$work/files" --listen 127.0.0.1:0 --no-link-checks \
        --access-log off "$@" >"$work/$name.out" 2>"$work/$name.err" &
    pids+=($!)
    local pid=$! found=""
    for _ in $(seq 300); do
        found=$(sed -n 's/^Tablero is serving on \(http:[^ ]*\)$/\1/p' "$work/$name.out")
        [ -n "$found" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$found" ]; then
        if kill -0 "$pid" 2>/dev/null; then
            echo "FAIL server $name did not start within 30 s"
        else
            local status=0
            wait "$pid" || status=$?
            echo "FAIL server $name exited with status $status before serving"
        fi
        exit 1
    fi
    printf -v "url_$name" '%s' "${found%/}"
}

# add_user EMAIL ROLE [FLAGS...]: an account made by the command line (verified).
add_user() {
    local email=$1 role=$2
    shift 2
    printf '%s\n' "$password" |
        "$tablero" users add --email "$email" --role "$role" --db "$db" "$@" >/dev/null 2>"$work/users.err" || {
        cat "$work/users.err"
        exit 1
    }
}

# sign_in JAR URL EMAIL: signs EMAIL in through URL, keeping the cookies in JAR; prints the status.
sign_in() {
    local jar=$1 url=$2 email=$3
    curl -s -c "$jar" -b "$jar" -o /dev/null "$url/sign-in"
    local token
    token=$(awk '$6 == "tablero_csrf" { print $7 }' "$jar")
    curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$token" \
        --data-urlencode "email=$email" --data-urlencode "password=$password" "$url/sign-in"
}

# form_value FILE NAME: the value of the first input named NAME in the HTML of FILE.
form_value() {
    python3 - "$1" "$2" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
for tag in re.findall(r"<input[^>]*>", page):
    if re.search(r'name="%s"' % re.escape(sys.argv[2]), tag):
        found = re.search(r'value="([^"]*)"', tag)
        print(html.unescape(found.group(1)) if found else "")
        break
PY
}

# metric URL NAME: a sample of the server's /metrics (0 when absent).
metric() {
    curl -s "$1/metrics" | awk -v name="$2" '$1 == name { value = $2 } END { print value + 0 }'
}

# cache_page NAME URL PATH: fetches PATH anonymously twice from URL into $work/NAME; passes when
# the second fetch was a page cache hit and both were the same page.
cache_page() {
    local name=$1 url=$2 path=$3
    curl -s -o "$work/$name" "$url$path"
    local hits
    hits=$(metric "$url" tablero_page_cache_hits_total)
    curl -s -o "$work/$name.again" "$url$path"
    [ "$(metric "$url" tablero_page_cache_hits_total)" -gt "$hits" ] && cmp -s "$work/$name" "$work/$name.again"
}

# changed_within NAME URL PATH PREDICATE: fetches PATH anonymously from URL into $work/NAME until
# the shell PREDICATE (reading $work/NAME) holds, for at most 2 s; says after how many tries.
changed_within() {
    local name=$1 url=$2 path=$3 predicate=$4 try
    for try in $(seq 40); do
        curl -s -o "$work/$name" "$url$path"
        if eval "$predicate"; then
            echo "     ($name: seen on try $try)"
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# ---- two servers ----
start a --demo
add_user ana@mj.gov.py officer --name "Ana Benítez" --institution "Ministerio de Justicia (MJ)"
add_user rosa@example.org citizen --name "Rosa Giménez"
start b
echo "server A on $url_a, server B on $url_b ($db)"
check "both servers listen for each other's changes" \
    test "$(metric "$url_a" tablero_change_listener_up)$(metric "$url_b" tablero_change_listener_up)" = 11
check "server B says it listens" grep -q "listening for other servers' changes" "$work/b.err"

# ---- a session made through A works on B ----
officer="$work/officer.jar"
check "the officer signs in through A (303)" test "$(sign_in "$officer" "$url_a" ana@mj.gov.py)" = 303
check "A gave a session cookie" grep -q tablero_session "$officer"
check "B knows the session: /account is 200" \
    test "$(curl -s -b "$officer" -o "$work/account_b" -w '%{http_code}' "$url_b/account")" = 200
check "B's /account names the officer" grep -q "ana@mj.gov.py" "$work/account_b"
check "without the cookie B sends to sign-in (303)" \
    test "$(curl -s -o /dev/null -w '%{http_code}' "$url_b/account")" = 303

# ---- a progress update through B, seen on A ----
curl -s -b "$officer" -o "$work/workspace_index" "$url_b/workspace"
check "the officer's workspace links the plan" \
    grep -q "href=\"/workspace/plans/$plan\"" "$work/workspace_index"
curl -s -b "$officer" -o "$work/workspace" "$url_b/workspace/plans/$plan"
report=$(grep -o "href=\"/workspace/plans/$plan/commitments/[^\"?]*/results/[^\"?]*\"" "$work/workspace" |
    head -1 | cut -d'"' -f2 || true)
check "the officer's workspace links a result to report on" test -n "$report"
commitment=${report#/workspace}
commitment=${commitment%/results/*}
check "A caches the commitment page $commitment" cache_page commitment_a_before "$url_a" "$commitment"
check "B caches the commitment page" cache_page commitment_b_before "$url_b" "$commitment"
note="Informe de la prueba de dos servidores $RANDOM$RANDOM"
check "the note is not on the page yet" bash -c "! grep -q '$note' '$work/commitment_a_before'"
curl -s -b "$officer" -o "$work/report" "$url_b$report"
remote_before=$(metric "$url_a" tablero_cache_invalidations_remote_total)
status=$(curl -s -b "$officer" -o /dev/null -w '%{http_code}' \
    -F "csrf=$(form_value "$work/report" csrf)" -F "percent=73" \
    -F "as_of=$(form_value "$work/report" as_of)" -F "note=$note" "$url_b$report")
check "the update is sent through B with A's cookie (303)" test "$status" = 303
check "B's own commitment page shows the update" \
    changed_within commitment_b_after "$url_b" "$commitment" "grep -q '$note' \"\$work/commitment_b_after\""
check "A's commitment page shows the update at once" \
    changed_within commitment_a_after "$url_a" "$commitment" "grep -q '$note' \"\$work/commitment_a_after\""
check "A counted a change from another server" \
    test "$(metric "$url_a" tablero_cache_invalidations_remote_total)" -gt "$remote_before"

# ---- a vote through A, counted on B ----
citizen="$work/citizen.jar"
check "the citizen signs in through A (303)" test "$(sign_in "$citizen" "$url_a" rosa@example.org)" = 303
consultation=$(curl -s "$url_a/consultations" | grep -o 'href="/consultations/[0-9]*"' | head -1 | cut -d'"' -f2 || true)
check "A lists the demo consultation" test -n "$consultation"
# The sum of the counts shown beside every item ("Total: N").
total_votes() {
    python3 - "$1" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
lines = re.findall(r'<p class="consultation-vote__counts">(.*?)</p>', page)
print(sum(int(re.findall(r"(\d+)\s*$", line)[0]) for line in lines) if lines else -1)
PY
}
check "A caches the consultation page" cache_page consultation_a_before "$url_a" "$consultation"
check "B caches the consultation page" cache_page consultation_b_before "$url_b" "$consultation"
votes_before=$(total_votes "$work/consultation_b_before")
check "B's page shows vote counts ($votes_before)" test "$votes_before" -ge 0
curl -s -b "$citizen" -o "$work/consultation_signed_in" "$url_a$consultation"
read -r kind key token < <(python3 - "$work/consultation_signed_in" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
for form in re.findall(r'<form class="consultation-vote__form".*?</form>', page, re.S):
    values = dict(re.findall(r'name="(csrf|kind|key)" value="([^"]*)"', form))
    print(values["kind"], html.unescape(values["key"]), values["csrf"])
    break
PY
) || true
check "A offers the citizen a vote form" test -n "${key:-}"
status=$(curl -s -b "$citizen" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$token" \
    --data-urlencode "kind=$kind" --data-urlencode "key=$key" --data-urlencode "choice=in_favour" \
    "$url_a$consultation/votes")
check "the vote is cast through A (303)" test "$status" = 303
check "B's consultation page counts the vote at once" \
    changed_within consultation_b_after "$url_b" "$consultation" \
    "test \"\$(total_votes \"\$work/consultation_b_after\")\" -eq $((votes_before + 1))"
check "A's consultation page counts it too" \
    changed_within consultation_a_after "$url_a" "$consultation" \
    "test \"\$(total_votes \"\$work/consultation_a_after\")\" -eq $((votes_before + 1))"

# ---- both stop cleanly, the listener with them ----
for index in 0 1; do
    name=$([ "$index" -eq 0 ] && echo A || echo B)
    kill -TERM "${pids[$index]}"
    status=0
    wait "${pids[$index]}" || status=$?
    check "server $name stops cleanly on SIGTERM (exit $status)" test "$status" -eq 0
done
pids=()

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
