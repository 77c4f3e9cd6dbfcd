package api

import (
	"fmt"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestAPIStockAdjustments(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		tn := ce.tenant(t, "maruyama")
		_, key := ce.key(t, tn, apikeys.CatalogWrite)
		p := ce.seed(t, tn, simpleProduct("鰹節", "KA-1", 3200))
		path := "/api/v1/skus/" + p.SKUs[0].ID.String() + "/stock-adjustments"

		var st StockLevel
		ce.send(t, "POST", path, key, `{"delta":10,"reason":"入荷"}`, 200, &st)
		if st.Stock != 10 || st.Delta != 10 || st.SKUID != p.SKUs[0].ID.String() {
			t.Errorf("after +10: %+v", st)
		}
		ce.send(t, "POST", path, key, `{"delta":-3,"reason":"破損"}`, 200, &st)
		if st.Stock != 7 {
			t.Errorf("after -3: %+v", st)
		}
		// Below zero: 422 on delta, nothing changed.
		eb := ce.fails(t, "POST", path, key, `{"delta":-8,"reason":"破損"}`, 422, CodeValidationFailed)
		if eb.Fields["delta"] != catalog.MsgOutOfStock {
			t.Errorf("out of stock: %v", eb.Fields)
		}
		eb = ce.fails(t, "POST", path, key, `{"delta":0,"reason":"入荷"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "delta")
		eb = ce.fails(t, "POST", path, key, fmt.Sprintf(`{"delta":1,"reason":%q}`, strings.Repeat("理", 201)), 422, CodeValidationFailed)
		wantFields(t, eb, "reason")
		// The reason is required: missing or blank is 422 on reason.
		for _, body := range []string{`{"delta":1}`, `{"delta":1,"reason":"  "}`} {
			eb = ce.fails(t, "POST", path, key, body, 422, CodeValidationFailed)
			wantFields(t, eb, "reason")
		}
		ce.fails(t, "POST", path, key, `{"delta":1.5,"reason":"入荷"}`, 400, CodeBadRequest)
		var got Product
		ce.send(t, "GET", "/api/v1/products/"+p.ID.String(), key, "", 200, &got)
		if got.SKUs[0].Stock != 7 {
			t.Errorf("stock after refusals %d", got.SKUs[0].Stock)
		}
		ce.fails(t, "POST", "/api/v1/skus/"+p.ID.String()+"/stock-adjustments", key, `{"delta":1,"reason":"入荷"}`, 404, CodeNotFound)
		ce.fails(t, "POST", "/api/v1/skus/x/stock-adjustments", key, `{"delta":1,"reason":"入荷"}`, 404, CodeNotFound)
	})
}
