package customfields

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
)

var (
	textF   = Field{Key: "note", Label: "備考", Type: TypeText}
	numF    = Field{Key: "score", Label: "評点", Type: TypeNumber}
	dateF   = Field{Key: "since", Label: "取引開始日", Type: TypeDate}
	choiceF = Field{Key: "kind", Label: "得意先区分", Type: TypeChoice, Choices: []string{"卸", "小売", "Aランク"}, Required: true}
)

func TestNormalizeValue(t *testing.T) {
	tests := []struct {
		name string
		def  Field
		in   any
		want string
		bad  string // substring of the message, "" when valid
	}{
		{"text trimmed", textF, "  こんにちは\r\n世界 ", "こんにちは\n世界", ""},
		{"text empty", textF, "", "", ""},
		{"text nil", textF, nil, "", ""},
		{"text too long", textF, strings.Repeat("あ", 1001), "", "1000文字以内"},
		{"text at limit", textF, strings.Repeat("あ", 1000), strings.Repeat("あ", 1000), ""},
		{"text control", textF, "a\x00b", "", "使用できない文字"},
		{"text number refused", textF, 12.0, "", "形式が正しくありません"},
		{"int", numF, "42", "42", ""},
		{"leading zeros", numF, "007", "7", ""},
		{"decimal", numF, "1.50", "1.5", ""},
		{"exact decimal", numF, "0.1", "0.1", ""},
		{"negative", numF, "-12.340", "-12.34", ""},
		{"minus zero", numF, "-0.00", "0", ""},
		{"plus", numF, "+3", "3", ""},
		{"dot first", numF, ".5", "0.5", ""},
		{"full width", numF, "１，２３４．５", "1234.5", ""},
		{"thousands", numF, "1,234,567", "1234567", ""},
		{"bad grouping", numF, "12,34", "", "数値で"},
		{"exponent", numF, "1e3", "", "数値で"},
		{"letters", numF, "abc", "", "数値で"},
		{"lone dot", numF, ".", "", "数値で"},
		{"too many int digits", numF, "1234567890123456", "", "整数15桁"},
		{"too many frac digits", numF, "0.1234567", "", "小数6桁"},
		{"float64", numF, 0.1, "0.1", ""},
		{"big float64 no exponent", numF, 1e14, "100000000000000", ""},
		{"json number", numF, json.Number("12.50"), "12.5", ""},
		{"int value", numF, 12, "12", ""},
		{"bool refused", numF, true, "", "形式が正しくありません"},
		{"date", dateF, "2026-04-01", "2026-04-01", ""},
		{"date slashes", dateF, "2026/4/1", "2026-04-01", ""},
		{"date kanji", dateF, "2026年4月1日", "2026-04-01", ""},
		{"date compact", dateF, "20260401", "2026-04-01", ""},
		{"date full width", dateF, "２０２６－０４－０１", "2026-04-01", ""},
		{"leap day", dateF, "2028-02-29", "2028-02-29", ""},
		{"not a leap day", dateF, "2026-02-29", "", "日付"},
		{"month 13", dateF, "2026-13-01", "", "日付"},
		{"date words", dateF, "tomorrow", "", "日付"},
		{"choice", choiceF, "小売", "小売", ""},
		{"choice other width", choiceF, "Ａランク", "Aランク", ""},
		{"choice unknown", choiceF, "直販", "", "「得意先区分」は選択肢から選んでください"},
	}
	for _, tt := range tests {
		got, msg := normalizeValue(tt.def, tt.in)
		if tt.bad != "" {
			if !strings.Contains(msg, tt.bad) {
				t.Errorf("%s: message %q, want it to contain %q", tt.name, msg, tt.bad)
			}
			continue
		}
		if msg != "" || got != tt.want {
			t.Errorf("%s: normalizeValue(%v) = %q, %q; want %q", tt.name, tt.in, got, msg, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	defs := []Field{textF, numF, dateF, choiceF}
	tests := []struct {
		name   string
		values map[string]any
		want   map[string]any
		errs   map[string]string
	}{
		{"all", map[string]any{"note": " x ", "score": "1.0", "since": "2026/1/5", "kind": "卸"},
			map[string]any{"note": "x", "score": "1", "since": "2026-01-05", "kind": "卸"}, nil},
		{"empty optional left out", map[string]any{"note": "", "kind": "卸"}, map[string]any{"kind": "卸"}, nil},
		{"required missing", map[string]any{"note": "x"}, nil,
			map[string]string{"custom.kind": "「得意先区分」を選択してください"}},
		{"unknown key", map[string]any{"kind": "卸", "gone": "x"}, nil,
			map[string]string{"custom.gone": "この項目は定義されていません"}},
		{"several problems", map[string]any{"score": "x", "since": "2026-02-30"}, nil, map[string]string{
			"custom.score": "「評点」は数値で入力してください",
			"custom.since": "「取引開始日」は日付（例: 2026-04-01）で入力してください",
			"custom.kind":  "「得意先区分」を選択してください"}},
	}
	for _, tt := range tests {
		got, err := Validate(defs, tt.values)
		var ve *oroshi.ValidationError
		if tt.errs != nil {
			if !errors.As(err, &ve) {
				t.Errorf("%s: err = %v, want a validation error", tt.name, err)
			} else if diff := cmp.Diff(tt.errs, ve.Fields); diff != "" {
				t.Errorf("%s: fields (-want +got):\n%s", tt.name, diff)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
		} else if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestValidateRequiredText(t *testing.T) {
	def := Field{Key: "rep", Label: "担当営業", Type: TypeText, Required: true}
	_, err := Validate([]Field{def}, map[string]any{"rep": "   "})
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || ve.Fields["custom.rep"] != "「担当営業」を入力してください" {
		t.Errorf("blank required text: %v", err)
	}
}

func TestCellRoundTrip(t *testing.T) {
	tests := []struct {
		def  Field
		cell string
		want any
	}{
		{numF, "１,０００", "1000"},
		{numF, "", nil},
		{dateF, "2026/04/01", "2026-04-01"},
		{choiceF, "小売", "小売"},
		{textF, "改行\nあり", "改行\nあり"},
	}
	for _, tt := range tests {
		got, err := ParseCell(tt.def, tt.cell)
		if err != nil || got != tt.want {
			t.Errorf("ParseCell(%s, %q) = %v, %v; want %v", tt.def.Key, tt.cell, got, err, tt.want)
			continue
		}
		back := FormatCell(tt.def, got)
		if again, err := ParseCell(tt.def, back); err != nil || again != got {
			t.Errorf("round trip of %q: %q -> %v, %v", tt.cell, back, again, err)
		}
	}
	_, err := ParseCell(choiceF, "直販")
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || ve.Fields["custom.kind"] != "「得意先区分」は選択肢から選んでください" {
		t.Errorf("ParseCell bad choice: %v", err)
	}
}

func TestFormatCell(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{nil, ""}, {"12.5", "12.5"}, {json.Number("3"), "3"}, {1e21, "1000000000000000000000"}, {true, "true"},
	}
	for _, tt := range tests {
		if got := FormatCell(numF, tt.v); got != tt.want {
			t.Errorf("FormatCell(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestVisible(t *testing.T) {
	got := Visible([]Field{textF, numF}, map[string]any{"note": "x", "deleted": "old", "score": nil})
	if diff := cmp.Diff(map[string]any{"note": "x"}, got); diff != "" {
		t.Errorf("Visible (-want +got):\n%s", diff)
	}
}
