package customfields

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/oroshi-jp/oroshi"
)

// Validate checks the custom values of one record against the definitions
// of its entity and returns them normalised (every value a string, empty
// ones left out). Unknown keys, values of the wrong shape and missing
// required values are reported as *oroshi.ValidationError on custom.<key>,
// with Japanese messages that name the field by its label.
func Validate(defs []Field, values map[string]any) (map[string]any, error) {
	v := &oroshi.ValidationError{}
	known := make(map[string]bool, len(defs))
	for _, d := range defs {
		known[d.Key] = true
	}
	for k := range values {
		if !known[k] {
			v.Add(ErrKey(k), "この項目は定義されていません")
		}
	}
	out := make(map[string]any, len(defs))
	for _, d := range defs {
		s, msg := normalizeValue(d, values[d.Key])
		switch {
		case msg != "":
			v.Add(ErrKey(d.Key), msg)
		case s == "" && d.Required:
			v.Add(ErrKey(d.Key), requiredMsg(d))
		case s != "":
			out[d.Key] = s
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ParseCell reads one CSV cell for field def. An empty cell is nil (whether
// the field is required is checked by Validate on the whole record).
func ParseCell(def Field, s string) (any, error) {
	v, msg := normalizeValue(def, s)
	if msg != "" {
		return nil, oroshi.Invalid(ErrKey(def.Key), msg)
	}
	if v == "" {
		return nil, nil
	}
	return v, nil
}

// FormatCell writes a stored value for export: the normalised string as is,
// "" for no value. Numbers stored by older code as JSON numbers are written
// in full, without an exponent.
func FormatCell(def Field, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func requiredMsg(d Field) string {
	if d.Type == TypeChoice {
		return "「" + d.Label + "」を選択してください"
	}
	return "「" + d.Label + "」を入力してください"
}

// normalizeValue returns the canonical string of v for d ("" for no value)
// or a Japanese message saying what is wrong.
func normalizeValue(d Field, v any) (string, string) {
	s, ok := asString(d.Type, v)
	if !ok {
		return "", "「" + d.Label + "」の形式が正しくありません"
	}
	switch d.Type {
	case TypeText:
		return normalizeText(d, s)
	case TypeNumber:
		return normalizeNumber(d, s)
	case TypeDate:
		return normalizeDate(d, s)
	case TypeChoice:
		return normalizeChoice(d, s)
	}
	return "", "「" + d.Label + "」の種類が正しくありません"
}

// asString accepts what forms, CSV and decoded JSON give: strings, and for
// numbers also JSON numbers and Go integers and floats (written in full).
func asString(t Type, v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	}
	if t != TypeNumber {
		return "", false
	}
	switch x := v.(type) {
	case json.Number:
		return x.String(), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", false
		}
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	}
	return "", false
}

func normalizeText(d Field, s string) (string, string) {
	if !utf8.ValidString(s) {
		return "", "「" + d.Label + "」に使用できない文字が含まれています"
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
			return "", "「" + d.Label + "」に使用できない文字が含まれています"
		}
	}
	if utf8.RuneCountInString(s) > MaxTextLen {
		return "", fmt.Sprintf("「%s」は%d文字以内で入力してください", d.Label, MaxTextLen)
	}
	return s, ""
}

var (
	numberRE  = regexp.MustCompile(`^([+-]?)([0-9]*)(?:\.([0-9]*))?$`)
	groupedRE = regexp.MustCompile(`^[+-]?[0-9]{1,3}(,[0-9]{3})+$`) // 1,234,567
)

// normalizeNumber accepts full-width digits, a leading sign and thousands
// separators, and returns the canonical decimal: no leading zeros, no
// trailing fractional zeros, no "-0".
func normalizeNumber(d Field, s string) (string, string) {
	s = strings.TrimSpace(width.Fold.String(s))
	if s == "" {
		return "", ""
	}
	s = strings.NewReplacer("−", "-", "ー", "-", "．", ".").Replace(s)
	if intPart, _, _ := strings.Cut(s, "."); strings.Contains(intPart, ",") {
		if !groupedRE.MatchString(intPart) {
			return "", "「" + d.Label + "」は数値で入力してください"
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	m := numberRE.FindStringSubmatch(s)
	if m == nil || m[2]+m[3] == "" {
		return "", "「" + d.Label + "」は数値で入力してください"
	}
	whole := strings.TrimLeft(m[2], "0")
	frac := strings.TrimRight(m[3], "0")
	if len(whole) > MaxIntDigits || len(frac) > MaxFracDigits {
		return "", fmt.Sprintf("「%s」は整数%d桁・小数%d桁以内で入力してください", d.Label, MaxIntDigits, MaxFracDigits)
	}
	if whole == "" {
		whole = "0"
	}
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if m[1] == "-" && out != "0" {
		out = "-" + out
	}
	return out, ""
}

var dateRE = regexp.MustCompile(`^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?$|^([0-9]{4})([0-9]{2})([0-9]{2})$`)

// normalizeDate accepts 2026-04-01, 2026/4/1, 2026年4月1日 and 20260401
// (full-width too, as Excel and IMEs write them) and checks the date exists.
func normalizeDate(d Field, s string) (string, string) {
	s = strings.TrimSpace(width.Fold.String(s))
	if s == "" {
		return "", ""
	}
	bad := "「" + d.Label + "」は日付（例: 2026-04-01）で入力してください"
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return "", bad
	}
	parts := m[1:4]
	if m[1] == "" {
		parts = m[4:7]
	}
	y, _ := strconv.Atoi(parts[0])
	mo, _ := strconv.Atoi(parts[1])
	day, _ := strconv.Atoi(parts[2])
	t := time.Date(y, time.Month(mo), day, 0, 0, 0, 0, time.UTC)
	if y < 1 || t.Year() != y || int(t.Month()) != mo || t.Day() != day {
		return "", bad
	}
	return t.Format(time.DateOnly), ""
}

// normalizeChoice returns the defined choice s names, also when it was
// typed in the other width (Ａランク for Aランク).
func normalizeChoice(d Field, s string) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	folded := width.Fold.String(s)
	for _, c := range d.Choices {
		if c == s || width.Fold.String(c) == folded {
			return c, ""
		}
	}
	return "", "「" + d.Label + "」は選択肢から選んでください"
}
