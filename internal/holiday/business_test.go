package holiday

import (
	"testing"
	"time"
)

// at is a JST time on a civil date, at 18:45 (after-hours, like a contract
// ending in the evening).
func at(date string) time.Time {
	d, err := time.ParseInLocation("2006-01-02 15:04", date+" 18:45", jst)
	if err != nil {
		panic(err)
	}
	return d
}

func TestIsBusinessDay(t *testing.T) {
	tests := []struct {
		date string
		want bool
	}{
		{"2026-04-28", true},  // Tuesday
		{"2026-04-29", false}, // 昭和の日
		{"2026-04-30", true},  // Thursday between Golden Week holidays
		{"2026-05-01", true},
		{"2026-05-02", false}, // Saturday
		{"2026-05-06", false}, // 振替休日
		{"2026-05-07", true},
		{"2026-09-22", false}, // 国民の休日
		{"2026-12-28", true},
		{"2026-12-29", false}, // year-end break, a Tuesday
		{"2026-12-31", false},
		{"2027-01-01", false},
		{"2027-01-03", false},
		{"2027-01-04", true},
		{"2027-03-22", false}, // 振替休日 for 春分の日
	}
	for _, tt := range tests {
		if got := IsBusinessDay(at(tt.date)); got != tt.want {
			t.Errorf("IsBusinessDay(%s) = %v, want %v", tt.date, got, tt.want)
		}
	}
}

func TestIsYearEndBreak(t *testing.T) {
	for date, want := range map[string]bool{"2026-12-28": false, "2026-12-29": true, "2026-12-31": true,
		"2027-01-01": true, "2027-01-03": true, "2027-01-04": false, "2027-06-30": false} {
		if got := IsYearEndBreak(at(date)); got != want {
			t.Errorf("IsYearEndBreak(%s) = %v, want %v", date, got, want)
		}
	}
}

func TestNextBusinessDay(t *testing.T) {
	tests := []struct{ from, want string }{
		{"2019-04-26", "2019-05-07"}, // the ten-day Golden Week of 2019
		{"2026-04-28", "2026-04-30"}, // over 昭和の日
		{"2026-05-01", "2026-05-07"}, // over Sat, Sun, 5/4–5/6
		{"2026-05-07", "2026-05-08"}, // strictly after a business day
		{"2026-09-18", "2026-09-24"}, // over 敬老の日, 国民の休日, 秋分の日
		{"2025-12-26", "2026-01-05"}, // year end; 1/4 is a Sunday
		{"2026-12-28", "2027-01-04"},
		{"2027-12-28", "2028-01-04"}, // 1/3 is a Monday, still the break
		{"2027-01-08", "2027-01-12"}, // over 成人の日
	}
	for _, tt := range tests {
		got := NextBusinessDay(at(tt.from))
		if want := at(tt.want); !got.Equal(want) || got.Location() != jst {
			t.Errorf("NextBusinessDay(%s) = %s, want %s", tt.from, got, want)
		}
	}
}

func TestAddBusinessDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-05-07", 0, "2026-05-07"}, // a business day stays
		{"2026-05-02", 0, "2026-05-07"}, // else the next
		{"2026-04-30", 1, "2026-05-01"},
		{"2026-04-30", 2, "2026-05-07"},
		{"2026-05-02", 1, "2026-05-07"}, // Saturday + 1 = the first business day after
		{"2026-12-25", 3, "2027-01-05"},
		{"2019-04-26", 5, "2019-05-13"},
	}
	for _, tt := range tests {
		got := AddBusinessDays(at(tt.from), tt.n)
		if want := at(tt.want); !got.Equal(want) || got.Location() != jst {
			t.Errorf("AddBusinessDays(%s, %d) = %s, want %s", tt.from, tt.n, got, want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("AddBusinessDays with n < 0 did not panic")
		}
	}()
	AddBusinessDays(at("2026-05-07"), -1)
}
