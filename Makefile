# Tablero's front door: `make help` lists the targets. CMake and CTest do the real work; this
# file only names the common runs.
PORT ?= 8080
LISTEN ?= 127.0.0.1:$(PORT)
JOBS ?= 2
export CTEST_PARALLEL_LEVEL ?= $(JOBS)
SOURCES = git ls-files --cached --others --exclude-standard -- '*.h' '*.cpp'

.DEFAULT_GOAL := help
.PHONY: help deps build run test format format-check tidy bench bench-micro bench-plans bench-consultations clean

help: ## list the targets
	@sed -n 's/^\([a-z-]*\):.*## \(.*\)/  make \1\t\2/p' $(MAKEFILE_LIST) | expand -t 22

deps: ## install the Debian packages and e2e/node_modules
	@scripts/install-deps.sh

build: deps ## build everything; the server is build/tablero
	@test -f build/build.ninja || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build -j $(JOBS)

run: build ## serve the demo site on LISTEN (make run LISTEN=0.0.0.0:8080)
	mkdir -p data
	build/tablero serve --db data/tablero.db --listen $(LISTEN) --demo

# The sanitizer build compiles only the unit tests (a tablero_test's target is named like its
# test), then the full suite runs last so the output ends with CTest's summary.
test: build ## unit tests under ASan/UBSan, then every test (unit, storage, e2e)
	@# Configured every time (cheap when nothing changed), so the list below has every test.
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTABLERO_SANITIZE=ON >/dev/null
	targets=$$(ctest --test-dir build-asan -L unit -N | sed -n 's/^ *Test *#[0-9]*: //p'); \
		cmake --build build-asan -j $(JOBS) $${targets:+--target $$targets}
	ctest --test-dir build-asan -L unit --output-on-failure
	ctest --test-dir build --output-on-failure

format: deps ## rewrite C++ sources with clang-format
	$(SOURCES) | xargs -r clang-format -i

format-check: deps ## fail if a C++ source is not clang-formatted
	$(SOURCES) | xargs -r clang-format --dry-run -Werror

tidy: build ## clang-tidy on src/ with build/compile_commands.json
	run-clang-tidy -p build -j $(JOBS) -quiet '$(CURDIR)/src/.*\.cpp$$'

bench: build ## HTTP throughput: tablero against nginx serving the same page
	bench/http_bench.sh

bench-micro: build ## micro-benchmarks of routing, the page cache, i18n and gzip
	build/bench/micro_bench

bench-plans: build ## a plan of 10,000 commitments: import times and GET /api/v1/plans latency
	bench/plan_bench.sh

bench-consultations: ## 200 citizens voting and commenting for 60 s, on SQLite and PostgreSQL; the database checked against every 303
	bench/consultation_load.sh

clean: ## remove the build folders and test output (keeps data/)
	rm -rf build build-asan e2e/screenshots e2e/test-results

.PHONY: fuzz
fuzz: deps ## libFuzzer targets (clang, ASan/UBSan) in build-fuzz, FUZZ_SECONDS (60) each; fails on a crash
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),60) fuzz/run.sh

.PHONY: package
package: build ## the Debian package build/tablero_VERSION_ARCH.deb (CPack; docs/deployment.md)
	cd build && cpack

.PHONY: faults
faults: build ## crash (ROUNDS=10 per backend), database loss and disk-full/read-only fault scripts
	ROUNDS=$(or $(ROUNDS),10) tests/faults/crash_safety.sh build/tablero sqlite
	ROUNDS=$(or $(ROUNDS),10) tests/storage_contract/with_postgres.sh tests/faults/crash_safety.sh build/tablero postgres
	tests/storage_contract/with_postgres.sh tests/faults/database_loss.sh build/tablero
	tests/faults/disk_faults.sh build/tablero

.PHONY: bench-scale
bench-scale: build ## generated installations (SCALE_SIZES, default "0.1 1.0") on SQLite and PostgreSQL: pages, API, writes, import, RSS
	SCALE_SIZES="$(or $(SCALE_SIZES),0.1 1.0)" bench/scale_bench.sh
