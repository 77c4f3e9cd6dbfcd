package idempotency

import (
	"strings"
	"testing"
)

func TestValidKey(t *testing.T) {
	for _, c := range []struct {
		key  string
		want bool
	}{
		{"", false},
		{"a", true},
		{"0f8fad5b-d9cb-469f-a165-70867728950e", true},
		{strings.Repeat("k", MaxKeyLen), true},
		{strings.Repeat("k", MaxKeyLen+1), false},
		{"has space", false},
		{"tab\tkey", false},
		{"注文-1", false},
		{"a\x7f", false},
	} {
		if got := ValidKey(c.key); got != c.want {
			t.Errorf("ValidKey(%q) = %v, want %v", c.key, got, c.want)
		}
	}
}

func TestReplayable(t *testing.T) {
	for _, c := range []struct {
		status int
		want   bool
	}{
		{200, true}, {201, true}, {204, true}, {400, true}, {404, true}, {422, true},
		{409, false}, {429, false}, {500, false}, {503, false},
	} {
		if got := Replayable(c.status); got != c.want {
			t.Errorf("Replayable(%d) = %v, want %v", c.status, got, c.want)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a := Fingerprint("POST", "/api/v1/orders", []byte(`{"a":1}`))
	if a != Fingerprint("POST", "/api/v1/orders", []byte(`{"a":1}`)) {
		t.Fatal("same request, different fingerprints")
	}
	for _, other := range [][3]string{
		{"POST", "/api/v1/orders", `{"a":2}`},
		{"POST", "/api/v1/buyers", `{"a":1}`},
		{"PUT", "/api/v1/orders", `{"a":1}`},
		// The separator keeps path and body apart.
		{"POST", "/api/v1/orders{", `"a":1}`},
	} {
		if a == Fingerprint(other[0], other[1], []byte(other[2])) {
			t.Errorf("%v has the same fingerprint", other)
		}
	}
}
