package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestVirusScanSettings(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    VirusScan
		errName string
	}{
		{"defaults", nil, VirusScan{MaxBytes: 25 << 20, Timeout: 30 * time.Second}, ""},
		{"set", map[string]string{"OROSHI_CLAMD_ADDR": "/run/clamav/clamd.ctl", "OROSHI_CLAMD_MAX_BYTES": "104857600",
			"OROSHI_CLAMD_TIMEOUT": "1m"}, VirusScan{Addr: "/run/clamav/clamd.ctl", MaxBytes: 100 << 20, Timeout: time.Minute}, ""},
		{"bad size", map[string]string{"OROSHI_CLAMD_MAX_BYTES": "25M"}, VirusScan{}, "OROSHI_CLAMD_MAX_BYTES"},
		{"tiny timeout", map[string]string{"OROSHI_CLAMD_TIMEOUT": "10ms"}, VirusScan{}, "OROSHI_CLAMD_TIMEOUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Config
			err := c.loadVirusScan(func(k string) string { return tt.env[k] })
			checkSetting(t, err, tt.errName, c.VirusScan == tt.want, c.VirusScan)
		})
	}
}

func TestDBKeySetting(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good", strings.Repeat("ab", 32)+"\n")
	tests := []struct {
		name    string
		env     map[string]string
		want    []byte
		errName string
	}{
		{"unset", nil, nil, ""},
		{"hex file", map[string]string{"OROSHI_DB_KEY_FILE": good}, bytes.Repeat([]byte{0xab}, 32), ""},
		{"missing file", map[string]string{"OROSHI_DB_KEY_FILE": filepath.Join(dir, "none")}, nil, "OROSHI_DB_KEY_FILE"},
		{"short key", map[string]string{"OROSHI_DB_KEY_FILE": write("short", "abcd")}, nil, "OROSHI_DB_KEY_FILE"},
		{"text, not hex", map[string]string{"OROSHI_DB_KEY_FILE": write("text", strings.Repeat("z", 64))}, nil, "OROSHI_DB_KEY_FILE"},
		{"with PostgreSQL", map[string]string{"OROSHI_DB_KEY_FILE": good, "OROSHI_DATABASE_URL": "postgres://h/db"}, nil, "OROSHI_DB_KEY_FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Config
			err := c.loadDBKey(func(k string) string { return tt.env[k] })
			checkSetting(t, err, tt.errName, bytes.Equal(c.DBKey, tt.want), c.DBKey)
			if err != nil && strings.Contains(err.Error(), strings.Repeat("ab", 32)) {
				t.Errorf("the key is in the error: %v", err)
			}
		})
	}
}

// checkSetting: an error naming errName, or none and ok.
func checkSetting(t *testing.T, err error, errName string, ok bool, got any) {
	t.Helper()
	var ce *Error
	if errName != "" {
		if !errors.As(err, &ce) || ce.Name != errName {
			t.Fatalf("err = %v, want one naming %s", err, errName)
		}
		return
	}
	if err != nil || !ok {
		t.Fatalf("got %+v, %v", got, err)
	}
}
