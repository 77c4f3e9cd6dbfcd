package ops

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
)

// now is a fixed clock: 2026-11-26 10:00 JST.
var now = time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)

func fieldOf(err error) string {
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) {
		return ""
	}
	for k := range ve.Fields {
		return k
	}
	return ""
}

func TestCheckWindow(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name      string
		w         Window
		wantField string // "" valid
	}{
		{"planned 14 days ahead", Window{Kind: KindPlanned, Start: now.Add(14 * day), End: now.Add(14*day + 2*time.Hour), Message: "更新"}, ""},
		{"planned 13 days 23 h ahead", Window{Kind: KindPlanned, Start: now.Add(14*day - time.Hour), End: now.Add(15 * day), Message: "更新"}, "start"},
		{"planned tomorrow", Window{Kind: KindPlanned, Start: now.Add(day), End: now.Add(day + time.Hour), Message: "更新"}, "start"},
		{"emergency tomorrow", Window{Kind: KindEmergency, Start: now.Add(day), End: now.Add(day + time.Hour), Message: "障害対応"}, ""},
		{"emergency now", Window{Kind: KindEmergency, Start: now, End: now.Add(time.Hour), Message: "障害対応"}, ""},
		{"emergency long past", Window{Kind: KindEmergency, Start: now.Add(-2 * time.Hour), End: now.Add(time.Hour), Message: "x"}, "start"},
		{"end before start", Window{Kind: KindEmergency, Start: now.Add(day), End: now.Add(day - time.Hour), Message: "x"}, "end"},
		{"end equals start", Window{Kind: KindEmergency, Start: now.Add(day), End: now.Add(day), Message: "x"}, "end"},
		{"longer than 7 days", Window{Kind: KindEmergency, Start: now, End: now.Add(8 * day), Message: "x"}, "end"},
		{"no message", Window{Kind: KindEmergency, Start: now, End: now.Add(time.Hour), Message: "  "}, "message"},
		{"message too long", Window{Kind: KindEmergency, Start: now, End: now.Add(time.Hour), Message: strings.Repeat("あ", MaxMessage+1)}, "message"},
		{"message at the limit", Window{Kind: KindEmergency, Start: now, End: now.Add(time.Hour), Message: strings.Repeat("あ", MaxMessage)}, ""},
		{"unknown kind", Window{Kind: "later", Start: now.Add(30 * day), End: now.Add(31 * day), Message: "x"}, "kind"},
		{"no start", Window{Kind: KindEmergency, End: now.Add(time.Hour), Message: "x"}, "start"},
	}
	for _, tt := range tests {
		err := CheckWindow(tt.w, now)
		if got := fieldOf(err); got != tt.wantField || (tt.wantField == "") != (err == nil) {
			t.Errorf("%s: CheckWindow = %v, want field %q", tt.name, err, tt.wantField)
		}
	}
}

func TestCheckServiceEnd(t *testing.T) {
	tests := []struct {
		name      string
		end       time.Time
		msg       string
		wantField string
	}{
		{"6 months ahead", now.AddDate(0, 6, 0), "終了します", ""},
		{"a year ahead", now.AddDate(1, 0, 0), "終了します", ""},
		{"one day short of 6 months", now.AddDate(0, 6, -1), "終了します", "end"},
		{"next month", now.AddDate(0, 1, 0), "終了します", "end"},
		{"no date", time.Time{}, "終了します", "end"},
		{"no message", now.AddDate(1, 0, 0), "", "message"},
	}
	for _, tt := range tests {
		err := CheckServiceEnd(Window{Kind: KindServiceEnd, End: tt.end, Message: tt.msg}, now)
		if got := fieldOf(err); got != tt.wantField || (tt.wantField == "") != (err == nil) {
			t.Errorf("%s: CheckServiceEnd = %v, want field %q", tt.name, err, tt.wantField)
		}
	}
}

