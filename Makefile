# Satchel's two everyday commands:
#   make run   build the UI and start the app on your default wallet
#   make test  everything CI checks: formatting, clippy, UI type check, all tests
# Both install what is missing first (.ci/deps).
#
# One build profile (dev) serves clippy, the tests, e2e and `make run`, so no
# step rebuilds what another built.

SHELL := bash
.ONESHELL:
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: vectors test-future run test deps deps-test ui ui-deps interop-deps fmt lint test-ui test-rust release bench bench-app bench-verify fuzz

run: deps ui
	cargo run -p satchel-app

release: deps ui
	cargo build --release -p satchel-app -p satchel-cli
	@echo "built: target/release/satchel-app and target/release/satchel"

deps:
	.ci/deps

test: deps-test ui interop-deps fmt lint test-ui test-rust test-future
	@echo "all checks passed"
	@cat target/test-summary.txt
	@cat target/test-future-summary.txt

deps-test:
	.ci/deps test

ui-deps: ui/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	touch node_modules/.package-lock.json

# The interop peer (digitalbazaar's libraries) for tests and benchmarks.
interop-deps: tests/interop/node_modules/.package-lock.json

tests/interop/node_modules/.package-lock.json: tests/interop/package.json tests/interop/package-lock.json
	cd tests/interop && npm ci --no-audit --no-fund
	touch node_modules/.package-lock.json

ui: ui-deps
	cd ui && npm run build

fmt:
	cargo fmt --all --check

lint: ui
	cargo clippy --workspace --all-targets --locked -- -D warnings

# The keyring tests talk to a real Secret Service on a private D-Bus session.
# The last line is the total over every test binary, so a reader of the log
# (or CI) sees at once how many ran.
# The UI's component tests (Vitest, jsdom, a mock backend).
test-ui: ui
	mkdir -p target
	cd ui && NO_COLOR=1 npm test 2>&1 | tee ../target/ui-tests.log

test-rust: ui
	mkdir -p target
	log=target/test-rust.log
	# --no-fail-fast: every failing test binary is run and reported, not only the first.
	status=0
	dbus-run-session -- .ci/with-keyring cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$$log" || status=$$?
	# Rust test binaries, plus the UI's Vitest run when it ran first.
	ui=$$(grep -aoE 'Tests +[0-9]+ passed' target/ui-tests.log 2>/dev/null | grep -oE '[0-9]+' || echo 0)
	awk -v ui="$$ui" '/^test result:/ {p += $$4; f += $$6; s += $$8} END {printf "tests: %d passed, %d failed, %d skipped\n", p + ui, f, s}' "$$log" | tee target/test-summary.txt
	exit $$status

# The same Rust tests with the clock of the test processes a year ahead
# (libfaketime): a test that pins a date against material made at the real
# time fails here today, not on the day the two meet. rustc hangs under
# libfaketime, so .ci/test-future builds everything with the real clock and
# then runs only the built test binaries a year ahead; its last lines are
# the total and what did not run a year ahead, and why.
test-future: ui
	dbus-run-session -- .ci/with-keyring .ci/test-future

# Refreshes the project's copy of the public test vectors (tests/vectors)
# from ../shared/vectors, adding each row's licence (tests/vectors/LICENCES.tsv,
# by repository) to MANIFEST.tsv.
vectors:
	.ci/vectors

bench:
	cargo bench -p satchel-core --bench store

# The release app with 1,000 credentials: cold start to the gallery, memory.
bench-app: deps-test ui
	cargo build --release -p satchel-app -p satchel-cli
	dbus-run-session -- .ci/with-keyring python3 tests/perf/app.py

# Satchel against @digitalbazaar/vc on the same fresh credentials, in one run.
bench-verify: interop-deps
	creds=$$(mktemp -d)
	node tests/interop/peers.mjs issue "$$creds"
	SATCHEL_BENCH_CREDENTIALS="$$creds" cargo bench -p satchel-core --bench verify
	node tests/interop/peers.mjs compare "$$creds" target/criterion

# The long fuzz runs (libFuzzer, sanitizer build; cargo-fuzz passes
# nightly-only flags, which RUSTC_BOOTSTRAP lets the stable toolchain take):
# every target for FUZZ_SECONDS from its committed seeds. New inputs go to
# fuzz/corpus (not committed); a failing input to fuzz/artifacts. The short
# run over the seeds alone is part of `make test` (the core's fuzz_seeds test).
FUZZ_SECONDS ?= 300
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
	cd src-tauri/crates/satchel-core
	for t in $$(ls fuzz/fuzz_targets | sed 's/\.rs$$//'); do
	  mkdir -p fuzz/corpus/$$t
	  seeds=$$( [ -d fuzz/seeds/$$t ] && echo fuzz/seeds/$$t || true)
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"
	  RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz $$t fuzz/corpus/$$t $$seeds -- -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048
	done
