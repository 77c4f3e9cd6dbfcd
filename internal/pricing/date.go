package pricing

import (
	"fmt"
	"time"
)

// jst is Japan Standard Time. Japan has no daylight saving, so a fixed zone
// needs no tzdata in the binary or the container.
var jst = time.FixedZone("JST", 9*60*60)

// Date is a civil date in Japan (no time, no zone). Validity periods are
// whole JST days, as a Japanese seller writes them: 「2026年4月1日〜9月30日」.
// A civil date, rather than time.Time at midnight, cannot be shifted by a
// zone conversion on its way through the database or the API.
//
// The zero Date means "not set"; in a Period it means open-ended. Dates are
// comparable with == and ordered by Compare.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate builds a date; use Valid to check user input such as 2月30日.
func NewDate(year int, month time.Month, day int) Date {
	return Date{Year: year, Month: month, Day: day}
}

// DateOf is the JST calendar date of the instant t: 2026-03-31 15:00 UTC is
// already 2026-04-01 in Japan, and that is the day a price list starts.
func DateOf(t time.Time) Date {
	y, m, d := t.In(jst).Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads "2006-01-02", the form of HTML date inputs and the API.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: %w", s, err)
	}
	return Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, nil
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real calendar date in a sane range.
func (d Date) Valid() bool {
	if d.Year < 1900 || d.Year > 9999 {
		return false
	}
	y, m, dd := d.midnight().Date()
	return y == d.Year && m == d.Month && dd == d.Day
}

// midnight is the start of d in JST; time.Date normalises 2月30日 to 3月2日.
func (d Date) midnight() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, jst)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	}
	return sign(d.Day - e.Day)
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// AddDays returns the date n days after d (before, for negative n).
func (d Date) AddDays(n int) Date {
	y, m, dd := d.midnight().AddDate(0, 0, n).Date()
	return Date{Year: y, Month: m, Day: dd}
}

// String formats d as "2006-01-02"; the zero Date is "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText writes the String form, so JSON carries "2026-04-01".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the String form; "" is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Period is a validity period of whole JST days. Both ends are inclusive —
// 「2026年4月1日〜2026年9月30日」 includes all of 30 September — and a zero
// end is open (no start, or no end).
type Period struct {
	From Date
	To   Date
}

// Contains reports whether the day d falls within p.
func (p Period) Contains(d Date) bool {
	if !p.From.IsZero() && d.Compare(p.From) < 0 {
		return false
	}
	return p.To.IsZero() || d.Compare(p.To) <= 0
}

// String formats p the Japanese way, "2026-04-01〜2026-09-30"; an open end
// stays blank ("2026-04-01〜") and an open period is "期間指定なし".
func (p Period) String() string {
	if p.From.IsZero() && p.To.IsZero() {
		return "期間指定なし"
	}
	return p.From.String() + "〜" + p.To.String()
}
