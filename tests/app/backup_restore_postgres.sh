#!/usr/bin/env bash
# The PostgreSQL backup as the documentation gives it: `tablero backup` and `tablero restore` on a
# PostgreSQL database name the pg_dump and pg_restore lines to run; run as printed (the password
# comes from PGPASSWORD or ~/.pgpass), they copy a database with a plan and accounts into a new
# one that serves the same plan CSV and the same accounts.
# Usage: backup_restore_postgres.sh path/to/tablero   (under tests/storage_contract/with_postgres.sh)
set -u
tablero=${1:?usage: backup_restore_postgres.sh path/to/tablero}
url=${TABLERO_TEST_POSTGRES_URL:?run it through tests/storage_contract/with_postgres.sh}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
chmod 755 "$work"  # pg_dump writes here, and the server may run as another user
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/checks.sh"
run() { "$tablero" "$@" >"$work/out" 2>"$work/err"; }
snapshot() {  # snapshot DB NAME: the plan's CSV and the accounts, for comparing
    "$tablero" export plan-csv --plan PY-2014-2016 --db "$1" >"$work/$2.csv" 2>/dev/null
    "$tablero" users list --db "$1" >"$work/$2.users" 2>/dev/null
}
# The command a refusal names: the text after "tool: " up to " (give the password".
named_command() { sed -n 's/.*tool: \(.*\) (give the password.*/\1/p' "$work/err"; }

run import plan-csv "$source_dir/demo/paraguay-2014-2016.csv" --db "$url" &&
    pass "a plan to keep" || flunk "a plan to keep"
printf 'una-clave-muy-larga\n' | "$tablero" users add --email root@gov.py --role administrator \
    --name "Unidad" --db "$url" >/dev/null 2>&1
snapshot "$url" before

run backup "$work/tablero.dump" --db "$url"
dump=$(named_command)
[[ $dump == pg_dump* ]] && pass "backup names pg_dump" || flunk "backup names pg_dump"
(cd "$work" && eval "$dump") >"$work/out" 2>"$work/err" && [ -s "$work/tablero.dump" ] &&
    pass "the pg_dump line makes a backup" || flunk "the pg_dump line makes a backup"

restored=${url%/*}/tablero_restored
psql -q "$url" -c "CREATE DATABASE tablero_restored" >"$work/out" 2>"$work/err" &&
    pass "an empty database to restore into" || flunk "an empty database to restore into"
run restore "$work/tablero.dump" --db "$restored"
restore=$(named_command)
[[ $restore == pg_restore* ]] && pass "restore names pg_restore" || flunk "restore names pg_restore"
(cd "$work" && eval "$restore") >"$work/out" 2>"$work/err" &&
    pass "the pg_restore line restores" || flunk "the pg_restore line restores"

snapshot "$restored" after
cmp -s "$work/before.csv" "$work/after.csv" && [ -s "$work/after.csv" ] &&
    pass "the restored plan exports the same CSV" || flunk "the restored plan exports the same CSV"
cmp -s "$work/before.users" "$work/after.users" && [ -s "$work/after.users" ] &&
    pass "the restored accounts are the same" || flunk "the restored accounts are the same"
run migrate --db "$restored" && grep -q "applied 0 migrations" "$work/out" &&
    pass "the restored schema is current" || flunk "the restored schema is current"

finish
