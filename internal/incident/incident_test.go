package incident

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
)

func TestValidate(t *testing.T) {
	start := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	before := start.Add(-time.Minute)
	tests := []struct {
		name   string
		in     Incident
		fields []string
	}{
		{"ok, all tenants, open", Incident{StartedAt: start, Cause: "回線", AllTenants: true}, nil},
		{"ok, listed", Incident{StartedAt: start, Cause: "回線", Tenants: []oroshi.TenantID{3}}, nil},
		{"nothing", Incident{}, []string{"started_at", "cause", "tenants"}},
		{"end before start", Incident{StartedAt: start, EndedAt: &before, Cause: "x", AllTenants: true}, []string{"ended_at"}},
		{"long cause", Incident{StartedAt: start, Cause: strings.Repeat("障", 201), AllTenants: true}, []string{"cause"}},
	}
	for _, tt := range tests {
		err := Validate(tt.in)
		var ve *oroshi.ValidationError
		if tt.fields == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if !errors.As(err, &ve) || len(ve.Fields) != len(tt.fields) {
			t.Errorf("%s: %v, want fields %v", tt.name, err, tt.fields)
			continue
		}
		for _, f := range tt.fields {
			if ve.Fields[f] == "" {
				t.Errorf("%s: no message for %s", tt.name, f)
			}
		}
	}
}

func TestTenantsRoundTrip(t *testing.T) {
	tests := []struct {
		all  bool
		ts   []oroshi.TenantID
		text string
	}{
		{true, nil, "all"},
		{false, []oroshi.TenantID{7, 12}, "7,12"},
		{false, nil, ""},
	}
	for _, tt := range tests {
		if got := FormatTenants(tt.all, tt.ts); got != tt.text {
			t.Errorf("FormatTenants(%v, %v) = %q, want %q", tt.all, tt.ts, got, tt.text)
		}
		all, ts, err := ParseTenants(tt.text)
		if err != nil || all != tt.all || len(ts) != len(tt.ts) {
			t.Errorf("ParseTenants(%q) = %v %v %v", tt.text, all, ts, err)
		}
	}
	if _, _, err := ParseTenants("7,x"); err == nil {
		t.Error("ParseTenants accepted 7,x")
	}
}

func TestAnnounceText(t *testing.T) {
	start := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC) // 10:00 JST
	end := start.Add(42 * time.Minute)
	a := Announce(Incident{StartedAt: start, EndedAt: &end, Cause: "回線障害", Description: "全機能が停止しました。"})
	for _, want := range []string{"2026年11月20日 10:00", "2026年11月20日 10:42", "回線障害", "全機能が停止しました。"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if a.Subject != "【oroshi】障害のお知らせ（11月20日）" {
		t.Errorf("subject %q", a.Subject)
	}
	if open := Announce(Incident{StartedAt: start, Cause: "x"}); !strings.Contains(open.Text, "継続中") {
		t.Errorf("open incident text:\n%s", open.Text)
	}
}
