#!/usr/bin/env bash
# Installs everything Tablero needs to build, test and benchmark on Debian 12: the Debian
# packages below, then the browser-test modules in e2e/node_modules. A machine that has it all
# gets one line and no network traffic, so `make` can call this before every build.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config clang-format clang-tidy python3
    # fuzzing (make fuzz): clang 14 and its libFuzzer runtime (libclang_rt.fuzzer-x86_64.a)
    clang libclang-rt-14-dev
    # libraries
    libboost1.81-dev libboost-url1.81-dev libsoci-dev libsqlite3-dev libpq-dev
    nlohmann-json3-dev libkainjow-mustache-dev libsodium-dev libcmark-gfm-dev
    libcmark-gfm-extensions-dev libcli11-dev libspdlog-dev zlib1g-dev libssl-dev
    # run time: zone data for the installation's time zone (docs/configuration.md, "Time zone")
    tzdata
    # tests and benchmarks
    libgtest-dev libgmock-dev libbenchmark-dev sqlite3 postgresql chromium wrk nginx-light curl
)

say() { printf 'install-deps: %s\n' "$*"; }

# Debian packages: dpkg-query lists the installed ones ("ii"); the rest are missing.
declare -A installed=()
while read -r name status; do
    if [[ $status == ii ]]; then installed[$name]=1; fi
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${packages[@]}" 2>/dev/null || true)
missing=()
for package in "${packages[@]}"; do
    [[ -n ${installed[$package]:-} ]] || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
    if ((EUID != 0)); then
        say "missing Debian packages; install them with:" >&2
        echo "sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    updated=false
    apt_update() { say "apt-get update"; apt-get update -qq; updated=true; }
    # The package lists are refreshed only when one of the missing packages is unknown to them.
    for package in "${missing[@]}"; do
        if ! apt-cache show "$package" >/dev/null 2>&1; then
            apt_update
            break
        fi
    done
    say "installing ${missing[*]}"
    apt_install() { apt-get install -y -qq --no-install-recommends "${missing[@]}"; }
    # Stale lists name versions the mirror no longer has: refresh once and try again.
    if ! apt_install; then
        if $updated; then exit 1; fi
        apt_update
        apt_install
    fi
    # Chromium without its recommended packages must still run headless for the browser tests.
    if ! timeout 60 chromium --headless --no-sandbox --disable-gpu --dump-dom about:blank 2>/dev/null |
        grep -q '<body>'; then
        say "chromium was installed but does not run headless" >&2
        exit 1
    fi
fi

# Browser-test modules: npm writes node_modules/.package-lock.json, which is older than the
# lock file when someone changed the dependencies since the last install.
if ! command -v npm >/dev/null; then
    say "npm not found: the browser tests need Node.js 20 or later with npm" >&2
    exit 1
fi
stamp=e2e/node_modules/.package-lock.json
npm_note="e2e/node_modules up to date"
if [[ ! -f $stamp || e2e/package-lock.json -nt $stamp ]]; then
    say "npm ci in e2e/"
    (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
    npm_note="e2e/node_modules installed"
fi

if ((${#missing[@]} > 0)); then
    say "installed ${#missing[@]} Debian package(s); $npm_note"
else
    say "all ${#packages[@]} Debian packages present; $npm_note"
fi
