package customfields

import (
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
)

var fuzzDefs = []Field{
	{Key: "memo", Label: "備考", Type: TypeText},
	{Key: "lot", Label: "ロット", Type: TypeNumber},
	{Key: "since", Label: "取引開始日", Type: TypeDate},
	{Key: "rank", Label: "ランク", Type: TypeChoice, Choices: []string{"Aランク", "Ｂランク", "𠮷", "😀"}},
}

var canonicalNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]{0,14})(\.[0-9]{0,5}[1-9])?$`)

// FuzzParseCell reads any cell as every type of field: refusals are
// *oroshi.ValidationError on custom.<key>; an accepted value is canonical
// (reading it again gives itself, it exports as itself, Validate keeps it)
// and has the shape of its type.
func FuzzParseCell(f *testing.F) {
	for _, s := range []string{"１，２３４．５０", "-0", "999999999999999.9999999", "1e9", "2026年2月29日", "20240229",
		"ａランク", " 😀 ", "𠮷野家\r\n二行目", "\x00", "\xff", "−１２", "0000.000", "1,23,456"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, which uint8) {
		def := fuzzDefs[int(which)%len(fuzzDefs)]
		v, err := ParseCell(def, s)
		if err != nil {
			var ve *oroshi.ValidationError
			if !errors.As(err, &ve) || ve.Fields[ErrKey(def.Key)] == "" {
				t.Fatalf("ParseCell(%s, %q) = %v (%T)", def.Type, s, err, err)
			}
			return
		}
		if v == nil {
			return
		}
		c, ok := v.(string)
		if !ok || c == "" {
			t.Fatalf("ParseCell(%s, %q) = %#v", def.Type, s, v)
		}
		if again, err := ParseCell(def, c); err != nil || again != c {
			t.Fatalf("%s: %q → %q → %v, %v", def.Type, s, c, again, err)
		}
		if out := FormatCell(def, c); out != c {
			t.Fatalf("%s: FormatCell(%q) = %q", def.Type, c, out)
		}
		if got, err := Validate([]Field{def}, map[string]any{def.Key: c}); err != nil || got[def.Key] != c {
			t.Fatalf("%s: Validate(%q) = %v, %v", def.Type, c, got, err)
		}
		checkShape(t, def, c)
	})
}

func checkShape(t *testing.T, def Field, c string) {
	t.Helper()
	switch def.Type {
	case TypeNumber:
		if !canonicalNumber.MatchString(c) || c == "-0" {
			t.Fatalf("number %q is not canonical", c)
		}
	case TypeDate:
		if _, err := time.Parse(time.DateOnly, c); err != nil {
			t.Fatalf("date %q: %v", c, err)
		}
	case TypeChoice:
		found := false
		for _, ch := range def.Choices {
			found = found || ch == c
		}
		if !found {
			t.Fatalf("choice %q is not defined", c)
		}
	}
}
