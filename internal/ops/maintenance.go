// Package ops holds the operators' rules for telling every tenant about the
// service: maintenance windows (planned ones announced at least 14 days
// ahead, emergency ones at once), the service-end notice (at least 6 months
// ahead), maintenance mode (HTTP 503 for everything but health, the
// operator console, sign-in and exports) and operator announcements.
package ops

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
)

// Kinds of maintenance notice.
const (
	KindPlanned    = "planned"     // 計画メンテナンス: announced ≥ 14 days ahead
	KindEmergency  = "emergency"   // 緊急メンテナンス: announced at once
	KindServiceEnd = "service_end" // サービス提供終了: announced ≥ 6 months ahead
)

// Notice periods (SLA 1-1, 1-2, 1-3).
const (
	PlannedNotice      = 14 * 24 * time.Hour
	ServiceEndMonths   = 6
	MaxMessage         = 2000
	DefaultRetryAfter  = 300 * time.Second
	maxWindowLength    = 7 * 24 * time.Hour
	maxScheduleHorizon = 2 * 366 * 24 * time.Hour
)

// JST is Japan Standard Time, in which every notice shows its times.
var JST = time.FixedZone("JST", 9*60*60)

// Window is a maintenance window or, with KindServiceEnd, the service-end
// date (Start = End = the last moment of service). Stop means the service
// is stopped while the window is in progress: maintenance mode turns on by
// itself from Start to End.
type Window struct {
	ID         oroshi.ID
	Kind       string
	Start, End time.Time
	Message    string
	Stop       bool
	CreatedBy  oroshi.ID
	CreatedAt  time.Time
	CanceledAt *time.Time
}

// Canceled tells whether the window was called off.
func (w Window) Canceled() bool { return w.CanceledAt != nil }

// Announced tells whether the window's banner shows at now: from scheduling
// until its end, unless canceled.
func (w Window) Announced(now time.Time) bool { return !w.Canceled() && now.Before(w.End) }

// Stopping tells whether the window stops the service at now.
func (w Window) Stopping(now time.Time) bool {
	return w.Stop && w.Kind != KindServiceEnd && !w.Canceled() && !now.Before(w.Start) && now.Before(w.End)
}

// KindLabel is the window's kind in Japanese.
func (w Window) KindLabel() string {
	switch w.Kind {
	case KindEmergency:
		return "緊急メンテナンス"
	case KindServiceEnd:
		return "サービス提供終了"
	default:
		return "計画メンテナンス"
	}
}

// CheckWindow applies the scheduling rules of a maintenance window at now.
func CheckWindow(w Window, now time.Time) error {
	v := &oroshi.ValidationError{}
	switch {
	case w.Kind != KindPlanned && w.Kind != KindEmergency:
		v.Add("kind", "種別を選んでください。")
	case w.Start.IsZero():
		v.Add("start", "開始日時を入力してください。")
	case w.Kind == KindPlanned && w.Start.Before(now.Add(PlannedNotice)):
		v.Add("start", "計画メンテナンスは14日以上前に告知する必要があります。14日以内の場合は緊急メンテナンスとしてください。")
	case w.Kind == KindEmergency && w.Start.Before(now.Add(-time.Hour)):
		v.Add("start", "開始日時が過去です。")
	case w.Start.After(now.Add(maxScheduleHorizon)):
		v.Add("start", "開始日時は2年以内にしてください。")
	}
	switch {
	case w.End.IsZero():
		v.Add("end", "終了日時を入力してください。")
	case !w.Start.IsZero() && !w.End.After(w.Start):
		v.Add("end", "終了日時は開始日時より後にしてください。")
	case !w.Start.IsZero() && w.End.Sub(w.Start) > maxWindowLength:
		v.Add("end", "メンテナンスの期間は7日以内にしてください。")
	}
	checkMessage(v, w.Message)
	return v.Err()
}

// CheckServiceEnd applies the rules of a service-end notice at now: the end
// is at least 6 months ahead.
func CheckServiceEnd(w Window, now time.Time) error {
	v := &oroshi.ValidationError{}
	switch {
	case w.End.IsZero():
		v.Add("end", "提供終了日を入力してください。")
	case w.End.Before(now.AddDate(0, ServiceEndMonths, 0)):
		v.Add("end", "サービス提供終了は6か月以上前に告知する必要があります。")
	}
	checkMessage(v, w.Message)
	return v.Err()
}

func checkMessage(v *oroshi.ValidationError, msg string) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(msg)); {
	case n == 0:
		v.Add("message", "お知らせの本文を入力してください。")
	case n > MaxMessage:
		v.Add("message", fmt.Sprintf("お知らせの本文は%d文字以内にしてください。", MaxMessage))
	case !utf8.ValidString(msg):
		v.Add("message", "本文に使えない文字が含まれています。")
	}
}

var weekdays = [...]string{"日", "月", "火", "水", "木", "金", "土"}

// DateJST is t as 2026年12月10日(木) in JST.
func DateJST(t time.Time) string {
	j := t.In(JST)
	return fmt.Sprintf("%d年%d月%d日(%s)", j.Year(), int(j.Month()), j.Day(), weekdays[j.Weekday()])
}

// Period is the window's span in JST: "2026年12月10日(木) 2:00〜4:00", with
// the end's date when it falls on another day.
func (w Window) Period() string {
	s, e := w.Start.In(JST), w.End.In(JST)
	end := fmt.Sprintf("%d:%02d", e.Hour(), e.Minute())
	if s.YearDay() != e.YearDay() || s.Year() != e.Year() {
		end = DateJST(e) + " " + end
	}
	return fmt.Sprintf("%s %d:%02d〜%s", DateJST(s), s.Hour(), s.Minute(), end)
}

// Banner is the one-line notice shown on every page while Announced.
func (w Window) Banner() string {
	switch w.Kind {
	case KindServiceEnd:
		return "【サービス提供終了のお知らせ】" + DateJST(w.End) + "をもちまして本サービスの提供を終了いたします。" + firstLine(w.Message)
	case KindEmergency:
		return "【緊急メンテナンスのお知らせ】" + w.Period() + " " + firstLine(w.Message)
	default:
		return "【メンテナンスのお知らせ】" + w.Period() + " " + firstLine(w.Message)
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if utf8.RuneCountInString(s) > 120 {
		s = string([]rune(s)[:120]) + "…"
	}
	return s
}

// When is the window's date or span as the lists show it.
func (w Window) When() string {
	if w.Kind == KindServiceEnd {
		return DateJST(w.End)
	}
	return w.Period()
}
