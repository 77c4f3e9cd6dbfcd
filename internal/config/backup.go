package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Backup is where and when backups are made (internal/backup).
type Backup struct {
	// Dir holds the encrypted backups and their manifests
	// (OROSHI_BACKUP_DIR, default <data dir>/backups).
	Dir string
	// Recipient is an age public key (age1…) or the path of a recipients
	// file (OROSHI_BACKUP_RECIPIENT). "": no backups are made.
	Recipient string
	// Keep is how many good generations are kept (OROSHI_BACKUP_KEEP, 14).
	Keep int
	// At is the daily time in JST, as minutes after midnight
	// (OROSHI_BACKUP_TIME, "03:00").
	At int
}

// Time is At as "HH:MM".
func (b Backup) Time() string {
	return fmt.Sprintf("%02d:%02d", b.At/60, b.At%60)
}

// Daily is the JST clock time of the daily backup.
func (b Backup) Daily() (hour, minute int) { return b.At / 60, b.At % 60 }

func (c *Config) loadBackup(getenv func(string) string) error {
	b := Backup{Dir: getenv("OROSHI_BACKUP_DIR"), Recipient: strings.TrimSpace(getenv("OROSHI_BACKUP_RECIPIENT")), Keep: 14, At: 3 * 60}
	if b.Dir == "" {
		b.Dir = filepath.Join(c.DataDir, "backups")
	}
	if v := getenv("OROSHI_BACKUP_KEEP"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return &Error{"OROSHI_BACKUP_KEEP", v, "must be a number of generations from 1 to 1000"}
		}
		b.Keep = n
	}
	if v := getenv("OROSHI_BACKUP_TIME"); v != "" {
		t, err := time.Parse("15:04", v)
		if err != nil {
			return &Error{"OROSHI_BACKUP_TIME", v, "must be HH:MM (JST), e.g. 03:00"}
		}
		b.At = t.Hour()*60 + t.Minute()
	}
	if r := b.Recipient; r != "" && !strings.HasPrefix(r, "age1") {
		if _, err := os.Stat(r); err != nil {
			return &Error{"OROSHI_BACKUP_RECIPIENT", r, "must be an age public key (age1…) or a readable recipients file"}
		}
	}
	c.Backup = b
	return nil
}
