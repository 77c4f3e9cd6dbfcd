package customfields

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
)

func TestValidateField(t *testing.T) {
	ok := Field{Entity: EntityBuyer, Key: "kind", Label: "得意先区分", Type: TypeChoice, Choices: []string{"卸", "小売"}}
	tests := []struct {
		name  string
		edit  func(*Field)
		field string // "" when valid
	}{
		{"valid", func(*Field) {}, ""},
		{"product", func(f *Field) { f.Entity = EntityProduct }, ""},
		{"bad entity", func(f *Field) { f.Entity = "order" }, "entity"},
		{"key upper", func(f *Field) { f.Key = "Kind" }, "key"},
		{"key digit first", func(f *Field) { f.Key = "1kind" }, "key"},
		{"key dash", func(f *Field) { f.Key = "a-b" }, "key"},
		{"key 40", func(f *Field) { f.Key = "a" + strings.Repeat("b", 39) }, ""},
		{"key 41", func(f *Field) { f.Key = "a" + strings.Repeat("b", 40) }, "key"},
		{"empty label", func(f *Field) { f.Label = "" }, "label"},
		{"label 51", func(f *Field) { f.Label = strings.Repeat("あ", 51) }, "label"},
		{"bad type", func(f *Field) { f.Type = "bool" }, "type"},
		{"no choices", func(f *Field) { f.Choices = nil }, "choices"},
		{"duplicate choice", func(f *Field) { f.Choices = []string{"卸", "卸"} }, "choices"},
		{"long choice", func(f *Field) { f.Choices = []string{strings.Repeat("x", 51)} }, "choices"},
		{"text ignores choices", func(f *Field) { f.Type, f.Choices = TypeText, nil }, ""},
	}
	for _, tt := range tests {
		f := ok
		tt.edit(&f)
		err := ValidateField(NormalizeField(f))
		var ve *oroshi.ValidationError
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && (!errors.As(err, &ve) || ve.Fields[tt.field] == ""):
			t.Errorf("%s: err = %v, want a message on %s", tt.name, err, tt.field)
		}
	}
}

func TestNormalizeField(t *testing.T) {
	f := NormalizeField(Field{Key: " kind ", Label: " 区分 ", Type: TypeChoice, Choices: ParseChoices("卸\r\n\n 小売 \n")})
	if f.Key != "kind" || f.Label != "区分" || !cmp.Equal(f.Choices, []string{"卸", "小売"}) {
		t.Errorf("NormalizeField = %+v", f)
	}
	if g := NormalizeField(Field{Type: TypeText, Choices: []string{"x"}}); g.Choices != nil {
		t.Errorf("text field kept choices %v", g.Choices)
	}
}

func TestLabels(t *testing.T) {
	got := Labels(EntityBuyer, map[string]string{"code": "得意先コード", "gone": "x", "name": ""})
	if got["code"] != "得意先コード" || got["name"] != "取引先名" || got["closing_day"] != "締め日" {
		t.Errorf("Labels = %v", got)
	}
	if _, ok := got["gone"]; ok {
		t.Error("an override of an unknown field shows up")
	}
	if n := len(DefaultLabels(EntityProduct)); n != 11 {
		t.Errorf("%d product built-ins, want 11", n)
	}
	if DefaultLabels(EntityProduct)["jan"] != "JANコード" {
		t.Error("product jan label")
	}
}

func TestNormalizeLabels(t *testing.T) {
	got, err := normalizeLabels(EntityBuyer, map[string]string{"code": " 得意先コード ", "name": "取引先名", "kana": ""})
	want := map[string]string{"code": "得意先コード", "name": "", "kana": ""}
	if err != nil || !cmp.Equal(got, want) {
		t.Errorf("normalizeLabels = %v, %v; want %v", got, err, want)
	}
	_, err = normalizeLabels(EntityBuyer, map[string]string{"nope": "x", "code": strings.Repeat("あ", 51)})
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || ve.Fields["labels.nope"] == "" || ve.Fields["labels.code"] == "" {
		t.Errorf("bad labels: %v", err)
	}
	if _, err := normalizeLabels("order", nil); err == nil {
		t.Error("unknown entity accepted")
	}
}

func TestCheckDistinct(t *testing.T) {
	labels := Labels(EntityBuyer, map[string]string{"address": "取引先名"})
	if err := checkDistinct(EntityBuyer, labels, nil); err == nil {
		t.Error("two built-ins named alike accepted")
	}
	labels = Labels(EntityBuyer, map[string]string{"code": "区分"})
	if err := checkDistinct(EntityBuyer, labels, []Field{{Key: "kind", Label: "区分"}}); err == nil {
		t.Error("a built-in named like a custom field accepted")
	}
	if err := checkDistinct(EntityBuyer, DefaultLabels(EntityBuyer), []Field{{Key: "kind", Label: "区分"}}); err != nil {
		t.Errorf("defaults: %v", err)
	}
}
