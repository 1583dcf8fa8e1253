#!/usr/bin/env bash
# `tablero import plan-csv` and `tablero export plan-csv` as an officer uses them, on a SQLite
# file or on PostgreSQL ($TABLERO_TEST_POSTGRES_URL, as with_postgres.sh provides; each check
# that needs an empty database gets a new database on that server): a spreadsheet saved by a
# Spanish Excel imports, importing it again adds nothing, a broken file is refused with every
# problem and writes nothing, a missing file is one error line, and Paraguay's demo plan goes out
# and back in unchanged, byte for byte.
# Usage: import_csv.sh path/to/tablero [sqlite|postgres]
set -u
tablero=${1:?usage: import_csv.sh path/to/tablero [sqlite|postgres]}
backend=${2:-sqlite}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
fixtures=$source_dir/tests/domain/plans/fixtures
demo=$source_dir/demo/paraguay-2014-2016.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() {  # check NAME COMMAND...: passes when COMMAND succeeds
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then
        passed=$((passed + 1)); echo "ok   $name"
    else
        failed=$((failed + 1)); echo "FAIL $name"
        sed 's/^/     stdout: /' "$work/out" 2>/dev/null | head -5
        sed 's/^/     stderr: /' "$work/err" 2>/dev/null | head -25
    fi
}

if [ "$backend" = postgres ]; then
    base_url=${TABLERO_TEST_POSTGRES_URL:?import_csv.sh postgres needs TABLERO_TEST_POSTGRES_URL (run it through with_postgres.sh)}
    command -v psql >/dev/null || { echo "FAIL psql is needed to create the databases"; exit 1; }
fi

# fresh_db NAME: the --db value of a new, empty database.
fresh_db() {
    if [ "$backend" = postgres ]; then
        local name="import_csv_$$_$1"
        psql -q "$base_url" -c "CREATE DATABASE $name" >/dev/null || return 1
        echo "${base_url%/*}/$name"
    else
        echo "$work/$1.db"
    fi
}

# counts DB: the number of rows of every plan table, one "table count" a line.
counts() {
    local table
    for table in organisations plans areas commitments nodes progress_updates evidence assessments; do
        if [ "$backend" = postgres ]; then
            echo "$table $(psql -tA "$1" -c "SELECT COUNT(*) FROM $table")"
        else
            echo "$table $(sqlite3 "$1" "SELECT COUNT(*) FROM $table")"
        fi
    done
}

# run ARGS...: tablero with ARGS (timeout 60 s), stdout in $work/out, stderr in $work/err,
# the exit code in $code.
run() {
    timeout 60 "$tablero" "$@" >"$work/out" 2>"$work/err"
    code=$?
}

# The lines of stderr that are not log lines ("[time] [tablero] [info] ...").
messages() {
    grep -v '^\[[0-9-]* [0-9:.]*\] \[tablero\] \[[a-z]*\] ' "$work/err"
}

one_line_matching() {  # one_line_matching FILE PATTERN: FILE is exactly one line matching PATTERN
    [ "$(wc -l <"$1")" -eq 1 ] && grep -qE -- "$2" "$1"
}

# A spreadsheet from a Spanish Excel (BOM, CRLF, ';', decimal commas) into an empty database.
db=$(fresh_db spanish) || { echo "FAIL cannot create a database"; exit 1; }
run import plan-csv "$fixtures/spanish_excel.csv" --db "$db"
check "Spanish Excel file imports (exit $code)" test "$code" -eq 0
check "its summary line says what was created" one_line_matching "$work/out" \
    '^Plan PY-2014-2016 created from spanish_excel\.csv: [0-9]+ commitments? created, 0 updated; [0-9]+ results? created, 0 updated; [1-9][0-9]* progress updates? added, 0 already recorded\.$'
counts "$db" >"$work/counts-first"
check "the import wrote progress updates" grep -qE '^progress_updates [1-9]' "$work/counts-first"

