package config

import (
	"fmt"
	"testing"
)

func TestLoadTLS(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		secure  bool
		proxies string
		url     string
		wantErr string // the variable named by the error
	}{
		{"plain HTTP", map[string]string{}, false, "[]", "http://localhost:8080", ""},
		{"https base URL behind a proxy", map[string]string{"OROSHI_BASE_URL": "https://oroshi.example.jp",
			"OROSHI_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8,::1"}, true, "[127.0.0.1/32 10.0.0.0/8 ::1/128]", "https://oroshi.example.jp", ""},
		{"native TLS", map[string]string{"OROSHI_TLS_CERT": "c.pem", "OROSHI_TLS_KEY": "k.pem", "OROSHI_HTTP_ADDR": ":8443",
			"OROSHI_HTTP_REDIRECT_ADDR": ":8080"}, true, "[]", "https://localhost:8443", ""},
		{"cert without key", map[string]string{"OROSHI_TLS_CERT": "c.pem"}, false, "", "", "OROSHI_TLS_KEY"},
		{"redirect without TLS", map[string]string{"OROSHI_HTTP_REDIRECT_ADDR": ":80"}, false, "", "", "OROSHI_HTTP_REDIRECT_ADDR"},
		{"bad redirect address", map[string]string{"OROSHI_TLS_CERT": "c", "OROSHI_TLS_KEY": "k", "OROSHI_HTTP_REDIRECT_ADDR": "80"},
			false, "", "", "OROSHI_HTTP_REDIRECT_ADDR"},
		{"http base URL with TLS", map[string]string{"OROSHI_TLS_CERT": "c", "OROSHI_TLS_KEY": "k", "OROSHI_BASE_URL": "http://x.jp"},
			false, "", "", "OROSHI_BASE_URL"},
		{"bad proxy", map[string]string{"OROSHI_TRUSTED_PROXIES": "10.0.0.0/33"}, false, "", "", "OROSHI_TRUSTED_PROXIES"},
		{"proxy host name", map[string]string{"OROSHI_TRUSTED_PROXIES": "nginx"}, false, "", "", "OROSHI_TRUSTED_PROXIES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(env(tt.env))
			if tt.wantErr != "" {
				if e, ok := err.(*Error); !ok || e.Name != tt.wantErr {
					t.Fatalf("err = %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Secure() != tt.secure || fmt.Sprint(c.TLS.TrustedProxies) != tt.proxies || c.PublicURL() != tt.url {
				t.Errorf("Secure %v, proxies %v, URL %s", c.Secure(), c.TLS.TrustedProxies, c.PublicURL())
			}
		})
	}
}
