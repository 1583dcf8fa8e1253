# Helpers shared by the HTTP benchmark scripts (sourced, not run): starting `tablero serve` on
# port 0, waiting for it to be idle, one wrk run reduced to its figures, and the server's memory.
# A script that sources it sets `bench_name` (for messages) and `work` (its temporary folder), and
# stops the server in its own cleanup with stop_tablero.

bench_fail() {
    printf '%s: %s\n' "${bench_name:-bench}" "$*" >&2
    exit 1
}

# start_tablero BINARY DB [ARGS...]: serve DB on a free port of 127.0.0.1, without link checks or
# access log; sets server_pid and server_url (ending in /) once /healthz answers.
start_tablero() {
    local binary=$1 db=$2
    shift 2
    "$binary" serve --db "$db" --listen 127.0.0.1:0 --access-log off --no-link-checks \
        --files "$work/files" "$@" >"$work/serve.out" 2>"$work/serve.err" &
    server_pid=$!
    server_url=
    for _ in $(seq 600); do
        server_url=$(sed -n 's|^Tablero is serving on \(http://[^ ]*/\)$|\1|p' "$work/serve.out")
        [[ -n $server_url ]] && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    if [[ -z $server_url ]] || ! curl -fsS -o /dev/null "${server_url}healthz"; then
        cat "$work/serve.out" "$work/serve.err" >&2
        bench_fail "tablero did not start on $db"
    fi
}

stop_tablero() {
    if [[ -n ${server_pid:-} ]]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}

# Waits until the server has used no CPU for a second (at most 60 s): a request still running
# when wrk stops would otherwise be timed as part of the next measurement.
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

# The server's resident memory now and at its peak, "VmRSS VmHWM" in MB.
server_memory() {
    awk '$1 == "VmRSS:" { rss = $2 } $1 == "VmHWM:" { hwm = $2 }
        END { printf "%.0f %.0f\n", rss / 1024, hwm / 1024 }' "/proc/$server_pid/status"
}

# A wrk script that adds `_=N`, a new N for each request, so that every request misses the page
# cache (its key is the whole URL) and is rendered; the pages ignore the parameter. Written to
# $work/uncached.lua. Use it with one wrk thread: two would count the same N.
write_uncached_lua() {
    cat >"$work/uncached.lua" <<'EOF'
local n = 0
request = function()
    n = n + 1
    local separator = wrk.path:find("?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. separator .. "_=" .. n)
end
EOF
}

# wrk_measure NAME SECONDS THREADS CONNECTIONS URL [WRK ARGS...]: one wrk run; prints
# "requests/s p50 p99 requests errors", where errors counts socket errors and non-2xx/3xx
# answers (also reported on stderr).
wrk_measure() {
    local name=$1 seconds=$2 threads=$3 connections=$4 url=$5 out
    shift 5
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency --timeout 10s "$@" "$url")
    if grep -qE 'Socket errors|Non-2xx' <<<"$out"; then
        grep -E 'Socket errors|Non-2xx' <<<"$out" | sed "s|^ *|${bench_name:-bench}: $name: |" >&2
    fi
    awk '/^Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
        / requests in / { count = $1 }
        /Non-2xx/ { errors += $NF }
        /Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) errors += $i + 0 }
        END { print rps, p50, p99, count, errors + 0 }' <<<"$out"
}
