package tenancy

import (
	"errors"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
)

func jstAt(date string, hour int) time.Time {
	d, _ := time.ParseInLocation(dateLayout, date, jst)
	return d.Add(time.Duration(hour) * time.Hour)
}

// TestDeletionDay: the first business day after the end date.
func TestDeletionDay(t *testing.T) {
	tests := []struct{ end, want string }{
		{"", ""},
		{"2027-01-06", "2027-01-07"}, // Wednesday → Thursday
		{"2027-01-08", "2027-01-12"}, // Friday; Monday 01-11 is 成人の日
		{"2026-12-28", "2027-01-04"}, // Monday before the year-end break 12/29–1/3
		{"2026-05-01", "2026-05-07"}, // Friday before Golden Week (5/3–5/6)
		{"2026-11-21", "2026-11-24"}, // Saturday; Monday 11-23 is 勤労感謝の日
	}
	for _, tt := range tests {
		tn := Tenant{Status: StatusActive, Contract: Contract{End: tt.end}}
		if got := tn.DeletionDay(); got != tt.want {
			t.Errorf("end %q: deletion day %q, want %q", tt.end, got, tt.want)
		}
	}
}

// TestSettleAndDue: sign-in is allowed through the end date (JST) and
// refused from the day after; deletion is due from the deletion day.
func TestSettleAndDue(t *testing.T) {
	tests := []struct {
		status string
		now    time.Time
		want   string
		due    bool
	}{
		{StatusActive, jstAt("2027-01-08", 23), StatusActive, false},
		{StatusActive, jstAt("2027-01-09", 0), StatusTerminated, false},
		{StatusSuspended, jstAt("2027-01-11", 23), StatusTerminated, false},
		{StatusActive, jstAt("2027-01-12", 0), StatusTerminated, true},
		{StatusDeleted, jstAt("2027-02-01", 0), StatusDeleted, false},
	}
	for _, tt := range tests {
		tn := Tenant{Status: tt.status, Contract: Contract{End: "2027-01-08"}}
		tn.Settle(tt.now)
		if tn.Status != tt.want || tn.Active() != (tt.want == StatusActive) || tn.DeletionDue(tt.now) != tt.due {
			t.Errorf("%s at %v: %s (active %v, due %v), want %s due %v", tt.status, tt.now, tn.Status, tn.Active(), tn.DeletionDue(tt.now), tt.want, tt.due)
		}
	}
	open := Tenant{Status: StatusActive}
	if open.Settle(jstAt("2099-01-01", 0)); !open.Active() || open.DeletionDue(jstAt("2099-01-01", 0)) {
		t.Errorf("an open-ended contract ended: %+v", open)
	}
}

func TestTerminationEnd(t *testing.T) {
	now := jstAt("2026-11-26", 10)
	tests := []struct {
		chosen, want, field string
	}{
		{"", "2026-12-26", ""},
		{"2026-11-26", "2026-11-26", ""},
		{"2026-11-25", "", "end"},
		{"26/11/2026", "", "end"},
	}
	for _, tt := range tests {
		got, err := TerminationEnd(now, tt.chosen)
		var ve *oroshi.ValidationError
		if got != tt.want || (tt.field != "") != errors.As(err, &ve) || (ve != nil && ve.Fields[tt.field] == "") {
			t.Errorf("TerminationEnd(%q) = %q, %v; want %q (error on %q)", tt.chosen, got, err, tt.want, tt.field)
		}
	}
}

func TestValidateContract(t *testing.T) {
	tests := []struct {
		c     Contract
		field string
	}{
		{Contract{}, ""},
		{Contract{Start: "2026-04-01", End: "2027-03-31", Plan: "スタンダード"}, ""},
		{Contract{Start: "2026-04-01", End: "2026-03-31"}, "end"},
		{Contract{Start: "2026/04/01"}, "start"},
	}
	for _, tt := range tests {
		err := ValidateContract(tt.c)
		var ve *oroshi.ValidationError
		if (tt.field == "") != (err == nil) || (err != nil && (!errors.As(err, &ve) || ve.Fields[tt.field] == "")) {
			t.Errorf("%+v: %v, want error on %q", tt.c, err, tt.field)
		}
	}
}
