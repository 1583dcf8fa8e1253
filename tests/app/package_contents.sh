#!/usr/bin/env bash
# The Debian package as `make package` builds it (packaging/CMakeLists.txt): CPack makes it from
# the build tree into a temporary folder, then its files, control fields and maintainer scripts
# are checked, the unit is checked by systemd-analyze when present, and the unpacked program is
# started: it must find its templates in the package's usr/share/tablero, not in the checkout.
# Usage: package_contents.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: package_contents.sh BUILD_DIR}
work=$(mktemp -d)
server=""
cleanup() {
    local status=$?
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    if [ "$status" -ne 0 ]; then
        for file in cpack.log; do
            [ -f "$work/$file" ] && sed "s/^/     $file: /" "$work/$file" | tail -20
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
check() {
    local name=$1
    shift
    if "$@"; then pass "$name"; else flunk "$name"; fi
}

if ! cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
    echo "FAIL cpack"
    exit 1
fi
deb=$(ls "$work"/out/tablero_*.deb 2>/dev/null | head -1)
check "cpack made tablero_VERSION_ARCH.deb" test -n "$deb"
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' >"$work/contents"
for path in /usr/bin/tablero /usr/share/tablero/templates/layout.mustache \
    /usr/share/tablero/static/css/site.css /usr/share/tablero/locales/ \
    /usr/share/tablero/demo/paraguay-2014-2016.csv /lib/systemd/system/tablero.service \
    /etc/tablero/tablero.conf /usr/share/doc/tablero/deployment.md; do
    check "the package holds $path" grep -qx "$path" "$work/contents"
done
check "nothing from the build tree or the tests" bash -c "! grep -Eq 'test|bench|fuzz|CMake' '$work/contents'"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for library in libsoci-core libpq5 libsqlite3 libsodium libspdlog adduser; do
    check "it depends on $library" bash -c "grep -q '$library' <<<'$depends'"
done
dpkg-deb -e "$deb" "$work/control"
check "tablero.conf is a conffile" grep -qx /etc/tablero/tablero.conf "$work/control/conffiles"
check "postinst makes the tablero user" grep -q "adduser --system" "$work/control/postinst"
dpkg-deb -x "$deb" "$work/root"
# readelf comes with binutils (build-essential); a stripped program has no symbol table.
check "the program is stripped" bash -c "! readelf -S '$work/root/usr/bin/tablero' | grep -q '\.symtab'"
if command -v systemd-analyze >/dev/null; then
    # ExecStart must name an executable that exists: the unpacked one stands in.
    sed "s|/usr/bin/tablero|$work/root/usr/bin/tablero|" "$work/root/lib/systemd/system/tablero.service" \
        >"$work/tablero.service"
    check "systemd-analyze verify finds nothing in the unit" \
        bash -c "test -z \"\$(systemd-analyze verify '$work/tablero.service' 2>&1)\""
fi

# The unpacked program, with no --assets and run from elsewhere, finds ../share/tablero.
cd "$work"
"$work/root/usr/bin/tablero" serve --db "$work/package.db" --listen 127.0.0.1:0 --no-link-checks \
    --access-log off >"$work/out.log" 2>"$work/err" &
server=$!
url=""
for _ in $(seq 100); do
    url=$(sed -n 's/^Tablero is serving on \(http:[^ ]*\)$/\1/p' "$work/out.log")
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$url" ]; then
    flunk "the unpacked program serves"
    sed 's/^/     server: /' "$work/err" | tail -10
    exit 1
fi
pass "the unpacked program serves"
check "its assets are the package's usr/share/tablero" grep -q "from $work/root/usr/share/tablero" "$work/err"
check "its home page answers 200" test "$(curl -s -o /dev/null -w '%{http_code}' "${url:-http://127.0.0.1:1/}")" = 200
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=""
check "it stops cleanly (exit $status)" test "$status" -eq 0

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
