package dataio

import (
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

func TestParseYen(t *testing.T) {
	tests := map[string]oroshi.Yen{
		"1200": 1200, "1,200": 1200, "１，２００": 1200, "￥1,200": 1200, "¥1200": 1200, `\1200`: 1200,
		"1200円": 1200, " 0 ": 0, "1,000,000": 1_000_000,
	}
	for in, want := range tests {
		if got, ok := parseYen(in); !ok || got != want {
			t.Errorf("parseYen(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-5", "1.5", "12,00", "1,2345", "abc", "1e3", "9999999999999999"} {
		if got, ok := parseYen(in); ok {
			t.Errorf("parseYen(%q) = %d, want refused", in, got)
		}
	}
}

func TestParseCount(t *testing.T) {
	if n, ok := parseCount("１０"); !ok || n != 10 {
		t.Errorf("parseCount(１０) = %d, %v", n, ok)
	}
	for _, in := range []string{"0", "", "-1", "1.0", "1000000000"} {
		if _, ok := parseCount(in); ok {
			t.Errorf("parseCount(%q) accepted", in)
		}
	}
}

func TestParseDay(t *testing.T) {
	want := pricing.NewDate(2026, 4, 1)
	for _, in := range []string{"2026-04-01", "2026/4/1", "2026年4月1日", "20260401", "２０２６／４／１", "2026.04.01"} {
		if got, ok := parseDay(in); !ok || got != want {
			t.Errorf("parseDay(%q) = %v, %v", in, got, ok)
		}
	}
	if got, ok := parseDay(" "); !ok || !got.IsZero() {
		t.Errorf("blank day = %v, %v; want the zero date", got, ok)
	}
	for _, in := range []string{"2026-02-30", "4/1", "2026-13-01", "令和8年4月1日", "1800-01-01"} {
		if _, ok := parseDay(in); ok {
			t.Errorf("parseDay(%q) accepted", in)
		}
	}
}

func TestParseFlag(t *testing.T) {
	for in, want := range map[string]bool{"○": true, "◯": true, "1": true, "TRUE": true, "はい": true,
		"": false, "0": false, "×": false, "FALSE": false} {
		if got, ok := parseFlag(in); !ok || got != want {
			t.Errorf("parseFlag(%q) = %v, %v", in, got, ok)
		}
	}
	if _, ok := parseFlag("たぶん"); ok {
		t.Error("parseFlag(たぶん) accepted")
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\yamada\Desktop\取引先.csv`: "取引先.csv", "../../etc/passwd": "passwd", "": "upload.csv",
		"a\x00b.csv": "ab.csv",
	} {
		if got := cleanName(in); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
