package jobs

import (
	"testing"
	"time"
)

func TestDailyJST(t *testing.T) {
	at3 := dailyJST{3, 0}
	tests := []struct {
		now, want string // RFC 3339
	}{
		{"2026-05-13T01:00:00+09:00", "2026-05-13T03:00:00+09:00"},
		{"2026-05-13T03:00:00+09:00", "2026-05-14T03:00:00+09:00"}, // the run itself: tomorrow
		{"2026-05-13T17:59:00Z", "2026-05-13T18:00:00Z"},           // 02:59 JST
		{"2026-12-31T23:00:00+09:00", "2027-01-01T03:00:00+09:00"},
	}
	for _, tt := range tests {
		now, _ := time.Parse(time.RFC3339, tt.now)
		want, _ := time.Parse(time.RFC3339, tt.want)
		if got := at3.Next(now); !got.Equal(want) {
			t.Errorf("Next(%s) = %s, want %s", tt.now, got.In(jst), want.In(jst))
		}
	}
}
