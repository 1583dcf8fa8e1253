#!/usr/bin/env bash
# The real server, end to end over HTTP: start build/tablero on a free port against the database
# given (a SQLite file by default, or $TABLERO_TEST_POSTGRES_URL when with_postgres.sh provides
# one), check the pages and endpoints with curl, then stop it with SIGTERM and expect a clean exit.
# Usage: serve_smoke.sh path/to/tablero [sqlite|postgres]
set -u
tablero=${1:?usage: serve_smoke.sh path/to/tablero [sqlite|postgres]}
backend=${2:-sqlite}
work=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
passed=0
failed=0
check() {  # check NAME COMMAND...: passes when COMMAND succeeds
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then
        passed=$((passed + 1)); echo "ok   $name"
    else
        failed=$((failed + 1)); echo "FAIL $name"
    fi
}

if [ "$backend" = postgres ]; then
    db=${TABLERO_TEST_POSTGRES_URL:?serve_smoke.sh postgres needs TABLERO_TEST_POSTGRES_URL (run it through with_postgres.sh)}
else
    db="$work/smoke.db"
fi

"$tablero" serve --db "$db" --files "$work/files" --listen 127.0.0.1:0 --demo --no-link-checks >"$work/out" 2>"$work/err" &
server=$!
url=""
for _ in $(seq 100); do
    url=$(sed -n 's/^Tablero is serving on \(http:[^ ]*\)$/\1/p' "$work/out")
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "FAIL the server did not print its URL"; cat "$work/err"
    echo "0 passed, 1 failed"; exit 1
fi
echo "serving on $url ($backend)"

