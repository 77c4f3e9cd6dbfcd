package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "./data" || c.HTTPAddr != ":8080" || c.Engine() != "sqlite" ||
		c.SessionIdle != 30*time.Minute || c.SessionAbsolute != 12*time.Hour || c.SMTP.Host != "" {
		t.Errorf("unexpected defaults: %+v", c)
	}
	if got := c.PublicURL(); got != "http://localhost:8080" {
		t.Errorf("PublicURL = %q", got)
	}
}

func TestLoadErrorsNameTheSetting(t *testing.T) {
	tests := []struct {
		env  map[string]string
		name string
	}{
		{map[string]string{"OROSHI_DATABASE_URL": "mysql://x"}, "OROSHI_DATABASE_URL"},
		{map[string]string{"OROSHI_HTTP_ADDR": "8080"}, "OROSHI_HTTP_ADDR"},
		{map[string]string{"OROSHI_BASE_URL": "example.com"}, "OROSHI_BASE_URL"},
		{map[string]string{"OROSHI_SECRET_KEY": "short"}, "OROSHI_SECRET_KEY"},
		{map[string]string{"OROSHI_SECRET_KEY_FILE": "/nonexistent/key"}, "OROSHI_SECRET_KEY_FILE"},
		{map[string]string{"OROSHI_SESSION_IDLE": "soon"}, "OROSHI_SESSION_IDLE"},
		{map[string]string{"OROSHI_SESSION_IDLE": "13h"}, "OROSHI_SESSION_IDLE"},
		{map[string]string{"OROSHI_SMTP_PORT": "99999"}, "OROSHI_SMTP_PORT"},
		{map[string]string{"OROSHI_SMTP_TLS": "maybe"}, "OROSHI_SMTP_TLS"},
		{map[string]string{"OROSHI_LOG_FORMAT": "xml"}, "OROSHI_LOG_FORMAT"},
		{map[string]string{"OROSHI_OPERATOR_EMAILS": "ops"}, "OROSHI_OPERATOR_EMAILS"},
	}
	for _, tt := range tests {
		_, err := Load(env(tt.env))
		var ce *Error
		if !errors.As(err, &ce) || ce.Name != tt.name {
			t.Errorf("Load(%v) = %v, want an error naming %s", tt.env, err, tt.name)
		}
	}
}

func TestRedactsPasswordInErrors(t *testing.T) {
	_, err := Load(env(map[string]string{"OROSHI_DATABASE_URL": "mysql://u:hunter2@h/db"}))
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error leaks the password: %v", err)
	}
}

func TestEnsureSecretKeyPersists(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(env(map[string]string{"OROSHI_DATA_DIR": dir}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.EnsureSecretKey(); err != nil {
		t.Fatal(err)
	}
	first := string(c.SecretKey)
	st, err := os.Stat(filepath.Join(dir, "secret.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret.key: %v %v", st, err)
	}
	c2, _ := Load(env(map[string]string{"OROSHI_DATA_DIR": dir}))
	if err := c2.EnsureSecretKey(); err != nil || string(c2.SecretKey) != first || len(first) != 32 {
		t.Errorf("second load gave another key (%v)", err)
	}
}

func TestFontDir(t *testing.T) {
	for _, tt := range []struct{ env, want string }{
		{"", "var/fonts"},
		{"/opt/oroshi/fonts", "/opt/oroshi/fonts"},
	} {
		c, err := Load(env(map[string]string{"OROSHI_FONT_DIR": tt.env}))
		if err != nil || c.FontDir != tt.want {
			t.Errorf("OROSHI_FONT_DIR=%q: FontDir = %q, %v; want %q", tt.env, c.FontDir, err, tt.want)
		}
	}
}
