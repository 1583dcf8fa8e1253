#!/usr/bin/env bash
# `tablero backup` and `tablero restore` on SQLite: a backup taken while the server is serving,
# restored into a new file and over an existing one, gives back the same plan (its CSV export,
# byte for byte) and the same accounts; a backup never overwrites a file; a restore refuses a file
# that is not a Tablero database and an existing database without --replace, and changes nothing
# then; on PostgreSQL both commands name the tool to use.
# Usage: backup_restore.sh path/to/tablero
set -u
tablero=${1:?usage: backup_restore.sh path/to/tablero}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
source "$(dirname "$0")/checks.sh"
run() { "$tablero" "$@" >"$work/out" 2>"$work/err"; }
check() {  # check NAME EXPECTED_EXIT ARGS...
    local name=$1 expected=$2
    shift 2
    run "$@"
    local status=$?
    if [ $status -eq "$expected" ]; then pass "$name"; else flunk "$name (exit $status)"; fi
}
snapshot() {  # snapshot DB NAME: the plan's CSV and the accounts, for comparing
    "$tablero" export plan-csv --plan PY-2014-2016 --db "$1" >"$work/$2.csv" 2>/dev/null
    "$tablero" users list --db "$1" >"$work/$2.users" 2>/dev/null
}

db=$work/tablero.db
check "a plan to keep" 0 import plan-csv "$source_dir/demo/paraguay-2014-2016.csv" --db "$db"
printf 'una-clave-muy-larga\n' | "$tablero" users add --email root@gov.py --role administrator \
    --name "Unidad" --db "$db" >/dev/null 2>&1
snapshot "$db" before

# The backup is taken while a server has the database open and answers requests.
"$tablero" serve --db "$db" --listen 127.0.0.1:0 --access-log off --no-link-checks \
    >"$work/serve.out" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q "Tablero is serving on" "$work/serve.out" && break; sleep 0.1; done
url=$(sed -n 's/.*Tablero is serving on \(http:[^ ]*\).*/\1/p' "$work/serve.out" | head -1)
[ -n "$url" ] && pass "the server is serving" || flunk "the server is serving"
check "backup while serving" 0 backup "$work/copy.db" --db "$db"
grep -q "^Backed up .* to .*copy.db ([0-9]* bytes, schema version [0-9]*)\.$" "$work/out" &&
    pass "says what it wrote" || flunk "says what it wrote"
curl -fsS "${url}plans/PY-2014-2016" >/dev/null && pass "the server kept serving" ||
    flunk "the server kept serving"
kill "$server"; wait "$server" 2>/dev/null; server=

check "a backup never overwrites a file" 1 backup "$work/copy.db" --db "$db"
grep -q "copy.db: the file exists" "$work/err" && pass "says the file exists" ||
    flunk "says the file exists"

check "restore into a new database" 0 restore "$work/copy.db" --db "$work/new.db"
snapshot "$work/new.db" new
cmp -s "$work/before.csv" "$work/new.csv" && [ -s "$work/new.csv" ] &&
    pass "the restored plan exports the same CSV" || flunk "the restored plan exports the same CSV"
cmp -s "$work/before.users" "$work/new.users" && [ -s "$work/new.users" ] &&
    pass "the restored accounts are the same" || flunk "the restored accounts are the same"

# Over an existing database: refused without --replace, then done with it.
printf 'otra-clave-bien-larga\n' | "$tablero" users add --email later@gov.py --role citizen \
    --name "Después" --db "$db" >/dev/null 2>&1
check "an existing database needs --replace" 2 restore "$work/copy.db" --db "$db"
grep -q "later@gov.py" <("$tablero" users list --db "$db" 2>/dev/null) && pass "and is left as it was" ||
    flunk "and is left as it was"
check "restore --replace" 0 restore "$work/copy.db" --db "$db" --replace
snapshot "$db" replaced
cmp -s "$work/before.users" "$work/replaced.users" && pass "the database is the backup again" ||
    flunk "the database is the backup again"

printf 'no soy una base de datos\n' >"$work/junk.db"
check "a file that is not a database" 1 restore "$work/junk.db" --db "$db" --replace
grep -q "junk.db: not a Tablero database" "$work/err" && pass "says it is not a Tablero database" ||
    flunk "says it is not a Tablero database"
snapshot "$db" after_junk
cmp -s "$work/before.users" "$work/after_junk.users" && pass "and nothing changed" ||
    flunk "and nothing changed"
check "a missing backup" 1 restore "$work/none.db" --db "$db" --replace

check "PostgreSQL: backup names pg_dump" 2 backup out.dump --db postgresql://u:secret@127.0.0.1:1/t
grep -q "pg_dump --format=custom" "$work/err" && ! grep -q secret "$work/err" &&
    pass "with the password hidden" || flunk "with the password hidden"
check "PostgreSQL: restore names pg_restore" 2 restore out.dump --db postgresql://u@127.0.0.1:1/t
grep -q "pg_restore --clean" "$work/err" && pass "says pg_restore" || flunk "says pg_restore"

finish
