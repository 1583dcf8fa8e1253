#!/usr/bin/env bash
# HTTP throughput of build/tablero next to nginx serving the same pages as static files: nginx
# is the ceiling a cached page could reach on this machine. Everything (tablero, nginx and wrk)
# shares the same cores, so the numbers compare servers here, not a production deployment.
#
# Pages: the home page, the demo plan's page (Paraguay 2014-2016 as of 30 June 2015) and, with
# BENCH_LARGE=1 (the default), the page of a plan of 10,000 commitments and 100,000 results
# (bench/generate_plan_csv.py, imported before the server starts). Each is measured from
# nginx, from tablero's page cache ("cached": the same URL again and again), and rendered for
# every request ("uncached": wrk adds a different `_=N` parameter to each request, which the
# page ignores but the cache keys on), the last at -c1 and -c4 since its latency is the target.
#
#   bench/http_bench.sh                 # 10 s per target
#   BENCH_SECONDS=30 BENCH_LARGE=0 bench/http_bench.sh
#
# Settings: TABLERO_BINARY (build/tablero), BENCH_SECONDS (10), BENCH_CONNECTIONS (64),
# BENCH_THREADS (2), BENCH_LARGE (1).
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${TABLERO_BINARY:-build/tablero}
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
large=${BENCH_LARGE:-1}

fail() { printf 'http_bench: %s\n' "$*" >&2; exit 1; }
[[ -x $binary ]] || fail "$binary not found: run \`make build\` first"
for tool in wrk nginx curl python3; do
    command -v "$tool" >/dev/null || fail "$tool not found: run \`make deps\`"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tablero-bench.XXXXXX")
tablero_pid=
nginx_pid=
cleanup() {
    for pid in $tablero_pid $nginx_pid; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in $tablero_pid $nginx_pid; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

# Waits up to 20 s for a URL to answer 200.
wait_for() {
    local url=$1
    for _ in $(seq 200); do
        curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

if [[ $large == 1 ]]; then
    python3 bench/generate_plan_csv.py --out "$work/large.csv"
    "$binary" import plan-csv "$work/large.csv" --db "$work/bench.db" >/dev/null ||
        fail "the import of the large plan failed"
fi

# Tablero on port 0: the URL comes from the one line it prints when it is ready.
"$binary" serve --db "$work/bench.db" --listen 127.0.0.1:0 --demo --access-log off \
    >"$work/tablero.out" 2>"$work/tablero.err" &
tablero_pid=$!
tablero_url=
for _ in $(seq 200); do
    tablero_url=$(sed -n 's|^Tablero is serving on \(http://[^ ]*/\)$|\1|p' "$work/tablero.out")
    [[ -n $tablero_url ]] && break
    kill -0 "$tablero_pid" 2>/dev/null || break
    sleep 0.1
done
if [[ -z $tablero_url ]] || ! wait_for "${tablero_url}healthz"; then
    cat "$work/tablero.out" "$work/tablero.err" >&2
    fail "tablero did not start"
fi

# nginx serves the pages tablero renders, from a folder of its own: name, then tablero's path.
pages=("index.html /" "plan-demo.html /plans/PY-2014-2016?as_of=2015-06-30")
if [[ $large == 1 ]]; then pages+=("plan-large.html /plans/BENCH?as_of=2015-06-30"); fi
mkdir -p "$work/www" "$work/nginx"
for page in "${pages[@]}"; do
    read -r file path <<<"$page"
    curl -fsS -o "$work/www/$file" "${tablero_url%/}$path"
done
nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user_line=
# Run as root, nginx's workers would drop to "nobody", who cannot read the private work folder.
if ((EUID == 0)); then user_line="user root;"; fi
cat >"$work/nginx/nginx.conf" <<EOF
$user_line
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    types { text/html html; }
    default_type application/octet-stream;
    sendfile on;
    keepalive_requests 1000000;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/www;
    }
}
EOF
nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
nginx_url="http://127.0.0.1:$nginx_port/"
if ! wait_for "${nginx_url}index.html"; then
    cat "$work/nginx/error.log" >&2
    fail "nginx did not start"
fi

# wrk adds `_=N`, a new N for each request, so that every request misses the page cache. One
# thread only: two would count the same N.
cat >"$work/uncached.lua" <<'EOF'
local n = 0
request = function()
    n = n + 1
    local separator = wrk.path:find("?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. separator .. "_=" .. n)
end
EOF

# One wrk run; prints "requests/s p50 p99" and warns about errors wrk counted.
measure() {
    local name=$1 url=$2 t=$3 c=$4 out
    shift 4
    out=$(wrk -t"$t" -c"$c" -d"${seconds}s" --latency --timeout 10s "$@" "$url")
    if grep -qE 'Socket errors|Non-2xx' <<<"$out"; then
        grep -E 'Socket errors|Non-2xx' <<<"$out" | sed "s|^ *|http_bench: $name: |" >&2
    fi
    awk '/^Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
        END { print rps, p50, p99 }' <<<"$out"
}

row() { printf '%-52s %11s %9s %9s %s\n' "$@"; }

echo "wrk -t$threads -c$connections -d${seconds}s unless said; $(nproc) cores shared by wrk and the server"
for page in "${pages[@]}"; do
    read -r file path <<<"$page"
    echo "$path: $(stat -c %s "$work/www/$file") bytes of HTML (the same bytes from both servers)"
done
echo
row target requests/s p50 p99 "÷ nginx"
read -r rps p50 p99 <<<"$(measure healthz "${tablero_url}healthz" "$threads" "$connections")"
row "tablero /healthz" "$rps" "$p50" "$p99"
for page in "${pages[@]}"; do
    read -r file path <<<"$page"
    read -r nginx_rps p50 p99 <<<"$(measure "nginx $file" "${nginx_url}$file" "$threads" "$connections")"
    row "nginx /$file" "$nginx_rps" "$p50" "$p99"
    read -r rps p50 p99 <<<"$(measure "$path cached" "${tablero_url%/}$path" "$threads" "$connections")"
    ratio=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
    row "tablero $path (cached)" "$rps" "$p50" "$p99" "$ratio"
    for c in 1 4; do
        read -r rps p50 p99 <<<"$(measure "$path uncached" "${tablero_url%/}$path" 1 "$c" \
            -s "$work/uncached.lua")"
        row "tablero $path (uncached, -t1 -c$c)" "$rps" "$p50" "$p99"
    done
done
