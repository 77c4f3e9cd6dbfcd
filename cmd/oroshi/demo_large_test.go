package main

import (
	"strings"
	"testing"
)

// TestDemoLarge runs `demo --scale large` small on SQLite (the store side
// is tested on both engines in internal/loadgen): it prints the figures
// and logins, and a second run is refused.
func TestDemoLarge(t *testing.T) {
	env := engineEnv(t, "sqlite")
	args := []string{"demo", "--scale", "large", "--tenants", "2", "--skus", "100", "--buyers", "10", "--orders", "200"}
	out, stderr, code := runCLI(t, env, args...)
	if code != 0 {
		t.Fatalf("demo --scale large: %d %s", code, stderr)
	}
	for _, want := range []string{"orders", "order_lines", "invoices", "large-demo-2026", "owner@large-000.example",
		"user1-b00000@large-000.example", "/large-000/login", "注文・出荷・請求"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, stderr, code := runCLI(t, env, args...); code == 0 || !strings.Contains(stderr, "生成済み") {
		t.Errorf("second run: %d %q", code, stderr)
	}
	if _, stderr, code := runCLI(t, env, "demo", "--scale", "huge"); code == 0 || !strings.Contains(stderr, "--scale") {
		t.Errorf("--scale huge: %d %q", code, stderr)
	}
}
