#!/usr/bin/env bash
# HTTP throughput of build/tablero next to nginx serving the same home page as a static file:
# nginx is the ceiling a cached page could reach on this machine. Everything (tablero, nginx and
# wrk) shares the same cores, so the numbers compare servers here, not a production deployment.
#
#   bench/http_bench.sh                 # 10 s per target
#   BENCH_SECONDS=30 bench/http_bench.sh
#
# Settings: TABLERO_BINARY (build/tablero), BENCH_SECONDS (10), BENCH_CONNECTIONS (64),
# BENCH_THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${TABLERO_BINARY:-build/tablero}
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}

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

# nginx serves the page tablero renders, from a folder of its own.
mkdir -p "$work/www" "$work/nginx"
curl -fsS -o "$work/www/index.html" "$tablero_url"
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

# One wrk run; prints "requests/s p99" and warns about errors wrk counted.
measure() {
    local name=$1 url=$2 out
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$url")
    if grep -qE 'Socket errors|Non-2xx' <<<"$out"; then
        grep -E 'Socket errors|Non-2xx' <<<"$out" | sed "s|^ *|http_bench: $name: |" >&2
    fi
    awk '/^Requests\/sec:/ { rps = $2 } $1 == "99%" { p99 = $2 } END { print rps, p99 }' <<<"$out"
}

echo "wrk -t$threads -c$connections -d${seconds}s, $(nproc) cores shared by wrk and the server"
echo "page: $(stat -c %s "$work/www/index.html") bytes of HTML (the same bytes from both servers)"
nginx=$(measure nginx "${nginx_url}index.html")
health=$(measure healthz "${tablero_url}healthz")
home=$(measure home "$tablero_url")
read -r nginx_rps nginx_p99 <<<"$nginx"
read -r health_rps health_p99 <<<"$health"
read -r home_rps home_p99 <<<"$home"

printf '\n%-24s %14s %12s\n' target requests/s "p99 latency"
printf '%-24s %14s %12s\n' "nginx /index.html" "$nginx_rps" "$nginx_p99"
printf '%-24s %14s %12s\n' "tablero /healthz" "$health_rps" "$health_p99"
printf '%-24s %14s %12s\n' "tablero / (cached page)" "$home_rps" "$home_p99"
awk -v a="$home_rps" -v b="$nginx_rps" \
    'BEGIN { if (b > 0) printf "\ntablero / ÷ nginx: %.2f\n", a / b }'
