#!/usr/bin/env bash
# `tablero check-links` as an operator uses it, against a small HTTP server on 127.0.0.1: a plan
# whose evidence links answer 200, 404, a redirect, and nothing; with private addresses refused
# (the default) every link is "private address" and the server hears nothing; allowed, each link
# gets its outcome, recorded in link_checks; a second run finds nothing due.
# Usage: check_links.sh path/to/tablero
set -u
tablero=${1:?usage: check_links.sh path/to/tablero}
command -v python3 >/dev/null || { echo "FAIL python3 is needed for the test server"; exit 1; }
command -v sqlite3 >/dev/null || { echo "FAIL sqlite3 is needed to read the results"; exit 1; }
work=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
source "$(dirname "$0")/checks.sh"
check() {  # check NAME COMMAND...: passes when COMMAND succeeds
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then pass "$name"; else flunk "$name"; fi
}

# The server: /informe.pdf 200, /movido 301 to /informe.pdf, /silencio never answers, anything
# else 404; each request line is appended to requests.log.
cat >"$work/server.py" <<'EOF'
import http.server, sys, time

log = open(sys.argv[1], "a", buffering=1)

class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, body):
        log.write(f"{self.command} {self.path}\n")
        if self.path == "/silencio":
            time.sleep(30)
            return
        if self.path == "/movido":
            self.send_response(301)
            self.send_header("Location", "/informe.pdf")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 200 if self.path == "/informe.pdf" else 404
        self.send_response(status)
        self.send_header("Content-Length", "4")
        self.end_headers()
        if body:
            self.wfile.write(b"%PDF")

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
EOF
python3 "$work/server.py" "$work/requests.log" >"$work/port" 2>/dev/null &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(head -1 "$work/port")
[ -n "$port" ] || { echo "FAIL the test server did not start"; exit 1; }
base="http://127.0.0.1:$port"

# A plan whose four results each carry one evidence link.
{
    echo "plan,plan_title,area,commitment,commitment_title,lead_institution,result,result_title,weight,progress,start_date,due_date,as_of,evidence_url"
    for row in "1.1 $base/informe.pdf" "1.2 $base/no-existe.pdf" "1.3 $base/movido" "1.4 $base/silencio"; do
        set -- $row
        echo "PL,Plan de prueba,Transparencia,1,Acceso,Ministerio de Justicia,$1,Resultado $1,1,50,2024-01-01,2024-12-31,2024-03-31,$2"
    done
} >"$work/plan.csv"

# run DB ARGS...: tablero check-links --db DB ARGS (timeout 60 s); output in out and err.
run() {
    local db=$1
    shift
    TABLERO_LOG_LEVEL=warn timeout 60 "$tablero" check-links --db "$db" "$@" >"$work/out" 2>"$work/err"
}
outcomes() {  # outcomes DB: "outcome status detail url" per link, by address
    sqlite3 -separator ' ' "$1" "SELECT outcome, http_status, detail, url FROM link_checks ORDER BY url"
}

for db in refused allowed; do
    check "import the plan into $db" "$tablero" import plan-csv "$work/plan.csv" --db "$work/$db.db"
done

# Private addresses refused (the default): nothing reaches the server.
if run "$work/refused.db"; then pass "check-links exits 0"; else flunk "check-links exits 0"; fi
grep -q "^Checked 4 links: 0 ok, 0 broken, 4 unreachable; 0 more due for the next round.$" "$work/out" &&
    pass "the summary counts four unreachable" || flunk "the summary counts four unreachable"
[ "$(grep -c $'^unreachable\tprivate address\t' "$work/out")" -eq 4 ] &&
    pass "each refused as a private address" || flunk "each refused as a private address"
[ ! -s "$work/requests.log" ] && pass "the server heard nothing" || flunk "the server heard nothing"
[ "$(outcomes "$work/refused.db" | grep -c '^unreachable 0 private address ')" -eq 4 ] &&
    pass "recorded in link_checks" || flunk "recorded in link_checks"

# Private addresses allowed: each link gets its own outcome (the silent one after 10 s).
if run "$work/allowed.db" --link-check-private on; then pass "check-links with private addresses"; else
    flunk "check-links with private addresses"; fi
grep -q "^Checked 4 links: 2 ok, 1 broken, 1 unreachable; 0 more due for the next round.$" "$work/out" &&
    pass "the summary counts each outcome" || flunk "the summary counts each outcome"
cat >"$work/expected" <<EOF
ok 200 200 OK $base/informe.pdf
ok 200 200 OK after 1 redirect $base/movido
broken 404 404 Not Found $base/no-existe.pdf
unreachable 0 timeout $base/silencio
EOF
outcomes "$work/allowed.db" >"$work/recorded"
if diff "$work/expected" "$work/recorded" >"$work/out"; then pass "each outcome recorded"; else
    flunk "each outcome recorded"; fi
grep -q "^HEAD /movido$" "$work/requests.log" && grep -q "^HEAD /informe.pdf$" "$work/requests.log" &&
    pass "HEAD requests, the redirect followed" || flunk "HEAD requests, the redirect followed"
checked_at=$(sqlite3 "$work/allowed.db" "SELECT checked_at FROM link_checks LIMIT 1")
[[ $checked_at =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] &&
    pass "the date of the check is kept" || flunk "the date of the check is kept ($checked_at)"

# Again at once: nothing is due for 24 hours.
requests_before=$(wc -l <"$work/requests.log")
run "$work/allowed.db" --link-check-private on
grep -q "^Checked 0 links: 0 ok, 0 broken, 0 unreachable; 0 more due for the next round.$" "$work/out" &&
    pass "a second run checks nothing" || flunk "a second run checks nothing"
[ "$(wc -l <"$work/requests.log")" -eq "$requests_before" ] &&
    pass "and sends nothing" || flunk "and sends nothing"

run "$work/allowed.db" --link-check-interval 0
[ $? -eq 2 ] && grep -q "link-check-interval" "$work/err" &&
    pass "an interval of 0 hours is a usage error" || flunk "an interval of 0 hours is a usage error"

# serve starts the background checks unless --no-link-checks, and stops them with the server.
serve_once() {  # serve_once NAME ARGS...: starts serve, waits until it serves, stops it with SIGTERM
    local name=$1
    shift
    "$tablero" serve --db "$work/allowed.db" --listen 127.0.0.1:0 --access-log off "$@" \
        >"$work/out" 2>"$work/err" &
    local pid=$!
    for _ in $(seq 100); do grep -q "Tablero is serving" "$work/out" && break; sleep 0.1; done
    # Once the server answers, its signal handlers are in place and the checker has started.
    local url
    url=$(grep -o 'http://[^ ]*' "$work/out" | head -1)
    for _ in $(seq 50); do curl -fsS "${url}healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    kill -TERM "$pid"
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ $waited -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"
        flunk "$name: serve stops on SIGTERM"
        return 1
    fi
    wait "$pid"
}
if serve_once "with link checks" && grep -q "link checks: every 24 h" "$work/err"; then
    pass "serve starts the link checks and stops cleanly"
else
    flunk "serve starts the link checks and stops cleanly"
fi
if serve_once "without link checks" --no-link-checks && ! grep -q "link checks" "$work/err"; then
    pass "--no-link-checks starts none"
else
    flunk "--no-link-checks starts none"
fi

finish
