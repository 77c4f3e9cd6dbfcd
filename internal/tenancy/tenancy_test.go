package tenancy

import (
	"errors"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

func TestValidateNew(t *testing.T) {
	tests := []struct {
		slug, name string
		bad        string // field expected to be reported, "" for valid
	}{
		{"marukawa", "丸川食品株式会社", ""},
		{"a1-b2", "x", ""},
		{"ab", "x", "slug"},
		{"Upper", "x", "slug"},
		{"-lead", "x", "slug"},
		{"trail-", "x", "slug"},
		{"api", "x", "slug"},
		{"ops", "x", "slug"},
		{"good", " ", "name"},
	}
	for _, tt := range tests {
		err := ValidateNew(Tenant{Slug: tt.slug, Name: tt.name})
		var ve *oroshi.ValidationError
		if tt.bad == "" {
			if err != nil {
				t.Errorf("%q/%q: unexpected %v", tt.slug, tt.name, err)
			}
			continue
		}
		if !errors.As(err, &ve) || ve.Fields[tt.bad] == "" {
			t.Errorf("%q/%q: want error on %s, got %v", tt.slug, tt.name, tt.bad, err)
		}
	}
}
