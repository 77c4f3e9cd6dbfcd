# oroshi — two commands do everything on a fresh machine:
#   make run    build, migrate, seed the demo tenant (SQLite) and serve on :8080
#   make test   the whole suite (SQLite always; PostgreSQL, Chromium and mailpit when present)

GO          ?= go
BIN         := bin/oroshi
VERSION     := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -s -w -X github.com/oroshi-jp/oroshi/internal/app.Version=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
MAILPIT     := github.com/axllent/mailpit@v1.33.1
GOBIN       := $(shell $(GO) env GOPATH)/bin

.PHONY: build run test test-short lint vet staticcheck bench tools fonts clean crashtest
.PHONY: fuzz vulncheck bench-load bench-growth

# PDF fonts: Noto Sans JP Regular/Bold TTF (SIL OFL 1.1) from the npm registry,
# kept out of git in $(FONT_DIR). Checked by SHA-256 so a changed package is noticed.
FONT_PKG    := @expo-google-fonts/noto-sans-jp@0.4.3
FONT_DIR    := var/fonts
FONT_REG    := d930d5d52d15231c283089760f84584272ad5e37e14607ba0d19c798e7a9caec
FONT_BOLD   := c5b7b9d6a6eb682b0d4e6bbb38509575fd2759a28f147daa74714d1359a7909e

build: fonts
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/oroshi

# The demo logins are printed before the server starts.
run: build
	$(BIN) demo
	$(BIN) serve

# Store tests also run on PostgreSQL when it answers (OROSHI_TEST_DATABASE_URL,
# or the local server at 127.0.0.1:5432); otherwise they skip with a message.
test: fonts
	PATH="$(GOBIN):$$PATH" $(GO) test -count=1 -timeout 30m ./...

test-short:
	$(GO) test -short -count=1 ./...

lint: vet staticcheck vulncheck

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)

staticcheck:
	$(GO) run $(STATICCHECK) ./...

# govulncheck v1.9.0 against an offline database built from the
# golang.org/x/vulndb module (cached in ~/.cache/oroshi/vulndb, outside the checkout): see .ci/vulncheck.
# Called vulnerabilities in modules fail; those of Go's standard library
# are listed without failing (they need a Go upgrade).
vulncheck:
	GO=$(GO) .ci/vulncheck

