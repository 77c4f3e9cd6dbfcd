package api

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestAPIBuyerPricesListing(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		w := newPricingWorld(t, e, "maruyama", 1980, "P-003", "P-001", "P-002")
		other := newPricingWorld(t, e, "kawaguchi", 1000, "Q-001")
		var second BuyerDetail
		e.send(t, "POST", "/api/v1/buyers", w.key, `{"code":"A001","name":"青木商店"}`, 201, &second)

		var bp BuyerPrice
		for i, sku := range w.skus {
			body := fmt.Sprintf(`{"buyer_id":%q,"sku_id":%q,"valid_from":"2026-01-01","breaks":[{"min_qty":1,"price":%d}]}`,
				w.buyer, sku, 1500+i)
			e.send(t, "POST", "/api/v1/buyer-prices", w.key, body, 201, &bp)
		}
		if bp.BuyerID != w.buyer || bp.Buyer.Code != "B001" || bp.SKU.Code != "P-002" || bp.SKU.ListPrice != 1980 ||
			*bp.ValidFrom != "2026-01-01" || bp.ValidTo != nil || bp.Breaks[0].Price != 1502 {
			t.Errorf("created %+v", bp)
		}
		var bySKU BuyerPrice
		e.send(t, "POST", "/api/v1/buyer-prices", w.key, fmt.Sprintf(`{"buyer_id":%q,"sku_id":%q,
			"breaks":[{"min_qty":1,"price":1400}]}`, second.ID, w.skus[2]), 201, &bySKU)

		// By buyer, in SKU code order, over pages.
		codes := pageCodes(t, e, w.key, "/api/v1/buyer-prices?limit=2&buyer_id="+w.buyer, func(b BuyerPrice) string { return b.SKU.Code })
		if codes != "P-001,P-002,P-003" {
			t.Errorf("by buyer: %s", codes)
		}
		// By SKU, in buyer code order.
		codes = pageCodes(t, e, w.key, "/api/v1/buyer-prices?limit=1&sku_id="+w.skus[2], func(b BuyerPrice) string { return b.Buyer.Code })
		if codes != "A001,B001" {
			t.Errorf("by SKU: %s", codes)
		}
		var l List[BuyerPrice]
		e.send(t, "GET", "/api/v1/buyer-prices?limit=1&buyer_id="+w.buyer, w.key, "", 200, &l)
		e.fails(t, "GET", "/api/v1/buyer-prices?sku_id="+w.skus[2]+"&cursor="+*l.NextCursor, w.key, "", 400, CodeBadRequest)
		e.fails(t, "GET", "/api/v1/buyer-prices", w.key, "", 400, CodeBadRequest)
		e.fails(t, "GET", "/api/v1/buyer-prices?buyer_id="+w.buyer+"&sku_id="+w.skus[0], w.key, "", 400, CodeBadRequest)
		e.fails(t, "GET", "/api/v1/buyer-prices?buyer_id="+other.buyer, w.key, "", 404, CodeNotFound)

	})
}