func TestBannerAndLetterInJST(t *testing.T) {
	// 2026-12-10 02:00–04:00 JST is 12-09 17:00–19:00 UTC.
	w := Window{Kind: KindPlanned, Start: time.Date(2026, 12, 9, 17, 0, 0, 0, time.UTC),
		End: time.Date(2026, 12, 9, 19, 0, 0, 0, time.UTC), Message: "データベースの更新を行います。\n詳細は後日。", Stop: true}
	if got, want := w.Banner(), "【メンテナンスのお知らせ】2026年12月10日(木) 2:00〜4:00 データベースの更新を行います。"; got != want {
		t.Errorf("Banner = %q, want %q", got, want)
	}
	over := w
	over.End = over.End.Add(24 * time.Hour)
	if got := over.Period(); got != "2026年12月10日(木) 2:00〜2026年12月11日(金) 4:00" {
		t.Errorf("Period over two days = %q", got)
	}
	m := Letter(w, Recipient{Tenant: 5, TenantName: "丸川商事", Name: "山田", Email: "y@example.jp"})
	for _, s := range []string{"丸川商事", "山田 様", "2026年12月10日(木) 2:00〜4:00", "データベースの更新", "ご利用いただけません"} {
		if !strings.Contains(m.Text, s) {
			t.Errorf("letter lacks %q:\n%s", s, m.Text)
		}
	}
	if m.Tenant != 5 || m.To != "y@example.jp" || !strings.Contains(m.Subject, "メンテナンスのお知らせ") {
		t.Errorf("letter = %+v", m)
	}
	end := Window{Kind: KindServiceEnd, End: time.Date(2027, 6, 30, 14, 59, 59, 0, time.UTC), Message: "ご愛顧ありがとうございました。"}
	if got := end.Banner(); !strings.HasPrefix(got, "【サービス提供終了のお知らせ】2027年6月30日(水)をもちまして") {
		t.Errorf("service-end banner = %q", got)
	}
}

func TestStatusAt(t *testing.T) {
	h := time.Hour
	stopping := Window{ID: 1, Kind: KindEmergency, Start: now.Add(-h), End: now.Add(h), Message: "障害", Stop: true}
	notStopping := Window{ID: 2, Kind: KindPlanned, Start: now.Add(-h), End: now.Add(h), Message: "軽微"}
	future := Window{ID: 3, Kind: KindPlanned, Start: now.Add(20 * 24 * h), End: now.Add(20*24*h + h), Message: "予定", Stop: true}
	canceled := stopping
	canceled.CanceledAt = &now
	until := now.Add(30 * time.Minute)
	tests := []struct {
		name        string
		mode        Mode
		windows     []Window
		maintenance bool
		banners     int
		retry       time.Duration
	}{
		{"nothing", Mode{}, nil, false, 0, DefaultRetryAfter},
		{"switch without end", Mode{On: true}, nil, true, 0, DefaultRetryAfter},
		{"switch with end", Mode{On: true, Until: &until}, nil, true, 0, 30 * time.Minute},
		{"stopping window in progress", Mode{}, []Window{stopping}, true, 1, h},
		{"window without stop", Mode{}, []Window{notStopping}, false, 1, DefaultRetryAfter},
		{"future stopping window", Mode{}, []Window{future}, false, 1, DefaultRetryAfter},
		{"canceled window", Mode{}, []Window{canceled}, false, 0, DefaultRetryAfter},
		{"switch wins over window", Mode{On: true, Until: &until}, []Window{stopping}, true, 1, 30 * time.Minute},
	}
	for _, tt := range tests {
		st := StatusAt(tt.mode, tt.windows, now)
		if st.Maintenance != tt.maintenance || len(st.Banners) != tt.banners || st.RetryAfter(now) != tt.retry {
			t.Errorf("%s: status = %+v (retry %v), want maintenance %v, %d banners, retry %v",
				tt.name, st, st.RetryAfter(now), tt.maintenance, tt.banners, tt.retry)
		}
	}
}