# json_is URL EXPRESSION: the JSON answer at URL, as d, makes the Python EXPRESSION true.
json_is() {
    curl -s "$1" | python3 -c "import json, sys; d = json.load(sys.stdin); sys.exit(0 if ($2) else 1)"
}
get() { curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@"; }
header() { grep -i "^$1:" "$work/headers" | head -1 | cut -d' ' -f2- | tr -d '\r'; }

check "healthz answers 200" test "$(get "${url}healthz")" = 200
check "healthz says the database is ok" grep -q '"database":"ok"' "$work/body"
check "home page answers 200" test "$(get "$url")" = 200
check "home page is Spanish by default" grep -q '<html lang="es"' "$work/body"
check "home page shows the demo site name" grep -q 'Tablero de demostración' "$work/body"
check "home page has a CSP without inline scripts" bash -c "grep -i '^content-security-policy:' '$work/headers' | grep -q \"script-src 'self'\""
check "home page forbids framing" bash -c "grep -i '^content-security-policy:' '$work/headers' | grep -q \"frame-ancestors 'none'\""
check "nosniff header" test "$(header x-content-type-options)" = nosniff
check "referrer policy header" test -n "$(header referrer-policy)"
check "English on ?lang=en" bash -c "test \"\$(curl -s -o '$work/en' -w '%{http_code}' '${url}?lang=en')\" = 200 && grep -q '<html lang=\"en\"' '$work/en'"
check "Accept-Language picks Guaraní" bash -c "curl -s -H 'Accept-Language: gn, es;q=0.5' '$url' | grep -q '<html lang=\"gn\"'"
check "?lang= sets the cookie" bash -c "curl -s -D - -o /dev/null '${url}?lang=en' | grep -qi '^set-cookie: lang=en'"
check "gzip when asked" bash -c "curl -s -H 'Accept-Encoding: gzip' -D - -o /dev/null '$url' | grep -qi '^content-encoding: gzip'"
check "cached page is the same bytes" bash -c "cmp <(curl -s '$url') <(curl -s '$url')"
check "unknown page is a friendly 404" bash -c "test \"\$(curl -s -o '$work/404' -w '%{http_code}' '${url}no/such/page')\" = 404 && grep -q '<html lang=\"es\"' '$work/404'"
check "API 404 is JSON" bash -c "curl -s '${url}api/v1/nothing' | grep -q '\"error\":{\"code\":\"not_found\"'"
check "API index" bash -c "curl -s '${url}api/v1' | grep -q '\"name\":\"Tablero\"'"
check "metrics in Prometheus format" bash -c "curl -s '${url}metrics' | grep -q '^tablero_http_requests_total{route=\"/\",code=\"200\"}'"
check "metrics show the database pool" bash -c "curl -s '${url}metrics' | grep -q '^tablero_db_pool_size'"
css=$(grep -o '/static/css/site.css?v=[0-9a-f]*' "$work/body" | head -1)
check "layout links a fingerprinted stylesheet" test -n "$css"
check "stylesheet has an ETag" bash -c "curl -s -D - -o /dev/null '${url%/}$css' | grep -qi '^etag:'"
check "stylesheet answers 304 to its ETag" bash -c "etag=\$(curl -s -D - -o /dev/null '${url%/}$css' | grep -i '^etag:' | cut -d' ' -f2 | tr -d '\r'); test \"\$(curl -s -o /dev/null -w '%{http_code}' -H \"If-None-Match: \$etag\" '${url%/}$css')\" = 304"
# The plans API on Paraguay's demo plan, as its report gives it on 30 June 2015.
check "plans API lists Paraguay at 66.3 % on 2015-06-30" json_is "${url}api/v1/plans?as_of=2015-06-30" \
    "[abs(p['progress'] - 66.3) < 1e-9 for p in d if p['code'] == 'PY-2014-2016'] == [True]"
check "plans API shows Paraguay's plan at 66.3 % on 2015-06-30" json_is "${url}api/v1/plans/PY-2014-2016?as_of=2015-06-30" \
    "d['as_of'] == '2015-06-30' and abs(d['progress'] - 66.3) < 1e-9 and len(d['commitments']) == 9"
check "plans API shows commitment 3 at 50 % on 2015-06-30" json_is "${url}api/v1/plans/PY-2014-2016/commitments/3?as_of=2015-06-30" \
    "d['code'] == '3' and abs(d['progress'] - 50) < 1e-9 and d['suggested_level']['suggestion'] is True"
check "plans API: unknown plan is 404" test "$(get "${url}api/v1/plans/NOPE")" = 404
check "plans API: unknown plan is a JSON not_found error" python3 -c "import json, sys; sys.exit(0 if json.load(open('$work/body'))['error']['code'] == 'not_found' else 1)"
check "plans API: unknown plan answers application/json" bash -c "grep -i '^content-type:' '$work/headers' | grep -q 'application/json'"
check "plans API: bad as_of is 400" test "$(get "${url}api/v1/plans?as_of=2015-02-30")" = 400
check "plans API answers 304 to its ETag" bash -c "etag=\$(curl -s -D - -o /dev/null '${url}api/v1/plans?as_of=2015-06-30' | grep -i '^etag:' | cut -d' ' -f2 | tr -d '\r'); test -n \"\$etag\" && test \"\$(curl -s -o /dev/null -w '%{http_code}' -H \"If-None-Match: \$etag\" '${url}api/v1/plans?as_of=2015-06-30')\" = 304"
# The body limit is twice the largest upload (10 MB by default) plus 1 MiB: 25 MB is over it.
check "oversized body is 413" bash -c "test \"\$(head -c 25000000 /dev/zero | curl -s -o /dev/null -w '%{http_code}' --data-binary @- '${url}healthz')\" = 413"

kill -TERM "$server"
status=0
wait "$server" || status=$?
server=""
check "SIGTERM stops the server cleanly (exit $status)" test "$status" -eq 0
check "access log lines are JSON" bash -c "grep -q '^{.*\"status\":200' '$work/out'"
check "access log holds no query strings" bash -c "! grep -q 'lang=en' '$work/out'"
check "access log holds no client addresses" bash -c "! grep -q '127.0.0.1\"' '$work/out'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
