// Package customfields is about the fields a seller adds to its own records
// (独自項目) and the names it gives the built-in ones (項目名の変更).
//
// A field belongs to one entity (buyers or products), has a key that never
// changes (the JSON key its values are stored under, and the API name), a
// Japanese label, a type and, for choices, the list to pick from. Values
// live in the entity's own JSON column, so defining or deleting a field
// never rewrites rows: a deleted field's values stay in the JSON but are no
// longer shown, validated or exported (see Visible), and they disappear the
// next time the record is saved.
//
// Every value is stored as a JSON string: text as typed, numbers as
// canonical decimal strings ("-1234.5", never a float, so no rounding
// surprises), dates as "YYYY-MM-DD" and choices as the chosen label.
package customfields

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
)

// Entity is the kind of record a field belongs to.
type Entity string

// Entities with custom fields and renamable built-in fields.
const (
	EntityBuyer   Entity = "buyer"
	EntityProduct Entity = "product"
)

// Valid tells whether e is a known entity.
func (e Entity) Valid() bool { return e == EntityBuyer || e == EntityProduct }

// Label is the entity's Japanese name, for screens and audit details.
func (e Entity) Label() string {
	switch e {
	case EntityBuyer:
		return "取引先"
	case EntityProduct:
		return "商品"
	}
	return string(e)
}

// Type is the kind of value a field holds.
type Type string

// Field types. The values are stored in the database and used by the API.
const (
	TypeText   Type = "text"   // up to MaxTextLen characters, line breaks allowed
	TypeNumber Type = "number" // an integer or decimal, kept exact as a string
	TypeDate   Type = "date"   // a real calendar date, YYYY-MM-DD
	TypeChoice Type = "choice" // one of the field's Choices
)

// Types lists the types in the order a form offers them.
func Types() []Type { return []Type{TypeText, TypeNumber, TypeDate, TypeChoice} }

// Valid tells whether t is a known type.
func (t Type) Valid() bool { return slices.Contains(Types(), t) }

// Label is the Japanese name of the type.
func (t Type) Label() string {
	switch t {
	case TypeText:
		return "テキスト"
	case TypeNumber:
		return "数値"
	case TypeDate:
		return "日付"
	case TypeChoice:
		return "選択肢"
	}
	return string(t)
}

// Limits of definitions and values.
const (
	MaxFields     = 50   // per entity and tenant: a form stays usable
	MaxLabelLen   = 50   // characters of a label
	MaxTextLen    = 1000 // characters of a text value
	MaxChoices    = 100
	MaxChoiceLen  = 50
	MaxIntDigits  = 15 // digits before the decimal point
	MaxFracDigits = 6  // digits after it
)

// Field is one custom field definition.
type Field struct {
	ID        oroshi.ID
	Tenant    oroshi.TenantID
	Entity    Entity
	Key       string // JSON key of the values; fixed once created
	Label     string
	Type      Type // fixed once created: stored values would no longer fit
	Choices   []string
	Required  bool
	Position  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// keyRE: a letter first so that a key is a valid identifier for JSON, the
// API and CSV headers alike.
var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// NormalizeField trims the free-text parts of a definition and drops the
// choices of a field that is not a choice.
func NormalizeField(f Field) Field {
	f.Key = strings.TrimSpace(f.Key)
	f.Label = strings.TrimSpace(f.Label)
	if f.Type != TypeChoice {
		f.Choices = nil
		return f
	}
	choices := make([]string, 0, len(f.Choices))
	for _, c := range f.Choices {
		if c = strings.TrimSpace(c); c != "" {
			choices = append(choices, c)
		}
	}
	f.Choices = choices
	return f
}

// ParseChoices splits the text of a form's choices box, one choice a line.
func ParseChoices(s string) []string {
	return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

// ValidateField checks a normalised definition, with Japanese messages.
func ValidateField(f Field) error {
	v := &oroshi.ValidationError{}
	if !f.Entity.Valid() {
		v.Add("entity", "対象の指定が正しくありません")
	}
	if !keyRE.MatchString(f.Key) {
		v.Add("key", "項目キーは半角英小文字で始まる、半角英小文字・数字・アンダースコアの40文字以内で入力してください")
	}
	if n := utf8.RuneCountInString(f.Label); n == 0 || n > MaxLabelLen {
		v.Add("label", "項目名を50文字以内で入力してください")
	}
	if !f.Type.Valid() {
		v.Add("type", "項目の種類を選択してください")
	}
	if f.Type == TypeChoice {
		if msg := checkChoices(f.Choices); msg != "" {
			v.Add("choices", msg)
		}
	}
	if f.Position < 0 {
		v.Add("position", "表示順が正しくありません")
	}
	return v.Err()
}

func checkChoices(choices []string) string {
	if len(choices) == 0 || len(choices) > MaxChoices {
		return "選択肢を1〜100個、1行に1つずつ入力してください"
	}
	seen := map[string]bool{}
	for _, c := range choices {
		if utf8.RuneCountInString(c) > MaxChoiceLen {
			return "選択肢はそれぞれ50文字以内で入力してください"
		}
		if seen[c] {
			return "選択肢「" + c + "」が重複しています"
		}
		seen[c] = true
	}
	return ""
}

// ErrKey is the validation error key of a field's value: custom.<key>.
func ErrKey(key string) string { return "custom." + key }

// Visible keeps the values of the fields still defined, in the JSON of a
// record; values of deleted fields are dropped so they are neither shown
// nor exported.
func Visible(defs []Field, values map[string]any) map[string]any {
	out := make(map[string]any, len(defs))
	for _, d := range defs {
		if v, ok := values[d.Key]; ok && v != nil {
			out[d.Key] = v
		}
	}
	return out
}
