package apikeys

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
)

func TestAPIKeyGenerateParse(t *testing.T) {
	const tenant = oroshi.TenantID(7312845567123456789)
	seen := map[string]bool{}
	for range 20 {
		k, err := generate(tenant)
		if err != nil {
			t.Fatal(err)
		}
		if seen[k] {
			t.Fatalf("generate repeated %q", k)
		}
		seen[k] = true
		got, ok := parse(k)
		if !ok || got != tenant {
			t.Fatalf("parse(%q) = %v, %v; want %v", k, got, ok, tenant)
		}
		if want := "oroshi_7312845567123456789_"; !strings.HasPrefix(k, want) || len(k) != len(want)+secretLen {
			t.Errorf("key %q: want %s followed by %d characters", k, want, secretLen)
		}
		if p := displayPrefix(k); !strings.HasPrefix(k, p) || len(p) != len("oroshi_7312845567123456789_")+prefixSecret {
			t.Errorf("displayPrefix(%q) = %q", k, p)
		}
		if h := hash(k); len(h) != 64 || h != hash(k) {
			t.Errorf("hash(%q) = %q", k, h)
		}
	}
}

func TestAPIKeyParseMalformed(t *testing.T) {
	secret := strings.Repeat("a", secretLen)
	tests := []string{
		"",
		"oroshi_",
		"oroshi_12",
		"oroshi_12_",
		"Bearer oroshi_12_" + secret,
		"ORoshi_12_" + secret,
		"sk_12_" + secret,
		"oroshi_0_" + secret,
		"oroshi_-5_" + secret,
		"oroshi_+5_" + secret,
		"oroshi_012_" + secret,
		"oroshi_x_" + secret,
		"oroshi_99999999999999999999_" + secret,
		"oroshi_12_" + secret[1:],
		"oroshi_12_" + secret + "a",
		"oroshi_12_" + strings.ToUpper(secret),
		"oroshi_12_" + secret[1:] + "1",
		"oroshi_12_" + secret[1:] + "_",
		"oroshi_12_" + secret[1:] + " ",
	}
	for _, k := range tests {
		if tenant, ok := parse(k); ok {
			t.Errorf("parse(%q) = %v, true; want malformed", k, tenant)
		}
	}
	if tenant, ok := parse("oroshi_12_" + secret); !ok || tenant != 12 {
		t.Errorf("parse of a well-formed key = %v, %v", tenant, ok)
	}
}

func TestAPIKeyNormalizeScopes(t *testing.T) {
	tests := []struct {
		in   []string
		want []string
		bad  string // part of the expected message
	}{
		{in: []string{OrdersWrite, CatalogRead, OrdersWrite}, want: []string{CatalogRead, OrdersWrite}},
		{in: []string{" audit:read "}, want: []string{AuditRead}},
		{in: nil, bad: "1つ以上"},
		{in: []string{"orders:delete"}, bad: "不明なスコープ「orders:delete」"},
		{in: []string{CatalogRead, ""}, bad: "不明なスコープ"},
		{in: []string{"*"}, bad: "不明なスコープ"},
	}
	for _, tt := range tests {
		got, err := NormalizeScopes(tt.in)
		if tt.bad != "" {
			var ve *oroshi.ValidationError
			if !errors.As(err, &ve) || !strings.Contains(ve.Fields["scopes"], tt.bad) {
				t.Errorf("NormalizeScopes(%q) = %v, %v; want a message with %q", tt.in, got, err, tt.bad)
			}
			continue
		}
		if err != nil || !cmp.Equal(got, tt.want) {
			t.Errorf("NormalizeScopes(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestAPIKeyVocabulary(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Vocabulary() {
		resource, action, ok := strings.Cut(s.Name, ":")
		if !ok || resource == "" || (action != "read" && action != "write") {
			t.Errorf("scope %q is not resource:read or resource:write", s.Name)
		}
		if seen[s.Name] || s.Description == "" {
			t.Errorf("scope %q repeated or without a description", s.Name)
		}
		seen[s.Name] = true
	}
	if d, ok := Describe(OrdersRead); !ok || d != "注文の参照" {
		t.Errorf("Describe(orders:read) = %q, %v", d, ok)
	}
	if _, ok := Describe("orders:delete"); ok {
		t.Error("Describe knows orders:delete")
	}
}

func TestAPIKeyValidateName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"基幹システム連携", true},
		{"x", true},
		{strings.Repeat("あ", 100), true},
		{strings.Repeat("あ", 101), false},
		{"", false},
		{"  \t", false},
	}
	for _, tt := range tests {
		if err := ValidateName(tt.name); (err == nil) != tt.ok {
			t.Errorf("ValidateName(%q) = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestAPIKeyAllows(t *testing.T) {
	k := Key{Scopes: []string{CatalogRead, OrdersWrite}}
	tests := []struct {
		scope string
		want  bool
	}{
		{CatalogRead, true},
		{CatalogWrite, false},
		{OrdersWrite, true},
		{OrdersRead, true}, // write implies read
		{BuyersRead, false},
		{"orders", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := k.Allows(tt.scope); got != tt.want {
			t.Errorf("Allows(%q) = %v, want %v", tt.scope, got, tt.want)
		}
	}
}
