package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestMain(m *testing.M) { os.Exit(sqlstoretest.Main(m)) }

// cli runs the command in-process with a fixed environment.
func runCLI(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errb)
	code = exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func engineEnv(t *testing.T, engine string) map[string]string {
	env := map[string]string{"OROSHI_DATA_DIR": t.TempDir(), "OROSHI_LOG_LEVEL": "warn"}
	if engine == "postgres" {
		env["OROSHI_DATABASE_URL"] = sqlstoretest.Options(t, "postgres").URL
	}
	return env
}

func TestUsageAndConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stderr string
	}{
		{"no subcommand", nil, nil, 2, "a subcommand is required"},
		{"unknown subcommand", nil, []string{"frobnicate"}, 2, `unknown subcommand "frobnicate"`},
		{"bad setting names it", map[string]string{"OROSHI_HTTP_ADDR": "8080"}, []string{"serve"}, 2, "OROSHI_HTTP_ADDR"},
		{"bad flag", nil, []string{"serve", "--nope"}, 2, "flag provided but not defined"},
		{"help", nil, []string{"serve", "--help"}, 0, "Usage: oroshi serve"},
		{"tenant help", nil, []string{"tenant", "--help"}, 0, "oroshi tenant create"},
		{"missing required flags", nil, []string{"tenant", "create", "--slug", "x"}, 2, "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, tt.env, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("code %d stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
			if code == 2 && strings.Count(strings.TrimSpace(stderr), "\n") > 12 {
				t.Errorf("error output is not short: %q", stderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	out, _, code := runCLI(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "oroshi ") {
		t.Errorf("version: %q %d", out, code)
	}
}

func TestAdministrationCommands(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := engineEnv(t, engine)
			out, stderr, code := runCLI(t, env, "tenant", "create", "--slug", "marukawa", "--name", "丸川食品株式会社", "--admin-email", "boss@marukawa.example")
			if code != 0 || !strings.Contains(out, "/marukawa/admin/invite?token=") {
				t.Fatalf("tenant create: %d %q %q", code, out, stderr)
			}
			if _, stderr, code := runCLI(t, env, "tenant", "create", "--slug", "marukawa", "--name", "x", "--admin-email", "a@b.example"); code != 1 || !strings.Contains(stderr, "conflict") {
				t.Errorf("duplicate slug: %d %q", code, stderr)
			}
			out, _, _ = runCLI(t, env, "tenant", "list")
			if !strings.Contains(out, "marukawa") || !strings.Contains(out, "丸川食品株式会社") {
				t.Errorf("tenant list: %q", out)
			}
			out, stderr, code = runCLI(t, env, "apikey", "create", "--tenant", "marukawa", "--name", "基幹連携", "--scopes", "orders:read,catalog:read")
			if code != 0 || !strings.HasPrefix(out, "oroshi_") || strings.Count(out, "\n") != 1 {
				t.Errorf("apikey create: %d %q %q", code, out, stderr)
			}
			if _, stderr, code := runCLI(t, env, "apikey", "create", "--tenant", "nobody", "--name", "x", "--scopes", "orders:read"); code != 1 || !strings.Contains(stderr, "does not exist") {
				t.Errorf("unknown tenant: %d %q", code, stderr)
			}
			out, stderr, code = runCLI(t, env, "user", "create", "--realm", "ops", "--email", "ops2@oroshi.example", "--name", "運営 二郎", "--role", "operator")
			if code != 0 || !strings.Contains(out, "/ops/invite?token=") {
				t.Errorf("user create: %d %q %q", code, out, stderr)
			}
		})
	}
}

func TestDemoIsIdempotent(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := engineEnv(t, engine)
			first, stderr, code := runCLI(t, env, "demo")
			if code != 0 {
				t.Fatalf("demo: %d %s", code, stderr)
			}
			second, _, code := runCLI(t, env, "demo")
			if code != 0 || first != second {
				t.Errorf("second demo run differs:\n%s\n---\n%s", first, second)
			}
			for _, want := range []string{"さくら食品株式会社", "sakura-demo-2026", "tanaka@sakura-foods.example", "/sakura/login", "/ops/login", "TOTP"} {
				if !strings.Contains(first, want) {
					t.Errorf("demo output lacks %q", want)
				}
			}
		})
	}
}
