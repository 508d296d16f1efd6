# Parley — the two commands of the README are the contract:
#   make demo   set up everything, start a local homeserver with demo users, open the app
#   make test   set up everything and run every test, starting and stopping every service
# Both run as root on a fresh Debian 12 machine and are idempotent.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PARLEY_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/parley
# Cargo's build cache lives outside the clone so fresh clones (CI) reuse it.
export CARGO_TARGET_DIR ?= $(PARLEY_CACHE)/target
export PARLEY_CACHE
export CARGO_TERM_COLOR ?= never

HARNESS := tests/harness
SESSION := $(HARNESS)/desktop-session
WITH_HS := tests/with-homeserver

.PHONY: help deps ui build demo test test-unit test-ui test-e2e test-scanners test-desktop test-desktop-e2e test-desktop-dlp test-desktop-links test-desktop-files test-desktop-verification test-desktop-privacy test-desktop-notify test-desktop-conversation test-desktop-journey test-desktop-perf test-desktop-shell test-bench-quick test-xss test-desktop-xss test-browser test-deny test-fuzz test-packaging lint check-no-openssl package

help:
	@echo "make demo   start a local homeserver with demo users and open Parley"
	@echo "make test   install what is needed and run every test"
	@echo "make package  release installers in out/package (docs/packaging.md: signing keys from the environment)"

## Set-up ---------------------------------------------------------------------

deps:
	bash scripts/install-deps.sh
	$(HARNESS)/synapse ensure-venv >/dev/null
	tests/desktop/ensure-tauri-driver >/dev/null
	$(HARNESS)/oidc ensure-deps
	@if [[ ! -d ui/node_modules ]] || [[ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]]; then \
		npm --prefix ui ci --no-audit --no-fund; fi

ui: deps
	npm --prefix ui run build

# The desktop crate embeds ui/dist, so the UI is built first.
build: ui
	scripts/prune-target.sh
	cargo build --workspace --all-targets --examples

## Demo -----------------------------------------------------------------------

demo: build
	bash scripts/demo.sh

## Release artifacts (docs/packaging.md) --------------------------------------

PACKAGE_DIR := out/package

package: ui
	packaging/release.sh $(PACKAGE_DIR)

## Benchmarks (measurements, not tests; results in docs/benchmarks.md) ---

.PHONY: bench
bench: ui
	bash scripts/bench.sh

## Tests ----------------------------------------------------------------------

test: build
	$(MAKE) --no-print-directory lint test-unit test-ui test-e2e test-scanners test-desktop test-desktop-e2e test-desktop-dlp test-desktop-links test-desktop-files test-desktop-verification test-desktop-privacy test-desktop-notify test-desktop-conversation test-desktop-journey test-desktop-perf test-desktop-shell test-bench-quick test-xss test-desktop-xss test-browser test-deny test-fuzz test-packaging
	@echo "make test: every suite passed"

lint: check-no-openssl
	cargo clippy --workspace --all-targets --examples -- -D warnings
	# The e2e suite is `test = false` (it needs services), so --all-targets skips it.
	cargo clippy -p parleyctl --test e2e -- -D warnings
	cargo clippy -p parley-guard --test scan_live -- -D warnings
	cargo fmt --all --check

# The TLS stack is rustls only (issue #2): OpenSSL must not be anywhere in the tree.
check-no-openssl:
	@if cargo tree --workspace -e normal,build -i openssl-sys >/dev/null 2>&1; then \
		echo "openssl-sys is in the dependency tree:"; cargo tree --workspace -i openssl-sys; exit 1; fi
	@echo "check-no-openssl: no openssl-sys in the tree"

# Unit and crate integration tests need no services (the e2e suite is `test = false`).
test-unit:
	cargo test --workspace

test-ui:
	npm --prefix ui test
	npm --prefix ui run check

# End-to-end: real Synapse, real Secret Service keyring (inside a private D-Bus/Xvfb session),
# real clamd and c-icap (the file guard's scanners).
test-e2e:
	$(SESSION) tests/with-scanners $(WITH_HS) cargo test -p parleyctl --test e2e

# Antivirus clients against a real clamd (unix socket, TCP, a tiny StreamMaxLength) and c-icap.
test-scanners:
	tests/with-scanners cargo test -p parley-guard --test scan_live

test-desktop:
	$(SESSION) tests/desktop/smoke.sh

