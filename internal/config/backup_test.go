package config

import (
	"errors"
	"testing"
)

func TestBackupSettings(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Backup
		errName string
	}{
		{"defaults", nil, Backup{Dir: "d/backups", Keep: 14, At: 180}, ""},
		{"set", map[string]string{"OROSHI_BACKUP_DIR": "/b", "OROSHI_BACKUP_KEEP": "7", "OROSHI_BACKUP_TIME": "23:45",
			"OROSHI_BACKUP_RECIPIENT": "age1xyz"}, Backup{Dir: "/b", Keep: 7, At: 23*60 + 45, Recipient: "age1xyz"}, ""},
		{"keep 0", map[string]string{"OROSHI_BACKUP_KEEP": "0"}, Backup{}, "OROSHI_BACKUP_KEEP"},
		{"bad time", map[string]string{"OROSHI_BACKUP_TIME": "3am"}, Backup{}, "OROSHI_BACKUP_TIME"},
		{"missing recipients file", map[string]string{"OROSHI_BACKUP_RECIPIENT": "/nonexistent/keys.txt"}, Backup{}, "OROSHI_BACKUP_RECIPIENT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{DataDir: "d"}
			err := c.loadBackup(func(k string) string { return tt.env[k] })
			var ce *Error
			if tt.errName != "" {
				if !errors.As(err, &ce) || ce.Name != tt.errName {
					t.Fatalf("err = %v, want one naming %s", err, tt.errName)
				}
				return
			}
			if err != nil || c.Backup != tt.want {
				t.Fatalf("Backup = %+v, %v; want %+v", c.Backup, err, tt.want)
			}
		})
	}
	if got := (Backup{At: 3 * 60}).Time(); got != "03:00" {
		t.Errorf("Time() = %q", got)
	}
}
