package config

import (
	"slices"
	"testing"
)

func TestLoadSupportEmails(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    []string
		wantErr bool
	}{
		{"default: the operators", map[string]string{"OROSHI_OPERATOR_EMAILS": "a@x.jp, b@x.jp"}, []string{"a@x.jp", "b@x.jp"}, false},
		{"none at all", map[string]string{}, nil, false},
		{"own list", map[string]string{"OROSHI_OPERATOR_EMAILS": "a@x.jp", "OROSHI_SUPPORT_EMAIL": "help@x.jp,desk@x.jp"},
			[]string{"help@x.jp", "desk@x.jp"}, false},
		{"not an address", map[string]string{"OROSHI_SUPPORT_EMAIL": "help"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(env(tt.env))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && !slices.Equal(c.SupportEmails, tt.want) {
				t.Errorf("SupportEmails = %v, want %v", c.SupportEmails, tt.want)
			}
		})
	}
}
