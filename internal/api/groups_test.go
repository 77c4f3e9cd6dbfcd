package api

import (
	"testing"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestAPIPriceGroups(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		a := e.tenant(t, "maruyama")
		_, key := e.key(t, a, apikeys.BuyersWrite)
		_, readKey := e.key(t, a, apikeys.BuyersRead)
		_, keyB := e.key(t, e.tenant(t, "kawaguchi"), apikeys.BuyersWrite)

		var ga, gb PriceGroup
		e.send(t, "POST", "/api/v1/price-groups", key, `{"code":"Ａ","name":" Aランク "}`, 201, &ga)
		e.send(t, "POST", "/api/v1/price-groups", key, `{"code":"B","name":"Bランク"}`, 201, &gb)
		if ga.Code != "A" || ga.Name != "Aランク" || ga.ID == "" || ga.CreatedAt.IsZero() {
			t.Errorf("created %+v", ga)
		}
		eb := e.fails(t, "POST", "/api/v1/price-groups", key, `{"code":"A","name":"重複"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "code")
		eb = e.fails(t, "POST", "/api/v1/price-groups", key, `{}`, 422, CodeValidationFailed)
		wantFields(t, eb, "code", "name")

		var g PriceGroup
		e.send(t, "PATCH", "/api/v1/price-groups/"+ga.ID, key, `{"name":"特約店"}`, 200, &g)
		if g.Code != "A" || g.Name != "特約店" {
			t.Errorf("patched %+v", g)
		}
		e.send(t, "POST", "/api/v1/buyers", key, `{"code":"B001","name":"山田商店","price_group_id":"`+ga.ID+`"}`, 201, nil)
		var list List[PriceGroup]
		e.send(t, "GET", "/api/v1/price-groups", readKey, "", 200, &list)
		if len(list.Data) != 2 || list.Data[0].Code != "A" || list.Data[0].Buyers != 1 || list.Data[1].Buyers != 0 {
			t.Errorf("list %+v", list)
		}

		// A group buyers are in cannot go; an empty one can.
		eb = e.fails(t, "DELETE", "/api/v1/price-groups/"+ga.ID, key, "", 422, CodeValidationFailed)
		wantFields(t, eb, "price_group")
		e.send(t, "DELETE", "/api/v1/price-groups/"+gb.ID, key, "", 204, nil)
		e.fails(t, "DELETE", "/api/v1/price-groups/"+gb.ID, key, "", 404, CodeNotFound)

		// Another tenant's group is not found; a read key cannot write.
		e.fails(t, "PATCH", "/api/v1/price-groups/"+ga.ID, keyB, `{"name":"x"}`, 404, CodeNotFound)
		e.fails(t, "DELETE", "/api/v1/price-groups/"+ga.ID, keyB, "", 404, CodeNotFound)
		e.fails(t, "POST", "/api/v1/price-groups", readKey, `{"code":"C","name":"Cランク"}`, 403, CodeForbidden)
		e.fails(t, "PATCH", "/api/v1/price-groups/"+ga.ID, readKey, `{"name":"x"}`, 403, CodeForbidden)
	})
}
