package config

import "testing"

func TestDebugAddrSetting(t *testing.T) {
	tests := []struct {
		name, value, want, errName string
	}{
		{"unset", "", "", ""},
		{"ipv4 loopback", "127.0.0.1:6060", "127.0.0.1:6060", ""},
		{"ipv6 loopback", "[::1]:6060", "[::1]:6060", ""},
		{"localhost", "localhost:6060", "localhost:6060", ""},
		{"all interfaces", ":6060", "", "OROSHI_DEBUG_ADDR"},
		{"public address", "10.0.0.5:6060", "", "OROSHI_DEBUG_ADDR"},
		{"host name", "example.com:6060", "", "OROSHI_DEBUG_ADDR"},
		{"no port", "127.0.0.1", "", "OROSHI_DEBUG_ADDR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Config
			err := c.loadDebug(func(k string) string {
				if k == "OROSHI_DEBUG_ADDR" {
					return tt.value
				}
				return ""
			})
			checkSetting(t, err, tt.errName, c.DebugAddr == tt.want, c.DebugAddr)
		})
	}
}