# Fuzz targets (package:Target), each run for FUZZTIME one after the other.
# Their seed corpora (testdata/fuzz/<Target>) also run in `make test`.
FUZZTIME    ?= 30s
FUZZ_TARGETS := internal/csvio:FuzzReader internal/csvio:FuzzWriteRead internal/dataio:FuzzImport \
	internal/catalog:FuzzSearchTerms internal/customfields:FuzzParseCell internal/pricing:FuzzResolve \
	internal/pricing:FuzzParseRate internal/api:FuzzDecodeJSON

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz: $${t#*:} in ./$${t%%:*} for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t#*:}\$$" -fuzztime $(FUZZTIME) ./$${t%%:*}; \
	done

# Crash safety (e2e/crash): SIGKILL under order load on both engines, two
# servers behind nginx restarted in turn, PostgreSQL stopped under a server.
# CI runs the defaults; raise CRASH_CYCLES / CRASH_WORKERS for a longer soak.
CRASH_CYCLES  ?= 5
CRASH_WORKERS ?= 4
crashtest:
	OROSHI_CRASHTEST=1 OROSHI_CRASH_CYCLES=$(CRASH_CYCLES) OROSHI_CRASH_WORKERS=$(CRASH_WORKERS) \
		$(GO) test -count=1 -timeout 20m -v -run 'TestCrashOrders|TestZeroDowntimeRestart|TestDatabaseLoss' ./e2e/crash/

# The benchmarks, then the monthly closing of 10,000 buyers and 100,000
# orders on each engine (SLA 3-1: under 60 s; the loading is not timed).
bench: fonts
	$(GO) test -run '^$$' -bench . -benchmem -count=1 ./...
	OROSHI_BENCH_BILLING=1 $(GO) test -count=1 -timeout 30m -v -run '^TestBillingClosingScale$$' ./internal/sqlstore/

# Load test (internal/loadtest): virtual buyers, staff and API clients drive
# `oroshi serve` over HTTP in steps of LOAD_STEPS users, on SQLite and on
# PostgreSQL when OROSHI_TEST_DATABASE_URL answers; baselines (4 KB handler,
# 20 SQLite rows) in the same run. JSON in var/bench, the table in
# docs/performance.md. Not part of `make test` (its smoke test is).
LOAD_STEPS    ?= 10,50,200,1000
LOAD_DURATION ?= 30s
LOAD_THINK    ?= 0s
bench-load: fonts
	OROSHI_BENCH_LOAD=1 OROSHI_LOAD_STEPS=$(LOAD_STEPS) OROSHI_LOAD_DURATION=$(LOAD_DURATION) \
		OROSHI_LOAD_THINK=$(LOAD_THINK) $(GO) test -count=1 -timeout 60m -v -run '^TestBenchLoad$$' ./internal/loadtest/

# Cost growth (internal/loadtest): one step of GROWTH_VUS users of the mixed
# journey against a fresh server per data-set size (`oroshi demo --scale
# large --tenants 1`): 1,000 → 100,000 SKUs and 10,000 → 1,000,000 orders.
# The 1,000,000-order seed takes ~10 min on SQLite: GROWTH_MAX_ORDERS stops
# earlier. JSON in var/bench, the tables in docs/performance.md.
GROWTH_ENGINES    ?= sqlite,postgres
GROWTH_VUS        ?= 50
GROWTH_DURATION   ?= 10s
GROWTH_MAX_SKUS   ?= 100000
GROWTH_MAX_ORDERS ?= 1000000
bench-growth: fonts
	OROSHI_BENCH_GROWTH=1 OROSHI_GROWTH_ENGINES=$(GROWTH_ENGINES) OROSHI_GROWTH_VUS=$(GROWTH_VUS) \
		OROSHI_GROWTH_DURATION=$(GROWTH_DURATION) OROSHI_GROWTH_MAX_SKUS=$(GROWTH_MAX_SKUS) \
		OROSHI_GROWTH_MAX_ORDERS=$(GROWTH_MAX_ORDERS) $(GO) test -count=1 -timeout 150m -v -run '^TestBenchGrowth$$' ./internal/loadtest/

# Test tools that are not Go libraries: the SMTP catcher.
tools:
	@command -v mailpit >/dev/null 2>&1 || test -x "$(GOBIN)/mailpit" || $(GO) install $(MAILPIT)

# Idempotent: does nothing when both fonts are present.
fonts:
	@if [ -s $(FONT_DIR)/NotoSansJP-Regular.ttf ] && [ -s $(FONT_DIR)/NotoSansJP-Bold.ttf ]; then exit 0; fi; \
	set -e; command -v npm >/dev/null || { echo "fonts: npm is needed (apt-get install npm)"; exit 1; }; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	echo "fonts: fetching $(FONT_PKG) into $(FONT_DIR)"; \
	(cd "$$tmp" && npm pack --silent $(FONT_PKG) >/dev/null); \
	tar -xzf "$$tmp"/*.tgz -C "$$tmp" package/400Regular/NotoSansJP_400Regular.ttf \
		package/700Bold/NotoSansJP_700Bold.ttf package/LICENSE_FONT; \
	echo "$(FONT_REG)  $$tmp/package/400Regular/NotoSansJP_400Regular.ttf" | sha256sum -c --quiet; \
	echo "$(FONT_BOLD)  $$tmp/package/700Bold/NotoSansJP_700Bold.ttf" | sha256sum -c --quiet; \
	mkdir -p $(FONT_DIR); \
	cp "$$tmp/package/LICENSE_FONT" $(FONT_DIR)/OFL.txt; \
	cp "$$tmp/package/700Bold/NotoSansJP_700Bold.ttf" $(FONT_DIR)/.Bold.tmp; \
	cp "$$tmp/package/400Regular/NotoSansJP_400Regular.ttf" $(FONT_DIR)/.Regular.tmp; \
	mv $(FONT_DIR)/.Bold.tmp $(FONT_DIR)/NotoSansJP-Bold.ttf; \
	mv $(FONT_DIR)/.Regular.tmp $(FONT_DIR)/NotoSansJP-Regular.ttf

clean:
	rm -rf bin
