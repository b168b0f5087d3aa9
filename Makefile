# Lianban — entry points named in the README.
#   make run    build what is missing, start lianban on http://localhost:8080 (embedded DB, demo data),
#               the sample department system lianban-dept-sim on http://127.0.0.1:8091 and the
#               浙政钉 gateway simulator lianban-zwdd-sim on http://127.0.0.1:8092
#   make test   every test: format + lint, unit/integration (real SurrealDB), browser end-to-end
#   make bench  the benchmarks (bench/): full measurement, a missed target fails (not in make test)
# Build outputs live outside the clone so they persist between runs (override LIANBAN_CACHE).

SHELL := /bin/bash
LIANBAN_CACHE ?= $(HOME)/.cache/lianban
export CARGO_TARGET_DIR ?= $(LIANBAN_CACHE)/target
export LIANBAN_CACHE
TOOLS := $(LIANBAN_CACHE)/tools
export PATH := $(TOOLS)/bin:$(CURDIR)/node_modules/.bin:$(PATH)
WASM_BINDGEN_VERSION := 0.2.130

SURREAL_BIN := $(LIANBAN_CACHE)/target-surreal/debug/surreal
# `make test` compiles the workspace's own crates through clippy with warnings denied
# (tools/clippy-deny as RUSTC_WORKSPACE_WRAPPER): one build serves lint, unit tests and the
# end-to-end binary, instead of a separate `cargo clippy` pass that checks every dependency again.
LINT := RUSTC_WORKSPACE_WRAPPER=$(CURDIR)/tools/clippy-deny

.PHONY: run test tools web build lint unit e2e surreal clean-data test-build fmt-check web-linted bench

## Install the pinned build tools when missing (wasm32 target, wasm-bindgen-cli, npm packages).
tools:
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if ! wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)"; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (once; ~6 min)"; \
		CARGO_TARGET_DIR=$(LIANBAN_CACHE)/target-tools cargo install wasm-bindgen-cli \
			--version $(WASM_BINDGEN_VERSION) --root $(TOOLS); \
	fi
	@[ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund

## Build the web app into designer/dist.
web: tools
	bash designer/build.sh

## Build the server binary, the sample department system (受办分离 demo) and the 浙政钉 gateway
## simulator — exactly as `make test` builds them (the whole workspace, same features), so the
## dependencies (SurrealDB above all) are compiled once for both.
build: test-build

## The sample department system (http://127.0.0.1:8091, data under ./data/dept-sim) and the
## 浙政钉 gateway simulator (http://127.0.0.1:8092, data under ./data/zwdd-sim) run in the
## background and are stopped when lianban exits. Lianban's 浙政钉 channel points at the
## simulator with the demo app (the values of lianban_seeds::DEMO_ZWDD_*) unless the caller set
## LIANBAN_ZWDD_* itself.
run: web build
	@$(CARGO_TARGET_DIR)/debug/lianban-dept-sim & sim=$$!; \
	$(CARGO_TARGET_DIR)/debug/lianban-zwdd-sim & zsim=$$!; \
	trap 'kill $$sim $$zsim 2>/dev/null' EXIT INT TERM; \
	LIANBAN_OPEN_ALLOW=$${LIANBAN_OPEN_ALLOW:-127.0.0.1:8091} \
	LIANBAN_ZWDD_BASE_URL=$${LIANBAN_ZWDD_BASE_URL:-http://127.0.0.1:8092} \
	LIANBAN_ZWDD_APP_KEY=$${LIANBAN_ZWDD_APP_KEY:-demo-lianban} \
	LIANBAN_ZWDD_APP_SECRET=$${LIANBAN_ZWDD_APP_SECRET:-demo-zwdd-secret-7c4e9a1f2b6d8e3a5c0f9b7d1e2a4c6f} \
	LIANBAN_ZWDD_TENANT_ID=$${LIANBAN_ZWDD_TENANT_ID:-196729} \
	LIANBAN_PUBLIC_URL=$${LIANBAN_PUBLIC_URL:-http://localhost:8080} \
	$(CARGO_TARGET_DIR)/debug/lianban

## Format check, then every target of the workspace (native) and the web app (wasm32) compiled
## through clippy with warnings denied.
lint: fmt-check test-build web-linted

fmt-check:
	cargo fmt --all --check

## The web app built through clippy (also what the browser tests load).
web-linted: tools
	$(LINT) bash designer/build.sh

## The test build (linted): libraries, tests and the `lianban` binary the browser tests start.
test-build:
	$(LINT) cargo test --workspace --all-targets --no-run

## The SurrealDB server CLI (for the tests of LIANBAN_DB=ws://…), built outside the workspace.
surreal:
	cd tools/surreal && CARGO_TARGET_DIR=$(LIANBAN_CACHE)/target-surreal cargo build --bin surreal

## The tests that start several `lianban` processes (two nodes on one SurrealDB server, kill -9
## and restart) run in a second pass, after the in-process suite, so they don't compete with it
## for the CPU: on a 2-core machine the debug SurrealDB server is starved otherwise.
MULTI_PROCESS := two_nodes durability::
unit: surreal test-build
	$(LINT) LIANBAN_SURREAL_BIN=$(SURREAL_BIN) cargo test --workspace --all-targets -- $(addprefix --skip ,$(MULTI_PROCESS))
	$(LINT) LIANBAN_SURREAL_BIN=$(SURREAL_BIN) cargo test --workspace --all-targets -- $(MULTI_PROCESS)

e2e: web-linted test-build
	LIANBAN_BIN=$(CARGO_TARGET_DIR)/debug/lianban node tests/e2e/run.mjs

test: lint unit e2e

## The benchmarks (bench/README.md): every bench measured in full, its targets enforced. Built
## like the tests (dev profile, same features and lint wrapper), so the test build's dependencies
## are reused: a release build of SurrealDB alone takes over 30 minutes on 2 cores.
bench:
	$(LINT) cargo bench --workspace --profile dev --no-fail-fast --bench '*'

clean-data:
	rm -rf ./data
