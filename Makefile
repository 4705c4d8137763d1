# mpc — see README.md. Every target works on a fresh clone with Go and Node.js.
SHELL := /bin/bash
GO ?= go
ORACLE ?= $(abspath ../shared/oracle)
CORPUS_FETCH ?= $(abspath ../shared/corpus/fetch.sh)
CACHE := $(CURDIR)/.cache
export MPC_ORACLE_CACHE ?= $(CACHE)/oracle
export MPC_ORACLE_DIR ?= $(ORACLE)
export MPC_CORPUS ?= $(CACHE)/corpus
FUZZTIME ?= 10s

.PHONY: all build example test test-go vet fuzz oracle corpus parity parity-sample bench clean

all: build

# Static (no cgo): the dynamic loader alone costs about 0.8 ms per run of
# mpc, which is a third of its start-up.
build:
	CGO_ENABLED=0 $(GO) build -o bin/mpc ./cmd/mpc

# The first command of the README: build mpc and run it on the example app.
example: build
	./bin/mpc build testdata/app -o $(CACHE)/example-dist

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

# `make test` is what CI runs: unit and golden tests, a bounded fuzz run of
# every parser, and a bounded sample of the oracle parity suites.
test: vet test-go fuzz parity-sample

test-go:
	$(GO) test ./...

# Each fuzz target runs FUZZTIME (go test allows one -fuzz pattern per run).
# Go 1.26's fuzz coordinator can fail a run at the FUZZTIME boundary with a
# bare "context deadline exceeded" and no failing input (go.dev/issue/75804,
# fixed in Go 1.27): that exact shape is reported and passed; anything else,
# in particular a written failing input, fails the target.
fuzz:
	@set -e; for t in $$($(GO) run ./internal/tools/fuzztargets); do \
	  pkg=$${t%%:*}; name=$${t##*:}; \
	  echo "fuzz $$pkg $$name ($(FUZZTIME))"; \
	  log=$$(mktemp); \
	  if ! $(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) >$$log 2>&1; then \
	    if ! grep -q 'Failing input written' $$log && \
	       [ "$$(grep -A1 -- '^--- FAIL' $$log | tail -n 1)" = "    context deadline exceeded" ] && \
	       [ "$$(grep -c -- '^--- FAIL' $$log)" = 1 ]; then \
	      echo "  $$name: Go's fuzztime shutdown race (go.dev/issue/75804), no failing input: passed"; \
	    else tail -n 40 $$log; rm -f $$log; exit 1; fi; \
	  fi; \
	  rm -f $$log; \
	done

oracle:
	@node $(ORACLE)/setup.js >/dev/null || node $(ORACLE)/setup.js

corpus:
	@bash $(CORPUS_FETCH) $(MPC_CORPUS) >/dev/null

# Bounded parity sample for `make test` (a few minutes at most).
parity-sample: oracle corpus
	MPC_PARITY=sample $(GO) test ./internal/parity -count=1 -timeout 15m -v -run 'Parity' 2>&1 | grep -E '^(---|===|ok|FAIL|PASS|parity)|equal|differ' ; exit $${PIPESTATUS[0]}

# Full parity: every corpus file, generated cases; prints N/M equal per suite.
parity: oracle corpus
	MPC_PARITY=full $(GO) test ./internal/parity -count=1 -timeout 60m -v -run 'Parity'

# Speed: mpc against wcc/wcsc on the corpus in one run, plus Go benchmarks.
bench: oracle corpus build
	$(GO) test ./internal/parity -count=1 -timeout 30m -v -run 'Bench' -args -bench-compare
	$(GO) test ./wxml/... ./wxss/... ./compiler/... ./bundler/... ./analyze/... -run '^$$' -bench . -benchmem

clean:
	rm -rf bin .cache dist
