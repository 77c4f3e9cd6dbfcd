package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// fuzzBodies are request structs decoded by decodeJSON, one per kind of
// input the API accepts (orders, prices, catalogue, buyers, money).
var fuzzBodies = []func() any{
	func() any { return new(OrderCreate) },
	func() any { return new(PriceListInput) },
	func() any { return new(BuyerPriceInput) },
	func() any { return new(PriceListItemInput) },
	func() any { return new(ProductCreate) },
	func() any { return new(BuyerCreate) },
	func() any { return new(PaymentInput) },
	func() any { return new(QuoteCreate) },
	func() any { return new(CustomFieldCreate) },
	func() any { return new(StockAdjustmentInput) },
}

// fuzzDecode runs decodeJSON on body as a request with a 4 KiB limit.
func fuzzDecode(body []byte, dst any) error {
	r := httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 4<<10)
	return decodeJSON(r, dst)
}

// FuzzDecodeJSON feeds any body to the strict decoder with every request
// struct: it never panics, refuses only with an *apiError of status 400,
// 413 or 415 carrying a message, and what it accepts survives a round trip
// (marshal, decode again strictly) unchanged. An order body also goes
// through placeInputOf, whose refusals are validation errors.
func FuzzDecodeJSON(f *testing.F) {
	f.Add([]byte(`{"buyer_id":"1","ship_to_id":"2","lines":[{"sku_id":"3","quantity":2}]}`), uint8(0))
	f.Add([]byte(`{"lines":[{"product_code":"𠮷-001","quantity":-5}],"note":"😀"}`), uint8(0))
	f.Add([]byte(`{"name":"春の特価","kind":"rate","rate_bp":7250,"priority":999999999999999999999}`), uint8(1))
	f.Add([]byte(`{"breaks":[{"min_qty":1,"price":1e400}]}`), uint8(2))
	f.Add([]byte("\xEF\xBB\xBF{}"), uint8(3))
	f.Add([]byte(`{"name":"x","name":"y","nmae":1}`), uint8(4))
	f.Add([]byte(`{"amount":-1,"paid_on":"2026-02-30"}`), uint8(6))
	f.Add([]byte(`{"a":[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]} {}`), uint8(9))
	f.Fuzz(func(t *testing.T, body []byte, which uint8) {
		dst := fuzzBodies[int(which)%len(fuzzBodies)]()
		err := fuzzDecode(body, dst)
		if err != nil {
			checkDecodeRefusal(t, body, err)
			return
		}
		again := fuzzBodies[int(which)%len(fuzzBodies)]()
		out, merr := json.Marshal(dst)
		if merr != nil {
			t.Fatalf("marshal %T: %v", dst, merr)
		}
		if err := fuzzDecode(out, again); err != nil && len(out) <= 4<<10 {
			t.Fatalf("%T: %s decoded, but its re-encoding %s did not: %v", dst, body, out, err)
		}
		if diff := cmp.Diff(dst, again, cmpopts.EquateEmpty()); len(out) <= 4<<10 && diff != "" {
			t.Fatalf("%T round trip of %s (-first +again):\n%s", dst, body, diff)
		}
		if oc, ok := dst.(*OrderCreate); ok {
			if _, _, perr := placeInputOf(*oc); perr != nil && len(perr.Fields) == 0 {
				t.Fatalf("placeInputOf(%s): validation error without fields", body)
			}
		}
	})
}

func checkDecodeRefusal(t *testing.T, body []byte, err error) {
	t.Helper()
	var ae *apiError
	if !errors.As(err, &ae) || ae.message == "" {
		t.Fatalf("decode %q: %v (%T), want *apiError", body, err, err)
	}
	switch ae.status {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
	default:
		t.Fatalf("decode %q: status %d", body, ae.status)
	}
}
