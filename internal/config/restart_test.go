package config

import (
	"errors"
	"testing"
	"time"
)

func TestRestartConfig(t *testing.T) {
	tests := []struct {
		env          map[string]string
		delay, sweep time.Duration
		badName      string
	}{
		{env: nil},
		{env: map[string]string{"OROSHI_SHUTDOWN_DELAY": "5s", "OROSHI_JOBS_SWEEP_INTERVAL": "2s"},
			delay: 5 * time.Second, sweep: 2 * time.Second},
		{env: map[string]string{"OROSHI_SHUTDOWN_DELAY": "0s"}},
		{env: map[string]string{"OROSHI_SHUTDOWN_DELAY": "-1s"}, badName: "OROSHI_SHUTDOWN_DELAY"},
		{env: map[string]string{"OROSHI_SHUTDOWN_DELAY": "2m"}, badName: "OROSHI_SHUTDOWN_DELAY"},
		{env: map[string]string{"OROSHI_JOBS_SWEEP_INTERVAL": "500ms"}, badName: "OROSHI_JOBS_SWEEP_INTERVAL"},
		{env: map[string]string{"OROSHI_JOBS_SWEEP_INTERVAL": "often"}, badName: "OROSHI_JOBS_SWEEP_INTERVAL"},
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
		case c.ShutdownDelay != tt.delay || c.JobsSweepInterval != tt.sweep:
			t.Errorf("%v: delay %s, sweep %s; want %s, %s", tt.env, c.ShutdownDelay, c.JobsSweepInterval, tt.delay, tt.sweep)
		}
	}
}
