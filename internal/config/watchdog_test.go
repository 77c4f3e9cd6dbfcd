package config

import (
	"errors"
	"testing"
	"time"
)

func TestWatchdogConfig(t *testing.T) {
	def := DefaultWatchdog()
	tests := []struct {
		env     map[string]string
		want    func(Watchdog) bool
		badName string
	}{
		{nil, func(w Watchdog) bool { return w == def }, ""},
		{map[string]string{"OROSHI_WATCHDOG": "off"}, func(w Watchdog) bool { return w.Disabled }, ""},
		{map[string]string{"OROSHI_WATCHDOG_INTERVAL": "5s", "OROSHI_WATCHDOG_BACKUP_AGE": "30h"},
			func(w Watchdog) bool { return w.Interval == 5*time.Second && w.BackupAge == 30*time.Hour }, ""},
		{map[string]string{"OROSHI_WATCHDOG_ERROR_RATE": "0.01", "OROSHI_WATCHDOG_DISK_FREE": "0.2", "OROSHI_WATCHDOG_ERROR_MIN_REQUESTS": "5"},
			func(w Watchdog) bool { return w.ErrorRate == 0.01 && w.DiskFree == 0.2 && w.MinErrorReqs == 5 }, ""},
		{map[string]string{"OROSHI_WATCHDOG": "maybe"}, nil, "OROSHI_WATCHDOG"},
		{map[string]string{"OROSHI_WATCHDOG_INTERVAL": "0s"}, nil, "OROSHI_WATCHDOG_INTERVAL"},
		{map[string]string{"OROSHI_WATCHDOG_QUEUE_LAG": "soon"}, nil, "OROSHI_WATCHDOG_QUEUE_LAG"},
		{map[string]string{"OROSHI_WATCHDOG_ERROR_RATE": "5"}, nil, "OROSHI_WATCHDOG_ERROR_RATE"},
		{map[string]string{"OROSHI_WATCHDOG_DISK_FREE": "0"}, nil, "OROSHI_WATCHDOG_DISK_FREE"},
		{map[string]string{"OROSHI_WATCHDOG_ERROR_MIN_REQUESTS": "0"}, nil, "OROSHI_WATCHDOG_ERROR_MIN_REQUESTS"},
	}
	for _, tt := range tests {
		c, err := Load(func(k string) string { return tt.env[k] })
		var ce *Error
		switch {
		case tt.badName != "":
			if !errors.As(err, &ce) || ce.Name != tt.badName {
				t.Errorf("%v: error %v, want one naming %s", tt.env, err, tt.badName)
			}
		case err != nil:
			t.Errorf("%v: %v", tt.env, err)
		case !tt.want(c.Watchdog):
			t.Errorf("%v: got %+v", tt.env, c.Watchdog)
		}
	}
}