func TestAPIBuyerPricesWrite(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		w := newPricingWorld(t, e, "maruyama", 1980, "P-001")
		other := newPricingWorld(t, e, "kawaguchi", 1000, "Q-001")
		var second BuyerDetail
		e.send(t, "POST", "/api/v1/buyers", w.key, `{"code":"A001","name":"青木商店"}`, 201, &second)
		var bp BuyerPrice
		e.send(t, "POST", "/api/v1/buyer-prices", w.key, fmt.Sprintf(`{"buyer_id":%q,"sku_id":%q,"valid_from":"2026-01-01",
			"breaks":[{"min_qty":1,"price":1500}]}`, w.buyer, w.skus[0]), 201, &bp)

		// PATCH: what is sent replaces; the rest stays; buyer and SKU are fixed.
		var patched BuyerPrice
		e.send(t, "PATCH", "/api/v1/buyer-prices/"+bp.ID, w.key, `{"breaks":[{"min_qty":12,"price":1300},{"min_qty":1,"price":1450}]}`, 200, &patched)
		if *patched.ValidFrom != "2026-01-01" || len(patched.Breaks) != 2 || patched.Breaks[1].MinQty != 12 {
			t.Errorf("patched %+v", patched)
		}
		e.send(t, "PATCH", "/api/v1/buyer-prices/"+bp.ID, w.key, `{"valid_from":"","valid_to":"2026-12-31"}`, 200, &patched)
		if patched.ValidFrom != nil || *patched.ValidTo != "2026-12-31" || len(patched.Breaks) != 2 {
			t.Errorf("patched period %+v", patched)
		}
		eb := e.fails(t, "PATCH", "/api/v1/buyer-prices/"+bp.ID, w.key, `{"buyer_id":"`+second.ID+`","breaks":[]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "buyer_id")
		eb = e.fails(t, "PATCH", "/api/v1/buyer-prices/"+bp.ID, w.key, `{"breaks":[]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "breaks")

		// Validation, and references the tenant does not have.
		eb = e.fails(t, "POST", "/api/v1/buyer-prices", w.key, `{"valid_from":"2026-04-31","breaks":[{"min_qty":0,"price":1}]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "valid_from", "buyer_id", "sku_id", "breaks[0].min_qty")
		eb = e.fails(t, "POST", "/api/v1/buyer-prices", w.key, fmt.Sprintf(`{"buyer_id":%q,"sku_id":%q,
			"breaks":[{"min_qty":1,"price":1}]}`, other.buyer, other.skus[0]), 422, CodeValidationFailed)
		wantFields(t, eb, "buyer_id", "sku_id")

		for _, tt := range []struct{ method, body string }{{"GET", ""}, {"PATCH", `{"valid_to":""}`}, {"DELETE", ""}} {
			e.fails(t, tt.method, "/api/v1/buyer-prices/"+bp.ID, other.key, tt.body, 404, CodeNotFound)
		}
		e.send(t, "DELETE", "/api/v1/buyer-prices/"+bp.ID, w.key, "", 204, nil)
		e.fails(t, "GET", "/api/v1/buyer-prices/"+bp.ID, w.key, "", 404, CodeNotFound)
	})
}

// pageCodes follows next_cursor from path and joins name of every item.
func pageCodes(t *testing.T, e *env, key, path string, name func(BuyerPrice) string) string {
	t.Helper()
	var out []string
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatalf("%s: too many pages", path)
		}
		var l List[BuyerPrice]
		e.send(t, "GET", path, key, "", 200, &l)
		for _, b := range l.Data {
			out = append(out, name(b))
		}
		if l.NextCursor == nil {
			return strings.Join(out, ",")
		}
		base, _, _ := strings.Cut(path, "&cursor=")
		path = base + "&cursor=" + *l.NextCursor
	}
}

func TestAPIPriceQuote(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		w := newPricingWorld(t, e, "maruyama", 1980, "P-001")
		other := newPricingWorld(t, e, "kawaguchi", 1000, "Q-001")
		var rate PriceList
		e.send(t, "POST", "/api/v1/price-lists", w.key, `{"price_group_id":"`+w.group+`","name":"Aランク掛け率",
			"kind":"rate","rate_bp":7250,"rounding":"floor"}`, 201, &rate)
		var bp BuyerPrice
		e.send(t, "POST", "/api/v1/buyer-prices", w.key, fmt.Sprintf(`{"buyer_id":%q,"sku_id":%q,"valid_from":"2026-01-01",
			"breaks":[{"min_qty":1,"price":1500},{"min_qty":10,"price":1200}]}`, w.buyer, w.skus[0]), 201, &bp)
		quote := "/api/v1/price-quotes?buyer_id=" + w.buyer + "&sku_id=" + w.skus[0]

		var q PriceQuote
		e.send(t, "GET", quote, w.key, "", 200, &q)
		if q.UnitPrice != 1500 || q.Rule != "buyer_price" || q.RuleLabel != "個別単価" || *q.SourceID != bp.ID ||
			q.Quantity != 1 || q.Date != "2026-05-15" || q.BreakMinQty != 1 {
			t.Errorf("quote %+v", q)
		}
		if got := stepsOf(q); got != "buyer_price:applied:1500 group_rate:outranked:1435 list_price:outranked:1980" {
			t.Errorf("explanation %s", got)
		}
		rateStep := q.Explanation[1]
		if *rateStep.RateBP != 7250 || *rateStep.Rounding != "floor" || *rateStep.SourceID != rate.ID ||
			rateStep.Name != "Aランク掛け率" || !strings.Contains(rateStep.Text, "72.5%") || rateStep.ReasonLabel != "上位のルールを適用" {
			t.Errorf("rate step %+v", rateStep)
		}

		e.send(t, "GET", quote+"&quantity=12", w.key, "", 200, &q)
		if q.UnitPrice != 1200 || q.BreakMinQty != 10 || q.Quantity != 12 {
			t.Errorf("quantity 12: %+v", q)
		}
		// Before the buyer price starts, the group's rate applies: 1980 × 72.5% = 1435.5 → 1435.
		e.send(t, "GET", quote+"&date=2025-12-31", w.key, "", 200, &q)
		if q.UnitPrice != 1435 || q.Rule != "group_rate" || q.Date != "2025-12-31" {
			t.Errorf("before the buyer price: %+v", q)
		}
		if got := stepsOf(q); got != "buyer_price:out_of_period:- group_rate:applied:1435 list_price:outranked:1980" {
			t.Errorf("explanation %s", got)
		}

		e.fails(t, "GET", "/api/v1/price-quotes?buyer_id="+other.buyer+"&sku_id="+w.skus[0], w.key, "", 404, CodeNotFound)
		e.fails(t, "GET", "/api/v1/price-quotes?buyer_id="+w.buyer+"&sku_id="+other.skus[0], w.key, "", 404, CodeNotFound)
		for _, bad := range []string{"sku_id=" + w.skus[0], "buyer_id=" + w.buyer, quote[len("/api/v1/price-quotes?"):] + "&quantity=0",
			quote[len("/api/v1/price-quotes?"):] + "&date=2026-02-30", quote[len("/api/v1/price-quotes?"):] + "&quantity=x"} {
			e.fails(t, "GET", "/api/v1/price-quotes?"+bad, w.key, "", 400, CodeBadRequest)
		}
	})
}

// stepsOf sums up an explanation: rule:reason:price for each step.
func stepsOf(q PriceQuote) string {
	var parts []string
	for _, st := range q.Explanation {
		price := "-"
		if st.Price != nil {
			price = fmt.Sprint(*st.Price)
		}
		parts = append(parts, st.Rule+":"+st.Reason+":"+price)
	}
	return strings.Join(parts, " ")
}