# The real WebKitGTK webview driven through WebDriver (tauri-driver) against Synapse.
test-desktop-e2e:
	$(SESSION) $(WITH_HS) tests/desktop/e2e.sh

# Outgoing DLP in the composer: warn, edit/cancel sends nothing, block policy.
test-desktop-dlp:
	$(SESSION) $(WITH_HS) tests/desktop/e2e.sh dlp.mjs

# Links: the dialog, Cancel, Open through a recording OS-opener stub, javascript: refused.
test-desktop-links:
	$(SESSION) $(WITH_HS) tests/desktop/e2e.sh links.mjs

# Emoji verification: incoming (mismatch) and outgoing (verified) against parleyctl as the other side.
test-desktop-verification:
	$(SESSION) $(WITH_HS) tests/desktop/e2e.sh verification.mjs

# Incoming files: offer cards, quarantine and the real clamd, release and the open prompt.
test-desktop-files:
	$(SESSION) tests/with-scanners $(WITH_HS) tests/desktop/e2e.sh files.mjs

# No resource sharing: the Privacy & security overview, a call invite as a missed-call notification.
test-desktop-privacy:
	$(SESSION) $(WITH_HS) tests/desktop/e2e.sh privacy.mjs

# A notification for every incoming event: 50-event mix, 500-event backfill, a 1,000-message
# flood in the app, all read back from dunst.
# Dependency audit, offline (issue 17): advisories, licences, bans, sources; and proof on a
# fixture that a crate with a known advisory fails.
test-deny:
	tests/deny/check.sh

# Fuzzing (issue 17): each libFuzzer target in fuzz/ for a bounded time on a copy of its
# checked-in seed corpus; any crash fails (the input is kept under fuzz/artifacts/).
# The .deb and .rpm from the Tauri bundler: installed, run and removed here, then signed with a
# throw-away key and verified with the policy bundle (docs/packaging.md).
test-packaging:
	tests/packaging/deb.sh

test-fuzz:
	scripts/fuzz.sh 20

test-desktop-conversation:
	$(SESSION) $(WITH_HS) tests/desktop/e2e.sh conversation.mjs

# One instance per profile (a second launch hands over its matrix: link and exits 0), Matrix
# links opened inside the app, the window size restored after a clean quit, the tray.
test-desktop-shell:
	$(SESSION) $(WITH_HS) tests/desktop/e2e.sh shell.mjs

test-desktop-notify:
	$(SESSION) $(WITH_HS) tests/desktop/e2e.sh notify.mjs

# A first day (issue 15): sign in on the login screen, "New chat" to B, messages both ways,
# Room details, the app switched to Traditional Chinese.
test-desktop-journey:
	$(SESSION) $(WITH_HS) tests/desktop/e2e.sh journey.mjs

# Timeline and start-up performance (figures to out/perf.json and docs/benchmarks.md, not
# asserted). The homeserver's files go to /dev/shm: seeding 10,000 messages is bound by
# Synapse's disk writes; the app and its profile stay on disk (TMPDIR restored).
test-desktop-perf:
	$(SESSION) env TMPDIR=/dev/shm $(WITH_HS) env TMPDIR=$${TMPDIR:-/tmp} tests/desktop/e2e.sh perf.mjs

# Parley side by side with nheko (issue 16), quick mode: keeps tests/bench/peers.sh working
# (tiny account, 1 run each, debug build); figures to out/, never asserted. A measurement that
# cannot be taken fails it. The full run is part of `make bench`.
test-bench-quick:
	PARLEY_BENCH_QUICK=1 PARLEY_BENCH_BUILD=debug PARLEY_BENCH_NO_BUILD=1 tests/bench/peers.sh out/bench-peers-quick.md

# The XSS corpus through the real sanitiser into real headless Chromium (with a positive control).
test-xss:
	node tests/xss/chromium.mjs

# Every screen of the UI in Chromium with Tauri's IPC mocked, light and dark: renders, axe-core
# finds no serious or critical WCAG violation, screenshots in out/screens (issue 15).
test-browser:
	npm --prefix ui run build:browser
	node tests/browser/screens.mjs

# The XSS corpus in the app's own WebKitGTK webview; navigation, window.open and IPC fuzzing.
test-desktop-xss:
	$(SESSION) $(WITH_HS) tests/desktop/e2e.sh xss.mjs
