package holiday

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var jst = time.FixedZone("JST", 9*60*60)

// official reads testdata/holidays_2019_2027.txt: year → "YYYY-MM-DD name" lines.
func official(t *testing.T) map[int][]string {
	t.Helper()
	f, err := os.Open("testdata/holidays_2019_2027.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[int][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line) // date, name, optional "(日)"
		d, err := time.Parse("2006-01-02", fields[0])
		if err != nil || len(fields) < 2 {
			t.Fatalf("bad line %q", line)
		}
		if (len(fields) == 3) != (d.Weekday() == time.Sunday) {
			t.Fatalf("line %q: the (日) mark and the weekday %s disagree", line, d.Weekday())
		}
		out[d.Year()] = append(out[d.Year()], fields[0]+" "+fields[1])
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestHolidaysMatchCabinetOfficeLists(t *testing.T) {
	want := official(t)
	for year := 2019; year <= 2027; year++ {
		t.Run(fmt.Sprint(year), func(t *testing.T) {
			var got []string
			for _, d := range Holidays(year) {
				got = append(got, d.Date.Format("2006-01-02")+" "+d.Name)
			}
			if diff := cmp.Diff(want[year], got); diff != "" {
				t.Errorf("Holidays(%d) (-official +got):\n%s", year, diff)
			}
		})
	}
}

// TestNameEveryDay checks Name and IsHoliday for every day of 2019–2027
// against the lists, so no extra holiday hides on a day Holidays skips.
func TestNameEveryDay(t *testing.T) {
	listed := map[string]string{}
	for _, lines := range official(t) {
		for _, l := range lines {
			date, name, _ := strings.Cut(l, " ")
			listed[date] = name
		}
	}
	for d := time.Date(2019, 1, 1, 15, 30, 0, 0, jst); d.Year() <= 2027; d = d.AddDate(0, 0, 1) {
		want, wantOK := listed[d.Format("2006-01-02")]
		got, ok := Name(d)
		if got != want || ok != wantOK || IsHoliday(d) != wantOK {
			t.Errorf("Name(%s) = %q, %v; want %q, %v", d.Format("2006-01-02"), got, ok, want, wantOK)
		}
	}
}

func TestNameUsesTheCivilDateOfItsLocation(t *testing.T) {
	// 2026-01-01 00:30 JST is still 2025-12-31 in UTC.
	d := time.Date(2026, 1, 1, 0, 30, 0, 0, jst)
	if n, ok := Name(d); !ok || n != "元日" {
		t.Errorf("Name(JST new year) = %q, %v", n, ok)
	}
	if _, ok := Name(d.UTC()); ok {
		t.Error("Name(the same instant in UTC, 12/31) reports a holiday")
	}
}

func TestRulesOutsideTheTestedYears(t *testing.T) {
	tests := []struct {
		date string
		want string // "" = not a holiday
	}{
		{"1980-03-20", "春分の日"},
		{"1980-09-23", "秋分の日"},
		{"1985-01-15", "成人の日"},
		{"1988-04-29", "天皇誕生日"},
		{"1988-05-04", Citizens}, // Wednesday between 5/3 and 5/5
		{"1986-05-04", ""},       // Sunday: excluded before 2007
		{"1987-05-04", Substitute},
		{"1989-02-24", "昭和天皇の大喪の礼"},
		{"1989-04-29", "みどりの日"},
		{"1990-11-12", "即位礼正殿の儀"},
		{"1993-06-09", "皇太子徳仁親王の結婚の儀"},
		{"1996-07-20", "海の日"},
		{"1999-10-10", "体育の日"},
		{"2000-01-10", "成人の日"},
		{"2002-09-15", "敬老の日"},
		{"2008-05-06", Substitute}, // 5/4 Sunday; 5/5 is a holiday, so the next day after it
		{"2009-09-22", Citizens},
		{"2015-09-22", Citizens},
		{"2015-08-11", ""}, // 山の日 from 2016
		{"2018-12-23", "天皇誕生日"},
		{"2019-12-23", ""},
		{"2020-10-12", ""}, // スポーツの日 moved to 7/24
		{"2032-09-21", Citizens},
		{"2099-03-20", "春分の日"},
		{"2099-09-23", "秋分の日"},
	}
	for _, tt := range tests {
		d, _ := time.ParseInLocation("2006-01-02", tt.date, jst)
		if got, _ := Name(d); got != tt.want {
			t.Errorf("Name(%s) = %q, want %q", tt.date, got, tt.want)
		}
	}
}

// TestEquinoxFormula compares the formula with the equinox days the
// National Astronomical Observatory announced (暦要項).
func TestEquinoxFormula(t *testing.T) {
	tests := []struct{ year, vernal, autumnal int }{
		{1980, 20, 23}, {1984, 20, 23}, {2000, 20, 23}, {2012, 20, 22}, {2016, 20, 22},
		{2019, 21, 23}, {2020, 20, 22}, {2023, 21, 23}, {2024, 20, 22}, {2025, 20, 23},
		{2026, 20, 23}, {2027, 21, 23}, {2044, 20, 22}, {2092, 19, 22},
	}
	for _, tt := range tests {
		if v, a := vernalEquinox(tt.year), autumnalEquinox(tt.year); v != tt.vernal || a != tt.autumnal {
			t.Errorf("%d: equinoxes 3/%d, 9/%d; want 3/%d, 9/%d", tt.year, v, a, tt.vernal, tt.autumnal)
		}
	}
}
