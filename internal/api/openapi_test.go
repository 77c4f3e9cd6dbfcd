package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// fetchDoc gets the document through the handler, as a client would.
func fetchDoc(t *testing.T, h http.Handler) map[string]any {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	var doc map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

// TestAPIKeyOpenAPICoversRoutes walks the route table and the mux: every
// route must be registered under its own pattern and documented with its
// scope, and the document must hold nothing else.
func TestAPIKeyOpenAPICoversRoutes(t *testing.T) {
	srv := newServer(Deps{})
	routes := append(srv.routes(), testRoutes()...)
	mux := srv.mux(routes)
	doc := fetchDoc(t, srv.handler(routes))
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", doc["openapi"])
	}
	paths := doc["paths"].(map[string]any)
	ops := map[string]bool{}
	documented := 0
	for _, p := range paths {
		documented += len(p.(map[string]any))
	}
	if documented != len(routes) {
		t.Errorf("document has %d operations, route table %d", documented, len(routes))
	}
	for _, rt := range routes {
		req := httptest.NewRequest(rt.method, regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(rt.path, "1"), nil)
		if _, pattern := mux.Handler(req); pattern != rt.method+" "+rt.path {
			t.Errorf("%s %s: mux pattern %q", rt.method, rt.path, pattern)
		}
		p, _ := paths[rt.path].(map[string]any)
		op, ok := p[strings.ToLower(rt.method)].(map[string]any)
		if !ok {
			t.Errorf("%s %s is missing from openapi.json", rt.method, rt.path)
			continue
		}
		id, _ := op["operationId"].(string)
		if id == "" || ops[id] || op["summary"] == "" {
			t.Errorf("%s %s: operationId %q empty or repeated, or no summary", rt.method, rt.path, id)
		}
		ops[id] = true
		scopes, _ := op["x-scopes"].([]any)
		if rt.scope != "" && (len(scopes) != 1 || scopes[0] != rt.scope || !strings.Contains(op["description"].(string), rt.scope)) {
			t.Errorf("%s %s: x-scopes %v / %q, want %s", rt.method, rt.path, scopes, op["description"], rt.scope)
		}
		if sec, isSet := op["security"]; rt.public != (isSet && len(sec.([]any)) == 0) {
			t.Errorf("%s %s: security %v, public %v", rt.method, rt.path, sec, rt.public)
		}
	}
	for _, must := range []string{"/api/v1/me", "/api/v1/openapi.json"} {
		if _, ok := paths[must]; !ok {
			t.Errorf("openapi.json lacks %s", must)
		}
	}
}

func TestAPIKeyOpenAPISchemas(t *testing.T) {
	srv := newServer(Deps{})
	raw, err := json.Marshal(openAPI(append(srv.routes(), testRoutes()...)))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas         map[string]schema `json:"schemas"`
			SecuritySchemes map[string]struct {
				Scheme, Description string
			} `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	defs := doc.Components.Schemas
	// Every $ref points at a component.
	for _, m := range regexp.MustCompile(`"\$ref":"#/components/schemas/([^"]+)"`).FindAllStringSubmatch(string(raw), -1) {
		if _, ok := defs[m[1]]; !ok {
			t.Errorf("$ref to missing schema %s", m[1])
		}
	}
	me := defs["Me"]
	if !slices.Equal(me.Required, []string{"tenant", "key"}) || me.Properties["key"].Ref != "#/components/schemas/APIKey" {
		t.Errorf("Me schema = %+v", me)
	}
	key := defs["APIKey"]
	if f := key.Properties["created_at"]; f.Type != "string" || f.Format != "date-time" {
		t.Errorf("APIKey.created_at = %+v", f)
	}
	if f := key.Properties["last_used_at"]; !slices.Equal(toStrings(f.Type), []string{"string", "null"}) {
		t.Errorf("APIKey.last_used_at type = %v, want nullable string", f.Type)
	}
	if f := key.Properties["scopes"]; f.Type != "array" || f.Items.Type != "string" {
		t.Errorf("APIKey.scopes = %+v", f)
	}
	body := defs["ErrorBody"]
	if !slices.Contains(body.Properties["code"].Enum, CodeValidationFailed) || slices.Contains(body.Required, "fields") {
		t.Errorf("ErrorBody = %+v", body)
	}
	if _, ok := defs["ErrorResponse"]; !ok {
		t.Error("no ErrorResponse schema")
	}
	bearer := doc.Components.SecuritySchemes["bearer"]
	if bearer.Scheme != "bearer" || !strings.Contains(bearer.Description, "orders:write") {
		t.Errorf("bearer scheme = %+v", bearer)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestAPIKeySchemaOf(t *testing.T) {
	type inner struct {
		N int `json:"n"`
	}
	type sample struct {
		inner
		Name string            `json:"name" doc:"名前"`
		Opt  string            `json:"opt,omitempty"`
		Skip string            `json:"-"`
		Tags map[string]string `json:"tags"`
		Raw  []byte            `json:"raw"`
		Next *sample           `json:"next"`
		Page List[Tenant]      `json:"page"`
	}
	ss := newSchemas()
	ref := ss.of(reflect.TypeOf(sample{}))
	if ref.Ref != "#/components/schemas/sample" {
		t.Fatalf("ref = %+v", ref)
	}
	s := ss.defs["sample"]
	if !slices.Equal(s.Required, []string{"n", "name", "tags", "raw", "next", "page"}) {
		t.Errorf("required = %v", s.Required)
	}
	if s.Properties["name"].Description != "名前" || s.Properties["raw"].Format != "byte" ||
		s.Properties["tags"].AdditionalProperties.Type != "string" || len(s.Properties["next"].AnyOf) != 2 {
		t.Errorf("properties = %+v", s.Properties)
	}
	if _, ok := s.Properties["Skip"]; ok {
		t.Error("json:\"-\" field documented")
	}
	if s.Properties["page"].Ref != "#/components/schemas/TenantList" || ss.defs["TenantList"] == nil {
		t.Errorf("generic list named %+v", s.Properties["page"])
	}
}
