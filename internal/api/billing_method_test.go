package api

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestPaymentMethodSchema: the OpenAPI schemas of a payment list the
// payment methods.
func TestPaymentMethodSchema(t *testing.T) {
	raw, err := json.Marshal(openAPI(newServer(Deps{}).routes()))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]schema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	want := []string{"transfer", "cash", "promissory_note", "offset", "other"}
	for _, name := range []string{"Payment", "PaymentInput"} {
		d, ok := doc.Components.Schemas[name]
		if !ok || d.Properties["method"] == nil || !slices.Equal(d.Properties["method"].Enum, want) {
			t.Errorf("%s.method = %+v", name, d.Properties["method"])
		}
	}
}