run import plan-csv "$fixtures/spanish_excel.csv" --db "$db"
check "importing it again succeeds (exit $code)" test "$code" -eq 0
check "importing it again adds no progress update" one_line_matching "$work/out" \
    '^Plan PY-2014-2016 updated from spanish_excel\.csv: 0 commitments created, 0 updated; 0 results created, 0 updated; 0 progress updates added, [1-9][0-9]* already recorded\.$'
counts "$db" >"$work/counts-second"
check "importing it again leaves every table as it was" cmp "$work/counts-first" "$work/counts-second"

# A file with 21 problems: all of them reported, nothing written.
run export plan-csv --plan PY-2014-2016 --db "$db" -o "$work/before.csv"
check "export before the broken import (exit $code)" test "$code" -eq 0
run import plan-csv "$fixtures/broken.csv" --db "$db"
cp "$work/err" "$work/broken-err"
check "broken file is refused (exit $code)" test "$code" -eq 1
check "nothing on stdout for a broken file" test ! -s "$work/out"
check "stderr holds exactly 21 lines" test "$(wc -l <"$work/broken-err")" -eq 21
check "each is a problem FILE:ROW: message" test "$(grep -cE '^broken\.csv:[0-9]+: .' "$work/broken-err")" -eq 21
check "problems are sorted by row" bash -c "cut -d: -f2 '$work/broken-err' | sort -n -c"
run export plan-csv --plan PY-2014-2016 --db "$db" -o "$work/after.csv"
check "the earlier plan exports the same after the broken import" cmp "$work/before.csv" "$work/after.csv"
counts "$db" >"$work/counts-after-broken"
check "every table is as it was after the broken import" cmp "$work/counts-first" "$work/counts-after-broken"
run export plan-csv --plan P1 --db "$db"
check "the broken file's plan does not exist (exit $code)" test "$code" -eq 1

# A file that is not there: one error line naming it.
run import plan-csv "$work/no-such-file.csv" --db "$db"
check "missing file fails (exit $code)" test "$code" -eq 1
messages >"$work/messages"
check "missing file is one error line naming the file" one_line_matching "$work/messages" \
    "^tablero: .*no-such-file\.csv"
counts "$db" >"$work/counts-after-missing"
check "every table is as it was after the missing file" cmp "$work/counts-first" "$work/counts-after-missing"

# Paraguay's demo plan: export gives back the file itself, and export -> import -> export
# gives the same bytes.
first=$(fresh_db paraguay_first) || { echo "FAIL cannot create a database"; exit 1; }
run import plan-csv "$demo" --db "$first"
check "Paraguay's plan imports (exit $code)" test "$code" -eq 0
run export plan-csv --plan PY-2014-2016 --db "$first" -o "$work/exported.csv"
check "export writes the file (exit $code)" test "$code" -eq 0
check "export equals the demo file byte for byte" cmp "$demo" "$work/exported.csv"
run export plan-csv --plan PY-2014-2016 --db "$first"
check "export to stdout gives the same bytes" cmp "$work/exported.csv" "$work/out"
second=$(fresh_db paraguay_second) || { echo "FAIL cannot create a database"; exit 1; }
run import plan-csv "$work/exported.csv" --db "$second"
check "the export imports into an empty database (exit $code)" test "$code" -eq 0
run export plan-csv --plan PY-2014-2016 --db "$second" -o "$work/exported-again.csv"
check "export -> import -> export gives the same bytes" cmp "$work/exported.csv" "$work/exported-again.csv"
counts "$first" >"$work/counts-paraguay-first"
counts "$second" >"$work/counts-paraguay-second"
check "Paraguay's plan has its rows" grep -qE '^nodes [1-9]' "$work/counts-paraguay-first"
check "both databases hold the same rows" cmp "$work/counts-paraguay-first" "$work/counts-paraguay-second"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
