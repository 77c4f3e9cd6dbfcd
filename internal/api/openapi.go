package api

import (
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/idempotency"
)

// The OpenAPI 3.1 document is generated from the route table, so that it
// cannot forget a route or disagree with one about scopes.
type document struct {
	OpenAPI    string                           `json:"openapi"`
	Info       docInfo                          `json:"info"`
	Security   []map[string][]string            `json:"security"`
	Paths      map[string]map[string]*operation `json:"paths"`
	Components components                       `json:"components"`
}

type docInfo struct {
	Title       string `json:"title"`
	Version     string `json:"version"`
	Description string `json:"description"`
}

type components struct {
	Schemas         map[string]*schema        `json:"schemas"`
	SecuritySchemes map[string]securityScheme `json:"securitySchemes"`
}

type securityScheme struct {
	Type         string `json:"type"`
	Scheme       string `json:"scheme"`
	BearerFormat string `json:"bearerFormat"`
	Description  string `json:"description"`
}

type operation struct {
	OperationID string                 `json:"operationId"`
	Summary     string                 `json:"summary"`
	Description string                 `json:"description"`
	Security    *[]map[string][]string `json:"security,omitempty"` // [] on public routes
	XScopes     []string               `json:"x-scopes,omitempty"`
	Parameters  []parameter            `json:"parameters,omitempty"`
	RequestBody *requestBody           `json:"requestBody,omitempty"`
	Responses   map[string]response    `json:"responses"`
}

type parameter struct {
	Name        string  `json:"name"`
	In          string  `json:"in"`
	Required    bool    `json:"required"`
	Description string  `json:"description"`
	Schema      *schema `json:"schema"`
}

type requestBody struct {
	Required bool                 `json:"required"`
	Content  map[string]mediaType `json:"content"`
}

type response struct {
	Description string               `json:"description"`
	Content     map[string]mediaType `json:"content,omitempty"`
}

type mediaType struct {
	Schema *schema `json:"schema"`
}

const docDescription = `oroshi の公開API（/api/v1）です。

- 認証: 契約者ごとのAPIキーを ` + "`Authorization: Bearer oroshi_…`" + ` で送ります。各操作に必要なスコープは x-scopes と説明に記載しています（write スコープは同じリソースの read を含みます）。
- 形式: JSON（snake_case）、日時は RFC 3339、金額は円の整数、ID は 64 ビット整数のため文字列です。
- エラー: {"error":{"code":"…","message":"…","fields":{…}}}。code は安定しており、クライアントは code で分岐してください。
- 一覧: ?limit=（既定 ` + "50、最大 200）と ?cursor= で取得し、next_cursor が null になるまで続けます。"

// openAPI builds the document of routes.
func openAPI(routes []route) document {
	ss := newSchemas()
	errRef := ss.of(reflect.TypeFor[ErrorResponse]())
	doc := document{
		OpenAPI:  "3.1.0",
		Info:     docInfo{Title: "oroshi API", Version: "v1", Description: docDescription},
		Security: []map[string][]string{{"bearer": {}}},
		Paths:    map[string]map[string]*operation{},
	}
	for _, rt := range routes {
		if doc.Paths[rt.path] == nil {
			doc.Paths[rt.path] = map[string]*operation{}
		}
		doc.Paths[rt.path][strings.ToLower(rt.method)] = rt.operation(ss, errRef)
	}
	// The code list is known here, not to reflection.
	ss.defs["ErrorBody"].Properties["code"].Enum = []string{CodeBadRequest, CodeUnauthorized,
		CodeForbidden, CodeNotFound, CodeMethodNotAllowed, CodeConflict, CodePayloadTooLarge,
		CodeUnsupportedMediaType, CodeValidationFailed, CodeTooManyRequests, CodeInternal, CodeUnavailable}
	paymentMethodEnum(ss.defs) // billing_types.go
	doc.Components = components{Schemas: ss.defs, SecuritySchemes: map[string]securityScheme{
		"bearer": {Type: "http", Scheme: "bearer", BearerFormat: "oroshi_<契約者ID>_<秘密部分>",
			Description: scopeList()},
	}}
	return doc
}

// scopeList describes every scope, for the security scheme.
func scopeList() string {
	var b strings.Builder
	b.WriteString("契約者ごとのAPIキー。スコープ:\n")
	for _, s := range apikeys.Vocabulary() {
		fmt.Fprintf(&b, "\n- `%s`: %s", s.Name, s.Description)
	}
	return b.String()
}

