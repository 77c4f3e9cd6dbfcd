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

.PHONY: build run test test-short lint vet staticcheck bench tools clean

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/oroshi

# The demo logins are printed before the server starts.
run: build
	$(BIN) demo
	$(BIN) serve

# Store tests also run on PostgreSQL when it answers (OROSHI_TEST_DATABASE_URL,
# or the local server at 127.0.0.1:5432); otherwise they skip with a message.
test:
	PATH="$(GOBIN):$$PATH" $(GO) test -count=1 -timeout 30m ./...

test-short:
	$(GO) test -short -count=1 ./...

lint: vet staticcheck

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)

staticcheck:
	$(GO) run $(STATICCHECK) ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=1 ./...

# Test tools that are not Go libraries: the SMTP catcher.
tools:
	@command -v mailpit >/dev/null 2>&1 || test -x "$(GOBIN)/mailpit" || $(GO) install $(MAILPIT)

clean:
	rm -rf bin
