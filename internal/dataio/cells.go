package dataio

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Readers of cells as Excel and people write them. Every one folds widths
// first (Japanese IMEs type １２０ and ￥), so a value typed either way reads
// the same, and reports ok=false for anything it cannot read exactly:
// nothing is guessed.

var groupedRE = regexp.MustCompile(`^[0-9]{1,3}(,[0-9]{3})+$`)

// digitsOf strips what Excel or a person adds around a whole number: a yen
// sign, 円, thousands separators (only where they belong). It returns ""
// when what is left is not plain digits.
func digitsOf(s string) string {
	s = strings.TrimSpace(buyers.Fold(s))
	s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(s, "¥"), "\\"), "円")
	s = strings.TrimSpace(s)
	if strings.Contains(s, ",") {
		if !groupedRE.MatchString(s) {
			return ""
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	if s == "" || len(s) > 15 || strings.Trim(s, "0123456789") != "" {
		return ""
	}
	return s
}

// parseYen reads a whole, non-negative amount: 1200, 1,200, ￥1,200, 1200円.
func parseYen(s string) (oroshi.Yen, bool) {
	d := digitsOf(s)
	if d == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(d, 10, 64)
	return oroshi.Yen(n), err == nil
}

// parseCount reads a quantity of at least 1.
func parseCount(s string) (int, bool) {
	d := digitsOf(s)
	if d == "" || len(d) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(d)
	return n, err == nil && n >= 1
}

var dayRE = regexp.MustCompile(`^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?$|^([0-9]{4})([0-9]{2})([0-9]{2})$`)

// parseDay reads a date the ways Excel and people write it: 2026-04-01,
// 2026/4/1 (what Excel saves after opening 2026-04-01), 2026年4月1日,
// 20260401. "" is the zero Date (an open end); ok is false for anything
// else, 2月30日 included.
func parseDay(s string) (pricing.Date, bool) {
	s = strings.TrimSpace(buyers.Fold(s))
	if s == "" {
		return pricing.Date{}, true
	}
	m := dayRE.FindStringSubmatch(s)
	if m == nil {
		return pricing.Date{}, false
	}
	parts := m[1:4]
	if m[1] == "" {
		parts = m[4:7]
	}
	y, _ := strconv.Atoi(parts[0])
	mo, _ := strconv.Atoi(parts[1])
	d, _ := strconv.Atoi(parts[2])
	day := pricing.NewDate(y, time.Month(mo), d)
	return day, day.Valid()
}

// parseFlag reads a yes/no cell such as 既定: ○ (what the export writes),
// 1, はい, TRUE for yes; empty, 0, ×, いいえ, FALSE for no.
func parseFlag(s string) (yes, ok bool) {
	switch strings.ToLower(strings.TrimSpace(buyers.Fold(s))) {
	case "○", "◯", "〇", "●", "1", "はい", "true", "yes", "y", "既定":
		return true, true
	case "", "0", "×", "x", "-", "いいえ", "false", "no", "n":
		return false, true
	}
	return false, false
}

// flagText is how exports write a yes/no cell.
func flagText(yes bool) string {
	if yes {
		return "○"
	}
	return ""
}

// parseStatus reads a buyer status by label (有効, 停止) or value.
func parseStatus(s string) (string, bool) {
	s = strings.TrimSpace(buyers.Fold(s))
	for _, st := range []string{buyers.StatusActive, buyers.StatusSuspended} {
		if s == st || s == buyers.StatusLabel(st) {
			return st, true
		}
	}
	return "", false
}

// foldCode reads a code (取引先コード, 品番, 価格グループ): codes are ASCII,
// so full-width input folds to them.
func foldCode(s string) string { return buyers.Fold(s) }
