package holiday

import "time"

// rule is one national holiday of Article 2 of the Act, in force for the
// years from…to (to 0: still in force).
type rule struct {
	name     string
	month    time.Month
	from, to int
	day      func(year int) int // day of the month in year; 0: none that year
}

func fixed(d int) func(int) int { return func(int) int { return d } }

// monday is the n-th Monday of month m: the "Happy Monday" holidays
// (平成10年法律第141号 from 2000, 平成13年法律第59号 from 2003).
func monday(n int, m time.Month) func(int) int {
	return func(y int) int {
		first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Weekday()
		return 1 + (int(time.Monday)-int(first)+7)%7 + 7*(n-1)
	}
}

// olympic returns the day a holiday moved to in 2020 and 2021 by the
// Olympic and Paralympic special measures acts (平成30年法律第57号,
// 令和2年法律第68号), or otherwise day(y). moved holds the 2020 and 2021 days
// (0: not in this month that year).
func olympic(moved [2]int, day func(int) int) func(int) int {
	return func(y int) int {
		if y == 2020 || y == 2021 {
			return moved[y-2020]
		}
		return day(y)
	}
}

// Article 2 as amended over the years, in calendar order.
var rules = []rule{
	{"元日", time.January, 1949, 0, fixed(1)},
	{"成人の日", time.January, 1949, 1999, fixed(15)},
	{"成人の日", time.January, 2000, 0, monday(2, time.January)},
	{"建国記念の日", time.February, 1967, 0, fixed(11)},
	{"天皇誕生日", time.February, 2020, 0, fixed(23)},
	{"春分の日", time.March, 1949, 0, vernalEquinox},
	{"天皇誕生日", time.April, 1949, 1988, fixed(29)},
	{"みどりの日", time.April, 1989, 2006, fixed(29)},
	{"昭和の日", time.April, 2007, 0, fixed(29)},
	{"憲法記念日", time.May, 1949, 0, fixed(3)},
	{"みどりの日", time.May, 2007, 0, fixed(4)},
	{"こどもの日", time.May, 1949, 0, fixed(5)},
	{"海の日", time.July, 1996, 2002, fixed(20)},
	{"海の日", time.July, 2003, 0, olympic([2]int{23, 22}, monday(3, time.July))},
	{"スポーツの日", time.July, 2020, 2021, olympic([2]int{24, 23}, fixed(0))},
	{"山の日", time.August, 2016, 0, olympic([2]int{10, 8}, fixed(11))},
	{"敬老の日", time.September, 1966, 2002, fixed(15)},
	{"敬老の日", time.September, 2003, 0, monday(3, time.September)},
	{"秋分の日", time.September, 1948, 0, autumnalEquinox},
	{"体育の日", time.October, 1966, 1999, fixed(10)},
	{"体育の日", time.October, 2000, 2019, monday(2, time.October)},
	{"スポーツの日", time.October, 2020, 0, olympic([2]int{0, 0}, monday(2, time.October))},
	{"文化の日", time.November, 1948, 0, fixed(3)},
	{"勤労感謝の日", time.November, 1948, 0, fixed(23)},
	{"天皇誕生日", time.December, 1989, 2018, fixed(23)},
}

// oneOff are the holidays made by special acts for a single day; they count
// as national holidays for Article 3 (so 2019-04-30 and 2019-05-02, between
// them and Article 2 days, are 国民の休日).
var oneOff = map[time.Time]string{
	date(1959, time.April, 10):    "皇太子明仁親王の結婚の儀",
	date(1989, time.February, 24): "昭和天皇の大喪の礼",
	date(1990, time.November, 12): "即位礼正殿の儀",
	date(1993, time.June, 9):      "皇太子徳仁親王の結婚の儀",
	date(2019, time.May, 1):       "天皇の即位の日",       // 平成30年法律第99号
	date(2019, time.October, 22):  "即位礼正殿の儀の行われる日", // 同
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// national reports an Article 2 or one-off holiday on civil date c.
func national(c time.Time) (string, bool) {
	if n, ok := oneOff[c]; ok {
		return n, true
	}
	y, m, d := c.Date()
	for _, r := range rules {
		if r.month == m && y >= r.from && (r.to == 0 || y <= r.to) && r.day(y) == d {
			return r.name, true
		}
	}
	return "", false
}

// The Act names the days of the vernal and autumnal equinox, which the
// National Astronomical Observatory announces each February for the next
// year. The standard approximation (day = int(C + 0.242194·(y−1980) −
// int((y−Y0)/4)), C and Y0 per period) matches those announcements for the
// periods below; Go's integer division truncates toward zero like the
// formula's int().
func vernalEquinox(y int) int {
	switch {
	case y < 1980:
		return equinox(y, 20.8357, 1983)
	case y < 2100:
		return equinox(y, 20.8431, 1980)
	default:
		return equinox(y, 21.8510, 1980)
	}
}

func autumnalEquinox(y int) int {
	switch {
	case y < 1980:
		return equinox(y, 23.2588, 1983)
	case y < 2100:
		return equinox(y, 23.2488, 1980)
	default:
		return equinox(y, 24.2488, 1980)
	}
}

func equinox(y int, c float64, leapBase int) int {
	return int(c + 0.242194*float64(y-1980) - float64((y-leapBase)/4))
}
