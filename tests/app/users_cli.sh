#!/usr/bin/env bash
# `tablero users` as an installer uses it on a SQLite file: the first administrator from a
# password on standard input, addresses in one spelling, every refusal with its field and exit
# code 2 and nothing written, disable and enable, verified addresses, and no password or hash in
# any output.
# Usage: users_cli.sh path/to/tablero
set -u
tablero=${1:?usage: users_cli.sh path/to/tablero}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/users.db
source "$(dirname "$0")/checks.sh"
# run EXPECTED_EXIT PASSWORD ARGS...: runs `tablero ARGS --db DB` with PASSWORD on stdin.
run() {
    local expected=$1 password=$2
    shift 2
    printf '%s\n' "$password" | "$tablero" "$@" --db "$db" >"$work/out" 2>"$work/err"
    local status=$?
    cat "$work/out" "$work/err" >>"$work/everything"
    [ $status -eq "$expected" ]
}
expect() {  # expect NAME EXPECTED_EXIT PASSWORD ARGS... [-- GREP_IN_OUTPUT]
    local name=$1
    shift
    if run "$@"; then pass "$name"; else flunk "$name"; fi
}
count_accounts() { "$tablero" users list --db "$db" 2>/dev/null | wc -l; }

expect "an administrator from stdin" 0 "una-clave-muy-larga" users add --email " Root@Gov.PY " \
    --role administrator --name "Unidad de Gobierno Abierto"
grep -q "Account root@gov.py created (administrator)." "$work/out" && pass "the address is normalised" ||
    flunk "the address is normalised"
expect "an officer with two institutions" 0 "otra-clave-larga" users add --email ana@example.org \
    --role officer --institution "Ministerio de Justicia (MJ)" --institution SENATICs
expect "a monitor with an organisation" 0 "tercera-clave-larga" users add --email semillas@example.org \
    --role monitor --organisation "Semillas para la Democracia"

expect "the same address again: refused" 1 "otra-clave-larga" users add --email ANA@example.org --role citizen
grep -q "email: there is already an account for ana@example.org" "$work/err" && pass "says the address is taken" ||
    flunk "says the address is taken"
expect "a short password: refused" 2 "corta" users add --email beto@example.org --role citizen
grep -q "password: a password has at least 10 characters" "$work/err" && pass "says why the password is refused" ||
    flunk "says why the password is refused"
expect "an unknown role: refused" 2 "una-clave-muy-larga" users add --email beto@example.org --role admin
expect "an officer without institution: refused" 2 "una-clave-muy-larga" users add --email beto@example.org --role officer
expect "institutions for a citizen: refused" 2 "una-clave-muy-larga" users add --email beto@example.org \
    --role citizen --institution MJ
expect "a bad address: refused" 2 "una-clave-muy-larga" users add --email "beto@" --role citizen
expect "the password as the address: refused" 2 "beto@example.org" users add --email beto@example.org --role citizen
[ "$(count_accounts)" -eq 3 ] && pass "refusals wrote nothing" || flunk "refusals wrote nothing"

expect "list" 0 "" users list
grep -q $'^ana@example.org\tofficer\tana\tMinisterio de Justicia (MJ); SENATICs\tactive$' "$work/out" &&
    pass "list shows role, name, institutions and state" || flunk "list shows role, name, institutions and state"
expect "disable" 0 "" users disable --email Ana@Example.org
"$tablero" users list --db "$db" 2>/dev/null | grep -q $'^ana@example.org\t.*\tdisabled$' &&
    pass "disabled in the list" || { cp /dev/null "$work/out"; flunk "disabled in the list"; }
expect "enable" 0 "" users enable --email ana@example.org
expect "disable an unknown address" 1 "" users disable --email nadie@example.org

# Nothing printed, ever, holds a password or its hash.
if grep -qE 'argon2|clave|corta' "$work/everything"; then flunk "no secrets printed"; else pass "no secrets printed"; fi
if command -v sqlite3 >/dev/null; then
    hashes=$(sqlite3 "$db" "SELECT COUNT(*) FROM accounts WHERE password_hash LIKE '\$argon2id\$%'")
    [ "$hashes" -eq 3 ] && pass "passwords are stored as argon2id hashes" ||
        flunk "passwords are stored as argon2id hashes"
    # The administrator vouches for the addresses: accounts made here need no verification link.
    verified=$(sqlite3 "$db" "SELECT COUNT(*) FROM accounts WHERE email_verified_at IS NOT NULL")
    [ "$verified" -eq 3 ] && pass "accounts made here are verified" ||
        flunk "accounts made here are verified ($verified)"
    audit=$(sqlite3 "$db" "SELECT COUNT(*) FROM audit_log WHERE entity = 'account'")
    [ "$audit" -eq 5 ] && pass "every change is in the audit log" || flunk "every change is in the audit log ($audit)"
fi

finish