func (rt route) operation(ss *schemas, errRef *schema) *operation {
	op := &operation{OperationID: rt.op, Summary: rt.summary, Description: rt.access(),
		Parameters: rt.parameters(), Responses: map[string]response{}}
	status := rt.status
	if status == 0 {
		status = http.StatusOK
	}
	out := &schema{Type: "object"}
	if rt.out != nil {
		out = ss.of(reflect.TypeOf(rt.out))
	}
	op.Responses[strconv.Itoa(status)] = jsonResponse(http.StatusText(status), out)
	if rt.media != "" { // a file, not JSON
		op.Responses[strconv.Itoa(status)] = response{Description: http.StatusText(status),
			Content: map[string]mediaType{rt.media: {Schema: &schema{Type: "string", Format: "binary"}}}}
	}
	fail := func(status int, why string) {
		op.Responses[strconv.Itoa(status)] = jsonResponse(why+"（"+codeOf(status)+"）", errRef)
	}
	if rt.public {
		op.Security = &[]map[string][]string{}
	} else {
		fail(http.StatusUnauthorized, "APIキーがない、または無効")
		fail(http.StatusForbidden, "スコープ不足、または契約停止中")
		if rt.scope != "" {
			op.XScopes = []string{rt.scope}
		}
	}
	if rt.in != nil {
		op.RequestBody = &requestBody{Required: true, Content: map[string]mediaType{
			"application/json": {Schema: ss.of(reflect.TypeOf(rt.in))}}}
		fail(http.StatusBadRequest, "JSONが不正")
		fail(http.StatusRequestEntityTooLarge, "本文が大きすぎる")
		fail(http.StatusUnsupportedMediaType, "Content-Type が application/json でない")
		fail(http.StatusUnprocessableEntity, "入力内容の検証エラー")
	}
	if rt.paged {
		fail(http.StatusBadRequest, "limit または cursor が不正")
	}
	if strings.Contains(rt.path, "{") {
		fail(http.StatusNotFound, "指定されたリソースがない")
	}
	op.Responses["default"] = jsonResponse("その他のエラー", errRef)
	return op
}

func jsonResponse(description string, s *schema) response {
	return response{Description: description, Content: map[string]mediaType{"application/json": {Schema: s}}}
}

// access says who may call the route, in the operation's description.
func (rt route) access() string {
	switch {
	case rt.public:
		return "認証不要。"
	case rt.scope == "":
		return "有効なAPIキーが必要です（スコープは問いません）。"
	default:
		d, _ := apikeys.Describe(rt.scope)
		return fmt.Sprintf("必要なスコープ: `%s`（%s）。", rt.scope, d)
	}
}

// parameters are the route's path parameters ({id}) and, for lists, the
// pagination parameters.
func (rt route) parameters() []parameter {
	var ps []parameter
	for seg := range strings.SplitSeq(rt.path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			name = strings.TrimSuffix(strings.TrimSuffix(name, "}"), "...")
			ps = append(ps, parameter{Name: name, In: "path", Required: true,
				Description: "ID（10進数の文字列）", Schema: &schema{Type: "string"}})
		}
	}
	if rt.paged {
		one, maxLimit := 1, MaxLimit
		ps = append(ps,
			parameter{Name: "limit", In: "query", Description: "1ページの件数",
				Schema: &schema{Type: "integer", Minimum: &one, Maximum: &maxLimit, Default: DefaultLimit}},
			parameter{Name: "cursor", In: "query", Description: "前のレスポンスの next_cursor",
				Schema: &schema{Type: "string"}})
	}
	if rt.method == http.MethodPost && !rt.public {
		maxKey := idempotency.MaxKeyLen
		ps = append(ps, parameter{Name: IdempotencyHeader, In: "header",
			Description: "再送しても二重に処理されないためのキー（UUID推奨、24時間有効）。同じキーの再送には最初の応答を " +
				ReplayedHeader + ": true 付きで返す。処理中は409 " + CodeIdempotencyInProgress +
				"、別の内容に同じキーを使うと422 " + CodeIdempotencyMismatch,
			Schema: &schema{Type: "string", MaxLength: &maxKey}})
	}
	return ps
}
