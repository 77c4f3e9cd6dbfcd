package config

import (
	"encoding/hex"
	"os"
	"strings"
)

// loadDBKey reads OROSHI_DB_KEY_FILE: a file holding 64 hexadecimal
// characters (32 bytes), the key the embedded SQLite database is encrypted
// with at rest (Adiantum). The key itself is never taken from the
// environment, so that it does not show in process listings.
func (c *Config) loadDBKey(getenv func(string) string) error {
	path := getenv("OROSHI_DB_KEY_FILE")
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return &Error{"OROSHI_DB_KEY_FILE", path, "cannot be read"}
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != 32 {
		return &Error{"OROSHI_DB_KEY_FILE", path, "must hold exactly 64 hexadecimal characters (32 bytes); generate with `openssl rand -hex 32`"}
	}
	if IsPostgresURL(getenv("OROSHI_DATABASE_URL")) {
		return &Error{"OROSHI_DB_KEY_FILE", path, "only applies to the embedded SQLite database; encrypt PostgreSQL's storage instead"}
	}
	c.DBKey = key
	return nil
}
