package api

import (
	"testing"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestAPIShipTos(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		_, key := e.key(t, e.tenant(t, "maruyama"), apikeys.BuyersWrite)
		var b BuyerDetail
		e.send(t, "POST", "/api/v1/buyers", key, `{"code":"B001","name":"山田商店"}`, 201, &b)
		base := "/api/v1/buyers/" + b.ID + "/ship-tos"

		var first, second ShipTo
		e.send(t, "POST", base, key, `{"label":"本店","postal_code":"〒100-0001","address":"東京都千代田区1-1"}`, 201, &first)
		e.send(t, "POST", base, key, `{"label":"第二倉庫","recipient":"物流課","postal_code":"5300001",
			"address":"大阪府大阪市北区1-1","phone":"06-1234-5678"}`, 201, &second)
		if !first.IsDefault || second.IsDefault || first.PostalCode != "100-0001" || second.BuyerID != b.ID {
			t.Errorf("created %+v / %+v", first, second)
		}
		eb := e.fails(t, "POST", base, key, `{"label":"","postal_code":"1","address":""}`, 422, CodeValidationFailed)
		wantFields(t, eb, "label", "postal_code", "address")

		// PATCH: only what is sent; is_default true moves the default.
		var patched ShipTo
		e.send(t, "PATCH", base+"/"+second.ID, key, `{"is_default":true,"phone":"06-9999-0000"}`, 200, &patched)
		if !patched.IsDefault || patched.Label != "第二倉庫" || patched.Recipient != "物流課" || patched.Phone != "06-9999-0000" {
			t.Errorf("patched %+v", patched)
		}
		var list List[ShipTo]
		e.send(t, "GET", base, key, "", 200, &list)
		if len(list.Data) != 2 || list.Data[0].ID != second.ID || list.Data[1].IsDefault || list.NextCursor != nil {
			t.Errorf("list after default moved: %+v", list)
		}
		e.fails(t, "PATCH", base+"/"+second.ID, key, `{"address":""}`, 422, CodeValidationFailed)

		// Deleting the default hands it to the oldest remaining one.
		e.send(t, "DELETE", base+"/"+second.ID, key, "", 204, nil)
		var d BuyerDetail
		e.send(t, "GET", "/api/v1/buyers/"+b.ID, key, "", 200, &d)
		if len(d.ShipTos) != 1 || d.ShipTos[0].ID != first.ID || !d.ShipTos[0].IsDefault {
			t.Errorf("ship-tos after delete: %+v", d.ShipTos)
		}
		e.fails(t, "DELETE", base+"/"+second.ID, key, "", 404, CodeNotFound)

		// A ship-to of another buyer of the same tenant is not found under this one.
		var other BuyerDetail
		e.send(t, "POST", "/api/v1/buyers", key, `{"code":"B002","name":"伊藤商会"}`, 201, &other)
		e.fails(t, "PATCH", "/api/v1/buyers/"+other.ID+"/ship-tos/"+first.ID, key, `{"label":"x"}`, 404, CodeNotFound)
	})
}

func TestAPIBuyerUsers(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		a := e.tenant(t, "maruyama")
		_, key := e.key(t, a, apikeys.BuyersWrite)
		_, readKey := e.key(t, a, apikeys.BuyersRead)
		var b BuyerDetail
		e.send(t, "POST", "/api/v1/buyers", key, `{"code":"B001","name":"山田商店"}`, 201, &b)
		base := "/api/v1/buyers/" + b.ID + "/users"

		var u BuyerUser
		e.send(t, "POST", base, key, `{"email":"Hanako@Example.com","name":"山田 花子","role":"buyer_admin"}`, 201, &u)
		if u.Email != "hanako@example.com" || u.Status != "invited" || u.BuyerID != b.ID || u.Role != "buyer_admin" {
			t.Errorf("invited %+v", u)
		}
		eb := e.fails(t, "POST", base, key, `{"email":"not-an-address","name":"","role":"owner"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "email", "name", "role")

		var list List[BuyerUser]
		e.send(t, "GET", base, readKey, "", 200, &list)
		if len(list.Data) != 1 || list.Data[0].ID != u.ID {
			t.Errorf("users %+v", list)
		}
		var changed BuyerUser
		e.send(t, "POST", base+"/"+u.ID+"/disable", key, "", 200, &changed)
		if changed.Status != "disabled" {
			t.Errorf("after disable: %q", changed.Status)
		}
		e.send(t, "POST", base+"/"+u.ID+"/enable", key, "", 200, &changed)
		if changed.Status != "invited" { // never set a password: back to invited
			t.Errorf("after enable: %q", changed.Status)
		}
		e.fails(t, "POST", base+"/"+u.ID+"/disable", readKey, "", 403, CodeForbidden)

		// A suspended company gets no new users.
		e.send(t, "POST", "/api/v1/buyers/"+b.ID+"/suspend", key, "", 200, nil)
		eb = e.fails(t, "POST", base, key, `{"email":"taro@example.com","name":"山田 太郎","role":"purchaser"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "buyer")
	})
}
