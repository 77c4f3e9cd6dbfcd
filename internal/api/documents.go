package api

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/documents"
)

// Documents (帳票): /api/v1/documents. Search issued documents (電子帳簿保存法:
// transaction date, amount and counterparty, combined), read one, download
// its PDF (the stored bytes, checked against their SHA-256, the download
// recorded in the operation history as the web does), and issue 注文請書,
// 納品書 and 見積書 from an order, a shipment or a quote. The documents
// service holds every rule; this file reads requests.

// documentFields names the service's filter fields as the API's parameters.
var documentFields = map[string]string{"kind": "kind", "to": "date_to", "min_total": "amount_min",
	"max_total": "amount_max", "limit": "limit", "cursor": "cursor"}

// listDocuments answers GET /api/v1/documents?kind=&buyer_id=&date_from=
// &date_to=&amount_min=&amount_max=, the newest issue first.
func (s *server) listDocuments(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	f, err := documentFilterOf(r)
	if err != nil {
		return err
	}
	if err := f.Check(); err != nil {
		return renamedParams(err, documentFields)
	}
	list, err := s.documents.Search(r.Context(), p.Tenant.ID, f)
	if err != nil {
		return err
	}
	out := List[Document]{Data: make([]Document, 0, len(list.Documents))}
	for _, d := range list.Documents {
		out.Data = append(out.Data, documentOut(d))
	}
	if list.NextCursor != "" {
		c := encodeCursor([]string{list.NextCursor})
		out.NextCursor = &c
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// documentFilterOf reads the list's parameters; a malformed one answers
// 400 naming it.
func documentFilterOf(r *http.Request) (documents.Filter, error) {
	pg, err := parsePage(r)
	if err != nil {
		return documents.Filter{}, err
	}
	q, err := queryOf(r)
	if err != nil {
		return documents.Filter{}, err
	}
	f := documents.Filter{Kind: documents.Kind(q.Get("kind")), Limit: pg.Limit}
	if f.Kind != "" && !f.Kind.Valid() {
		return f, badParam("kind", "kind は quote, order_confirmation, delivery_slip のいずれかを指定してください")
	}
	if f.BuyerID, err = queryID(q, "buyer_id"); err != nil {
		return f, err
	}
	if f.From, err = queryDate(q, "date_from"); err != nil {
		return f, err
	}
	if f.To, err = queryDate(q, "date_to"); err != nil {
		return f, err
	}
	if f.MinTotal, err = queryYen(q, "amount_min"); err != nil {
		return f, err
	}
	if f.MaxTotal, err = queryYen(q, "amount_max"); err != nil {
		return f, err
	}
	if pg.After != nil {
		if _, err := documents.DecodeCursor(pg.After[0]); len(pg.After) != 1 || err != nil {
			return f, badParam("cursor", "cursor が正しくありません（前のレスポンスの next_cursor をそのまま指定してください）")
		}
		f.Cursor = pg.After[0]
	}
	return f, nil
}

// queryYen reads an optional amount in yen (an integer; nil when absent).
func queryYen(q url.Values, name string) (*oroshi.Yen, error) {
	raw := strings.TrimSpace(q.Get(name))
	if raw == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, badParam(name, name+" は円の整数で指定してください")
	}
	y := oroshi.Yen(n)
	return &y, nil
}

// renamedParams answers a rejected filter as 400 with the fields named as
// the query parameters are.
func renamedParams(err error, names map[string]string) error {
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	fields, first := map[string]string{}, ""
	for k, msg := range ve.Fields {
		if n, ok := names[k]; ok {
			k = n
		}
		fields[k] = msg
		if first == "" || k < first {
			first = k
		}
	}
	return &apiError{status: http.StatusBadRequest, message: fields[first], fields: fields}
}

// getDocument answers GET /api/v1/documents/{id}; another tenant's is 404.
func (s *server) getDocument(w http.ResponseWriter, r *http.Request) error {
	d, _, err := s.documentOfPath(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, documentOut(d))
	return nil
}

// getDocumentPDF answers GET /api/v1/documents/{id}/pdf: the stored bytes
// as issued, after checking them against the recorded SHA-256 (a mismatch
// is a 500, never an altered file), the download recorded as
// 帳票（ダウンロード）.
func (s *server) getDocumentPDF(w http.ResponseWriter, r *http.Request) error {
	d, actor, err := s.documentOfPath(r)
	if err != nil {
		return err
	}
	b, err := s.documents.PDF(r.Context(), d, actor)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+asciiName(d)+`"; filename*=UTF-8''`+rfc8187(d.FileName()))
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("ETag", `"`+d.SHA256+`"`)
	h.Set(SHA256Header, d.SHA256)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b) // the status is sent; a write error is a gone client
	return nil
}

// SHA256Header carries the hex SHA-256 of a downloaded document's PDF, so
// a client can check what it stores.
const SHA256Header = "X-Oroshi-SHA256"

// asciiName is the file name for clients that ignore filename*:
// kind_number_vN.pdf, ASCII only.
func asciiName(d documents.Document) string {
	return string(d.Kind) + "_" + d.Number + "_v" + strconv.Itoa(d.Version) + ".pdf"
}

// rfc8187 percent-encodes a UTF-8 value for filename* (RFC 8187):
// everything but attr-chars.
func rfc8187(v string) string {
	const attr = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attr, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)|0x100, 16)[1:]))
	}
	return b.String()
}

func (s *server) documentOfPath(r *http.Request) (documents.Document, audit.Actor, error) {
	p, actor, err := callerOf(r)
	if err != nil {
		return documents.Document{}, actor, err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return documents.Document{}, actor, err
	}
	d, err := s.documents.Document(r.Context(), p.Tenant.ID, id)
	return d, actor, err
}

// issueConfirmation answers POST /api/v1/orders/{id}/confirmation: the
// order's 注文請書, the next version when issued before.
func (s *server) issueConfirmation(w http.ResponseWriter, r *http.Request) error {
	return s.issueDocument(w, r, func(t oroshi.TenantID, id oroshi.ID, a audit.Actor) (documents.Document, error) {
		return s.documents.IssueOrderConfirmation(r.Context(), t, id, a)
	})
}

// issueDeliverySlip answers POST
// /api/v1/orders/{id}/shipments/{shipment_id}/delivery-slip: the
// shipment's 納品書 (a qualified invoice by itself).
func (s *server) issueDeliverySlip(w http.ResponseWriter, r *http.Request) error {
	sid, err := idParam(r, "shipment_id")
	if err != nil {
		return err
	}
	return s.issueDocument(w, r, func(t oroshi.TenantID, id oroshi.ID, a audit.Actor) (documents.Document, error) {
		return s.documents.IssueDeliverySlip(r.Context(), t, id, sid, a)
	})
}

// issueQuoteDocument answers POST /api/v1/quotes/{id}/document: the 見積書
// of the quote's latest issued version.
func (s *server) issueQuoteDocument(w http.ResponseWriter, r *http.Request) error {
	return s.issueDocument(w, r, func(t oroshi.TenantID, id oroshi.ID, a audit.Actor) (documents.Document, error) {
		return s.documents.IssueQuote(r.Context(), t, id, a)
	})
}

func (s *server) issueDocument(w http.ResponseWriter, r *http.Request,
	issue func(t oroshi.TenantID, id oroshi.ID, a audit.Actor) (documents.Document, error)) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	d, err := issue(p.Tenant.ID, id, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, documentOut(d))
	return nil
}
