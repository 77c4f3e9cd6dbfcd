package api

import (
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestAPICustomFieldsScopes(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		a := e.tenant(t, "maruyama")
		_, buyersKey := e.key(t, a, apikeys.BuyersWrite)
		_, catalogKey := e.key(t, a, apikeys.CatalogWrite)
		_, keyB := e.key(t, e.tenant(t, "kawaguchi"), apikeys.BuyersWrite, apikeys.CatalogWrite)

		var f CustomField
		e.send(t, "POST", "/api/v1/custom-fields", buyersKey,
			`{"entity":"buyer","key":"rank","label":"ランク","type":"choice","choices":[" S ","A",""],"required":true}`, 201, &f)
		if f.Entity != "buyer" || f.Key != "rank" || strings.Join(f.Choices, ",") != "S,A" || !f.Required || f.ID == "" {
			t.Errorf("created %+v", f)
		}
		var pf CustomField
		e.send(t, "POST", "/api/v1/custom-fields", catalogKey,
			`{"entity":"product","key":"origin","label":"産地","type":"text"}`, 201, &pf)
		if pf.Choices == nil || len(pf.Choices) != 0 {
			t.Errorf("choices of a text field: %#v", pf.Choices)
		}

		// The scope follows the entity.
		e.fails(t, "POST", "/api/v1/custom-fields", buyersKey, `{"entity":"product","key":"x","label":"x","type":"text"}`, 403, CodeForbidden)
		e.fails(t, "POST", "/api/v1/custom-fields", catalogKey, `{"entity":"buyer","key":"x","label":"x","type":"text"}`, 403, CodeForbidden)
		e.fails(t, "GET", "/api/v1/custom-fields?entity=product", buyersKey, "", 403, CodeForbidden)
		e.fails(t, "PATCH", "/api/v1/custom-fields/"+pf.ID, buyersKey, `{"label":"x"}`, 403, CodeForbidden)
		e.fails(t, "DELETE", "/api/v1/custom-fields/"+f.ID, catalogKey, "", 403, CodeForbidden)
		e.fails(t, "GET", "/api/v1/custom-fields", buyersKey, "", 400, CodeBadRequest)
		e.fails(t, "GET", "/api/v1/custom-fields?entity=order", buyersKey, "", 400, CodeBadRequest)

		var list List[CustomField]
		e.send(t, "GET", "/api/v1/custom-fields?entity=buyer", buyersKey, "", 200, &list)
		if len(list.Data) != 1 || list.Data[0].Key != "rank" {
			t.Errorf("buyer fields %+v", list)
		}
		// Another tenant's field is not found, whatever the key's scopes.
		e.fails(t, "PATCH", "/api/v1/custom-fields/"+f.ID, keyB, `{"label":"x"}`, 404, CodeNotFound)
		e.fails(t, "DELETE", "/api/v1/custom-fields/"+pf.ID, keyB, "", 404, CodeNotFound)
	})
}

func TestAPICustomFieldsWrite(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		_, buyersKey := e.key(t, e.tenant(t, "maruyama"), apikeys.BuyersWrite)
		var f CustomField
		e.send(t, "POST", "/api/v1/custom-fields", buyersKey,
			`{"entity":"buyer","key":"rank","label":"ランク","type":"choice","choices":["S","A"],"required":true}`, 201, &f)

		// Validation, with the service's field keys.
		eb := e.fails(t, "POST", "/api/v1/custom-fields", buyersKey,
			`{"entity":"buyer","key":"Bad Key","label":"","type":"colour"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "key", "label", "type")
		eb = e.fails(t, "POST", "/api/v1/custom-fields", buyersKey,
			`{"entity":"buyer","key":"rank","label":"別名","type":"text"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "key")
		eb = e.fails(t, "POST", "/api/v1/custom-fields", buyersKey, `{"entity":"order","key":"x","label":"x","type":"text"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "entity")

		// PATCH changes only what is sent; key and type are fixed.
		var patched CustomField
		e.send(t, "PATCH", "/api/v1/custom-fields/"+f.ID, buyersKey, `{"label":"取引ランク"}`, 200, &patched)
		if patched.Label != "取引ランク" || !patched.Required || strings.Join(patched.Choices, ",") != "S,A" {
			t.Errorf("patched %+v", patched)
		}
		eb = e.fails(t, "PATCH", "/api/v1/custom-fields/"+f.ID, buyersKey, `{"key":"grade","type":"text"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "key", "type")
		e.send(t, "PATCH", "/api/v1/custom-fields/"+f.ID, buyersKey, `{"key":"rank","required":false}`, 200, &patched)
		if patched.Required {
			t.Error("required still set")
		}

		e.send(t, "DELETE", "/api/v1/custom-fields/"+f.ID, buyersKey, "", 204, nil)
		e.fails(t, "DELETE", "/api/v1/custom-fields/"+f.ID, buyersKey, "", 404, CodeNotFound)
	})
}
