package config

import "testing"

func TestMemoryLimitSetting(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    int64
		errName string
	}{
		{"default", nil, DefaultMemoryLimit, ""},
		{"MiB", map[string]string{"OROSHI_MEMORY_LIMIT": "512MiB"}, 512 << 20, ""},
		{"GiB", map[string]string{"OROSHI_MEMORY_LIMIT": "2GiB"}, 2 << 30, ""},
		{"bytes", map[string]string{"OROSHI_MEMORY_LIMIT": "67108864"}, 64 << 20, ""},
		{"off", map[string]string{"OROSHI_MEMORY_LIMIT": "off"}, 0, ""},
		{"GOMEMLIMIT wins", map[string]string{"GOMEMLIMIT": "1GiB", "OROSHI_MEMORY_LIMIT": "512MiB"}, 0, ""},
		{"too small", map[string]string{"OROSHI_MEMORY_LIMIT": "1MiB"}, 0, "OROSHI_MEMORY_LIMIT"},
		{"unit unknown", map[string]string{"OROSHI_MEMORY_LIMIT": "256MB"}, 0, "OROSHI_MEMORY_LIMIT"},
		{"negative", map[string]string{"OROSHI_MEMORY_LIMIT": "-5"}, 0, "OROSHI_MEMORY_LIMIT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Config
			err := c.loadMemory(func(k string) string { return tt.env[k] })
			checkSetting(t, err, tt.errName, c.MemoryLimit == tt.want, c.MemoryLimit)
		})
	}
}
