package config

import (
	"errors"
	"testing"
)

func TestWebhookAllowLoopback(t *testing.T) {
	for _, tt := range []struct {
		value string
		want  bool
		bad   bool
	}{{"", false, false}, {"true", true, false}, {"1", true, false}, {"false", false, false}, {"yes", false, true}} {
		c, err := Load(func(k string) string {
			if k == "OROSHI_WEBHOOK_ALLOW_LOOPBACK" {
				return tt.value
			}
			return ""
		})
		var ce *Error
		if tt.bad != (err != nil) || (tt.bad && (!errors.As(err, &ce) || ce.Name != "OROSHI_WEBHOOK_ALLOW_LOOPBACK")) {
			t.Errorf("%q: error %v", tt.value, err)
		}
		if c.WebhookAllowLoopback != tt.want {
			t.Errorf("%q: WebhookAllowLoopback = %v", tt.value, c.WebhookAllowLoopback)
		}
	}
}
