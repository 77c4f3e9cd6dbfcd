package logging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/logging"
)

func TestNew(t *testing.T) {
	tests := []struct {
		format, level string
		terminal      bool
		wantJSON      bool
		wantDebug     bool
		wantInfo      bool
	}{
		{"json", "info", true, true, false, true},
		{"text", "info", false, false, false, true},
		{"auto", "info", true, false, false, true},
		{"auto", "info", false, true, false, true},
		{"json", "debug", false, true, true, true},
		{"json", "warn", false, true, false, false},
		{"json", "error", false, true, false, false},
		{"bogus", "bogus", false, true, false, true}, // safe defaults
	}
	for _, tt := range tests {
		t.Run(tt.format+"/"+tt.level, func(t *testing.T) {
			var buf bytes.Buffer
			log := logging.New(&buf, tt.format, tt.level, tt.terminal)
			ctx := context.Background()
			if got := log.Enabled(ctx, -4); got != tt.wantDebug {
				t.Errorf("debug enabled = %v, want %v", got, tt.wantDebug)
			}
			if got := log.Enabled(ctx, 0); got != tt.wantInfo {
				t.Errorf("info enabled = %v, want %v", got, tt.wantInfo)
			}
			log.Error("hello", "n", 1)
			isJSON := json.Valid(bytes.TrimSpace(buf.Bytes()))
			if isJSON != tt.wantJSON {
				t.Errorf("JSON = %v, want %v: %s", isJSON, tt.wantJSON, buf.String())
			}
		})
	}
}

func TestNewRedactsSecretAttributes(t *testing.T) {
	var buf bytes.Buffer
	log := logging.New(&buf, "json", "info", false)
	log.Info("login", "password", "hunter2", "Token", "abc123", "user", "taro")
	out := buf.String()
	for _, secret := range []string{"hunter2", "abc123"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "taro") || !strings.Contains(out, logging.Redacted) {
		t.Errorf("log lost the plain attribute or the redaction mark: %s", out)
	}
}

func TestRequestInfo(t *testing.T) {
	// Outside a request: a throwaway, never nil, and not shared.
	bare := logging.Info(context.Background())
	bare.Tenant = "x"
	if logging.Info(context.Background()).Tenant != "" {
		t.Error("throwaway record was shared")
	}

	ctx, info := logging.WithInfo(context.Background())
	info.Tenant, info.UserID, info.Realm = "acme", "42", "seller"
	if got := logging.Info(ctx); got != info {
		t.Errorf("Info = %p, want the record of WithInfo %p", got, info)
	}
	// A second WithInfo reuses the record, so every layer fills the same one.
	ctx2, again := logging.WithInfo(ctx)
	if again != info || logging.Info(ctx2) != info {
		t.Error("WithInfo made a second record")
	}
}
