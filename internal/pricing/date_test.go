package pricing

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDateOfUsesJST(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want Date
	}{
		{"UTC afternoon is the next JST day", time.Date(2026, 3, 31, 15, 0, 0, 0, time.UTC), NewDate(2026, 4, 1)},
		{"one second earlier is still the 31st", time.Date(2026, 3, 31, 14, 59, 59, 0, time.UTC), NewDate(2026, 3, 31)},
		{"New Year in Japan", time.Date(2025, 12, 31, 15, 0, 0, 0, time.UTC), NewDate(2026, 1, 1)},
		{"zone of t does not matter", time.Date(2026, 4, 1, 0, 0, 0, 0, time.FixedZone("PST", -8*3600)), NewDate(2026, 4, 1)},
	}
	for _, tt := range tests {
		if got := DateOf(tt.t); got != tt.want {
			t.Errorf("%s: DateOf(%v) = %v, want %v", tt.name, tt.t, got, tt.want)
		}
	}
}

func TestDateValidCompareAdd(t *testing.T) {
	valid := []struct {
		d    Date
		want bool
	}{
		{NewDate(2026, 2, 28), true},
		{NewDate(2028, 2, 29), true},
		{NewDate(2026, 2, 29), false},
		{NewDate(2026, 4, 31), false},
		{NewDate(2026, 13, 1), false},
		{NewDate(2026, 1, 0), false},
		{Date{}, false},
		{NewDate(10000, 1, 1), false},
	}
	for _, tt := range valid {
		if got := tt.d.Valid(); got != tt.want {
			t.Errorf("%+v.Valid() = %v, want %v", tt.d, got, tt.want)
		}
	}
	a, b := NewDate(2026, 4, 1), NewDate(2026, 3, 31)
	if a.Compare(b) != 1 || b.Compare(a) != -1 || a.Compare(a) != 0 {
		t.Errorf("Compare wrong for %v and %v", a, b)
	}
	if (Date{}).Compare(b) != -1 {
		t.Error("the zero Date must sort before any real date (open start is earliest)")
	}
	if got := a.AddDays(-1); got != b {
		t.Errorf("AddDays(-1) = %v, want %v", got, b)
	}
	if got := NewDate(2026, 12, 31).AddDays(1); got != NewDate(2027, 1, 1) {
		t.Errorf("AddDays over the year end = %v", got)
	}
}

func TestDateText(t *testing.T) {
	d, err := ParseDate("2026-04-01")
	if err != nil || d != NewDate(2026, 4, 1) || d.String() != "2026-04-01" {
		t.Fatalf("ParseDate = %v, %v", d, err)
	}
	for _, bad := range []string{"2026-02-30", "2026/04/01", "", "令和8年4月1日"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	type row struct {
		From Date `json:"from"`
		To   Date `json:"to"`
	}
	b, err := json.Marshal(row{From: d})
	if err != nil || string(b) != `{"from":"2026-04-01","to":""}` {
		t.Fatalf("json = %s, %v", b, err)
	}
	var back row
	if err := json.Unmarshal(b, &back); err != nil || back.From != d || !back.To.IsZero() {
		t.Fatalf("round trip = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"from":"2026-13-01"}`), &back); err == nil {
		t.Error("bad JSON date accepted")
	}
}

func TestPeriodContains(t *testing.T) {
	from, to := NewDate(2026, 4, 1), NewDate(2026, 9, 30)
	tests := []struct {
		name string
		p    Period
		d    Date
		want bool
	}{
		{"day before From", Period{from, to}, from.AddDays(-1), false},
		{"From itself", Period{from, to}, from, true},
		{"To itself (inclusive)", Period{from, to}, to, true},
		{"day after To", Period{from, to}, to.AddDays(1), false},
		{"one-day period", Period{from, from}, from, true},
		{"open start, long ago", Period{To: to}, NewDate(1999, 1, 1), true},
		{"open start, after To", Period{To: to}, to.AddDays(1), false},
		{"open end, far future", Period{From: from}, NewDate(2099, 12, 31), true},
		{"open end, before From", Period{From: from}, from.AddDays(-1), false},
		{"fully open", Period{}, from, true},
	}
	for _, tt := range tests {
		if got := tt.p.Contains(tt.d); got != tt.want {
			t.Errorf("%s: %v.Contains(%v) = %v, want %v", tt.name, tt.p, tt.d, got, tt.want)
		}
	}
}

func TestPeriodString(t *testing.T) {
	from, to := NewDate(2026, 4, 1), NewDate(2026, 9, 30)
	tests := []struct {
		p    Period
		want string
	}{
		{Period{from, to}, "2026-04-01〜2026-09-30"},
		{Period{From: from}, "2026-04-01〜"},
		{Period{To: to}, "〜2026-09-30"},
		{Period{}, "期間指定なし"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
