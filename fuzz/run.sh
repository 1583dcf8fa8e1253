#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets with clang in build-fuzz (ASan + UBSan) and runs each
# for FUZZ_SECONDS (default 60) from its seed corpus, with its dictionary. Fails when any target
# finds a crash; the crashing inputs are kept under $FUZZ_OUT/crashes/<target>/ (default
# build-fuzz/fuzz-out). New inputs the fuzzer finds go to $FUZZ_OUT/corpus/<target>/, never into
# fuzz/corpus/ (the seeds stay small and reviewed). docs/fuzzing.md says how to turn a crash into
# a regression.
#
#   fuzz/run.sh                      every target, FUZZ_SECONDS each
#   fuzz/run.sh http forms           only these targets
#   FUZZ_SECONDS=600 FUZZ_JOBS=2 fuzz/run.sh plan_csv
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
build=${FUZZ_BUILD:-build-fuzz}
out=${FUZZ_OUT:-$build/fuzz-out}
all_targets=(plan_csv api forms http)
targets=("$@")
if ((${#targets[@]} == 0)); then targets=("${all_targets[@]}"); fi

say() { printf 'fuzz: %s\n' "$*"; }

if ! command -v clang++ >/dev/null; then
    say "clang++ is missing: make deps installs clang and libclang-rt-14-dev" >&2
    exit 1
fi
if [[ ! -f $build/build.ninja ]]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER=clang++ -DTABLERO_FUZZ=ON >/dev/null
fi
cmake --build "$build" -j "${JOBS:-2}" --target "${targets[@]/#/fuzz_}"

failed=()
for target in "${targets[@]}"; do
    binary=$build/fuzz/fuzz_$target
    crashes=$out/crashes/$target
    corpus=$out/corpus/$target
    mkdir -p "$crashes" "$corpus"
    options=(-max_total_time="$seconds" -artifact_prefix="$crashes/" -print_final_stats=1
        -timeout=10 -rss_limit_mb=4096)
    if [[ -f fuzz/dictionaries/$target.dict ]]; then
        options+=(-dict="fuzz/dictionaries/$target.dict")
    fi
    if ((jobs > 1)); then options+=(-fork="$jobs"); fi
    say "$target for ${seconds}s (crashes go to $crashes/)"
    log=$out/$target.log
    # The first folder receives what the fuzzer finds; the seeds are read from the second.
    if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
        "$binary" "${options[@]}" "$corpus" "fuzz/corpus/$target" >"$log" 2>&1; then
        grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" | sed "s/^/  $target /" || true
    else
        say "$target FAILED; the end of its log ($log):" >&2
        tail -n 40 "$log" >&2
        failed+=("$target")
    fi
done

if ((${#failed[@]} > 0)); then
    say "crashes found by: ${failed[*]}; inputs under $out/crashes/" >&2
    exit 1
fi
say "no crash in ${targets[*]} (${seconds}s each)"
