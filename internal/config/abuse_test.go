package config

import (
	"fmt"
	"testing"
)

func TestLoadAbuseExempt(t *testing.T) {
	tests := []struct {
		value, want string
		wantErr     bool
	}{
		{"", "[]", false},
		{"127.0.0.1, ::1", "[127.0.0.1/32 ::1/128]", false},
		{"10.1.2.3/8,2001:db8::/32", "[10.0.0.0/8 2001:db8::/32]", false},
		{"::ffff:192.0.2.1", "[192.0.2.1/32]", false},
		{"localhost", "", true},
		{"10.0.0.0/33", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			c, err := Load(env(map[string]string{"OROSHI_ABUSE_EXEMPT": tt.value}))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got := fmt.Sprint(c.Abuse.Exempt); err == nil && got != tt.want {
				t.Errorf("Exempt = %s, want %s", got, tt.want)
			}
		})
	}
}
