// Package holiday knows Japanese national holidays and business days.
//
// The rules follow 国民の祝日に関する法律 (昭和23年法律第178号, "the Act"):
// Article 2 lists the holidays (fixed dates, the "Happy Monday" days set on
// the n-th Monday of a month since 2000/2003, and the equinox days, which
// the Act leaves to the astronomical equinox and which are computed here
// with the standard approximation formula); Article 3(2) makes a 振替休日
// of the next day that is not a national holiday when one falls on a
// Sunday; Article 3(3) makes a 国民の休日 of a day between two national
// holidays. Special acts add one-off holidays (imperial ceremonies) and
// moved three holidays for the Tokyo Olympics in 2020 and 2021.
//
// Dates are civil dates: the year, month and day of a time.Time in its own
// location, so callers pass times in Asia/Tokyo. Rules are implemented for
// 1949 (the Act's first full year) onwards; the equinox formula holds for
// 1900–2150 and the lists are tested against the Cabinet Office's for
// 2019–2027.
package holiday

import "time"

// Day is one holiday.
type Day struct {
	Date time.Time // midnight UTC of the civil date
	Name string
}

// Names of the holidays that are not in Article 2.
const (
	Substitute = "振替休日"  // Article 3(2)
	Citizens   = "国民の休日" // Article 3(3)
)

// civil is a date without a clock: midnight UTC, so that adding days and
// asking the weekday never meet a time-zone transition.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Name returns the holiday name of d's civil date: an Article 2 name such
// as "元日", a one-off holiday, "振替休日" or "国民の休日".
func Name(d time.Time) (string, bool) {
	c := civil(d)
	if n, ok := national(c); ok {
		return n, true
	}
	if substitute(c) {
		return Substitute, true
	}
	if citizens(c) {
		return Citizens, true
	}
	return "", false
}

// IsHoliday tells whether d is a national holiday, a 振替休日 or a 国民の休日.
func IsHoliday(d time.Time) bool {
	_, ok := Name(d)
	return ok
}

// IsYearEndBreak tells whether d falls in the year-end break, 12/29–1/3,
// when Japanese companies and public offices are closed.
func IsYearEndBreak(d time.Time) bool {
	_, m, day := d.Date()
	return (m == time.December && day >= 29) || (m == time.January && day <= 3)
}

// IsBusinessDay tells whether d is a Japanese business day: not a Saturday
// or Sunday, not a holiday and not in the year-end break.
func IsBusinessDay(d time.Time) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return !IsYearEndBreak(d) && !IsHoliday(d)
}

// NextBusinessDay returns the first business day strictly after d, at d's
// clock time and location.
func NextBusinessDay(d time.Time) time.Time {
	for {
		d = d.AddDate(0, 0, 1)
		if IsBusinessDay(d) {
			return d
		}
	}
}

// AddBusinessDays returns the n-th business day after d (n ≥ 1: Friday + 1
// is Monday, and so is Saturday + 1), at d's clock time and location. With
// n = 0 it returns d when d is a business day, else the next one. A
// negative n is a programming error and panics.
func AddBusinessDays(d time.Time, n int) time.Time {
	if n < 0 {
		panic("holiday.AddBusinessDays: negative n")
	}
	if n == 0 {
		if IsBusinessDay(d) {
			return d
		}
		return NextBusinessDay(d)
	}
	for ; n > 0; n-- {
		d = NextBusinessDay(d)
	}
	return d
}

// Holidays lists every holiday of year, sorted by date (walked day by day).
func Holidays(year int) []Day {
	var out []Day
	for c := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC); c.Year() == year; c = c.AddDate(0, 0, 1) {
		if n, ok := Name(c); ok {
			out = append(out, Day{Date: c, Name: n})
		}
	}
	return out
}

// substituteFrom is when Article 3(2) took effect (昭和48年法律第10号).
var substituteFrom = time.Date(1973, time.April, 12, 0, 0, 0, 0, time.UTC)

// substitute applies Article 3(2): when a national holiday falls on a
// Sunday, the nearest following day that is not a national holiday is a
// holiday. (Until 2006 the text said "the next day"; as no two national
// holidays were then consecutive, both readings give the same days.)
func substitute(c time.Time) bool {
	for p := c.AddDate(0, 0, -1); !p.Before(substituteFrom); p = p.AddDate(0, 0, -1) {
		if _, ok := national(p); !ok {
			return false
		}
		if p.Weekday() == time.Sunday {
			return true
		}
	}
	return false
}

// citizensFrom is when Article 3(3) took effect (昭和60年法律第103号).
var citizensFrom = time.Date(1985, time.December, 27, 0, 0, 0, 0, time.UTC)

// citizens applies Article 3(3): a day that is not a national holiday,
// between two national holidays, is a holiday. Before the 2005 amendment
// (in force 2007) Sundays and 振替休日 were excluded.
func citizens(c time.Time) bool {
	if c.Before(citizensFrom) {
		return false
	}
	if c.Year() < 2007 && (c.Weekday() == time.Sunday || substitute(c)) {
		return false
	}
	_, before := national(c.AddDate(0, 0, -1))
	_, after := national(c.AddDate(0, 0, 1))
	return before && after
}
