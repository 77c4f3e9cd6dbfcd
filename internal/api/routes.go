package api

import "net/http"

// route is one endpoint. This table is the only place routes are declared:
// the mux, authentication, scope checks and the OpenAPI document are all
// made from it.
type route struct {
	method  string
	path    string // ServeMux pattern path: /api/v1/orders/{id}
	op      string // OpenAPI operationId, unique
	summary string // Japanese, for the document
	public  bool   // no API key needed
	scope   string // scope the key needs; "" for any live key
	in, out any    // request and response body types (zero values), nil for none
	status  int    // success status; 0 for 200
	paged   bool   // takes ?limit= and ?cursor=
	maxBody int64  // request body limit; 0 for Deps.BodyLimit
	h       handlerFunc
}

// routes lists every API route.
func (s *server) routes() []route {
	return []route{
		{method: http.MethodGet, path: "/api/v1/openapi.json", op: "getOpenAPI", public: true,
			summary: "このAPIのOpenAPI 3.1定義", h: s.openAPIDoc},
		{method: http.MethodGet, path: "/api/v1/me", op: "getMe", out: Me{},
			summary: "認証中のAPIキーと契約者", h: s.me},
	}
}
