package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// decodeJSON reads the request body into dst strictly: the Content-Type
// must be JSON (415), the body within the route's limit (413), and the JSON
// one value with known fields only and nothing after it (400). Strictness
// turns a client's typo into an error instead of a silently ignored field.
func decodeJSON(r *http.Request, dst any) error {
	if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	var extra json.RawMessage
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
		return nil
	case tooLarge(err):
		return decodeError(err)
	default:
		return newError(http.StatusBadRequest, "JSONの後に余分なデータがあります（本文には1つのJSON値だけを送ってください）")
	}
}

func checkContentType(ct string) error {
	if ct == "" {
		return newError(http.StatusUnsupportedMediaType, "Content-Type ヘッダーがありません（application/json を指定してください）")
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return newError(http.StatusUnsupportedMediaType,
			fmt.Sprintf("Content-Type %q には対応していません（application/json を指定してください）", ct))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return newError(http.StatusUnsupportedMediaType, "文字コードは UTF-8 のみ対応しています")
	}
	return nil
}

func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// decodeError explains a decoding failure, naming the field when the
// decoder knows it.
func decodeError(err error) error {
	var (
		mbe  *http.MaxBytesError
		syn  *json.SyntaxError
		typ  *json.UnmarshalTypeError
		bad  = func(msg string) error { return newError(http.StatusBadRequest, msg) }
		fail = func(field, msg string) error {
			return &apiError{status: http.StatusBadRequest, message: "JSONの項目が正しくありません",
				fields: map[string]string{field: msg}}
		}
	)
	switch {
	case errors.As(err, &mbe):
		return newError(http.StatusRequestEntityTooLarge,
			fmt.Sprintf("リクエスト本文が大きすぎます（上限 %d バイト）", mbe.Limit))
	case errors.Is(err, io.EOF):
		return bad("リクエスト本文が空です（JSONを送ってください）")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return bad("JSONが途中で終わっています")
	case errors.As(err, &syn):
		return bad(fmt.Sprintf("JSONの構文が正しくありません（%d バイト目付近）", syn.Offset))
	case errors.As(err, &typ) && typ.Field != "":
		return fail(typ.Field, fmt.Sprintf("型が正しくありません（%s を指定してください）", jsonKind(typ.Type.Kind().String())))
	case errors.As(err, &typ):
		return bad("JSONの型が正しくありません（オブジェクトを送ってください）")
	}
	// encoding/json reports unknown fields only as text.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return fail(strings.Trim(name, `"`), "不明な項目です")
	}
	return bad("JSONを読み取れません")
}

// jsonKind names a Go kind as a JSON type, for messages.
func jsonKind(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "数値"
	case kind == "string":
		return "文字列"
	case kind == "bool":
		return "true または false"
	case kind == "slice", kind == "array":
		return "配列"
	default:
		return "オブジェクト"
	}
}
