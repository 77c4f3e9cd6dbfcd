package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Issued documents: the search list (電子帳簿保存法: transaction date,
// amount, counterparty and kind, combined), downloads, and the buttons on
// the order, shipment and quote pages that issue them.

// docLink is one issued document as pages list it.
type docLink struct {
	ID, Kind, Number, Date, Issued, Total, URL string
	Buyer                                      string // 取引先 as printed
	Version                                    int
	Superseded                                 bool
}

func newDocLinks(base string, ds []documents.Document) []docLink {
	superseded := map[oroshi.ID]bool{}
	for _, d := range ds {
		superseded[d.Supersedes] = true
	}
	out := make([]docLink, len(ds))
	for i, d := range ds {
		out[i] = docLink{ID: d.ID.String(), Kind: d.Kind.Label(), Number: d.Number, Buyer: d.BuyerName, Date: dateText(d.DocDate),
			Issued: jstText(d.IssuedAt), Total: yenText(d.Total), URL: base + "/documents/" + d.ID.String() + "/pdf",
			Version: d.Version, Superseded: superseded[d.ID]}
	}
	return out
}

// sourceDocs lists the documents of a quote or order for its page; with
// buyerID set, only those issued to that company. A page still shows when
// the documents cannot be read (s.Documents nil in a narrow test setup).
func (s *Server) sourceDocs(ctx context.Context, base string, t oroshi.TenantID, sourceType string, id, buyerID oroshi.ID) ([]docLink, error) {
	if s.Documents == nil {
		return nil, nil
	}
	ds, err := s.Documents.ForSource(ctx, t, sourceType, id, buyerID)
	if err != nil {
		return nil, err
	}
	return newDocLinks(base, ds), nil
}

// orderDocuments are the documents of an order for the admin order page:
// every version, and the latest 注文請書 and 納品書 of each shipment, whose
// buttons then say 再発行 next to a link to that PDF.
type orderDocuments struct {
	All          []docLink
	Confirmation *docLink
	Slips        map[oroshi.ID]docLink // latest 納品書 by shipment
}

func (s *Server) orderDocs(ctx context.Context, base string, t oroshi.TenantID, orderID oroshi.ID) (orderDocuments, error) {
	od := orderDocuments{Slips: map[oroshi.ID]docLink{}}
	if s.Documents == nil {
		return od, nil
	}
	ds, err := s.Documents.ForSource(ctx, t, documents.SourceOrder, orderID, 0)
	if err != nil {
		return od, err
	}
	od.All = newDocLinks(base, ds)
	for i, d := range ds {
		switch d.Kind {
		case documents.KindOrderConfirmation:
			if od.Confirmation == nil || d.Version > od.Confirmation.Version {
				od.Confirmation = &od.All[i]
			}
		case documents.KindDeliverySlip:
			if d.Version > od.Slips[d.SourceID].Version {
				od.Slips[d.SourceID] = od.All[i]
			}
		}
	}
	return od, nil
}

type documentListView struct {
	Documents   []docLink
	Kinds       []buyerOption
	Buyers      []buyerOption
	Form        url.Values
	Next, First string
	Retention   int
	Shop        bool
}

// documentFilter reads the search form; a bad value is a field message.
func documentFilter(r *http.Request) (documents.Filter, map[string]string) {
	q := r.URL.Query()
	f := documents.Filter{Kind: documents.Kind(q.Get("kind")), Cursor: q.Get("cursor")}
	errs := map[string]string{}
	for _, d := range []struct {
		key string
		p   *pricing.Date
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := strings.TrimSpace(q.Get(d.key)); v != "" {
			t, err := pricing.ParseDate(v)
			if err != nil {
				errs[d.key] = "日付を正しく入力してください"
			}
			*d.p = t
		}
	}
	for _, a := range []struct {
		key string
		p   **oroshi.Yen
	}{{"min_total", &f.MinTotal}, {"max_total", &f.MaxTotal}} {
		if v := strings.ReplaceAll(strings.TrimSpace(q.Get(a.key)), ",", ""); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				errs[a.key] = "金額は半角数字で入力してください"
			}
			y := oroshi.Yen(n)
			*a.p = &y
		}
	}
	if b := q.Get("buyer_id"); b != "" {
		id, err := oroshi.ParseID(b)
		if err != nil {
			errs["buyer_id"] = "取引先を選んでください"
		}
		f.BuyerID = id
	}
	return f, errs
}

// documentList: GET /documents?kind=&buyer_id=&from=&to=&min_total=&max_total=
func (s *Server) documentList(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	f, errs := documentFilter(r)
	v := documentListView{Form: r.URL.Query()}
	v.Kinds = kindOptions(f.Kind)
	// The counterparty select lists up to buyers.MaxLimit companies.
	bl, err := s.Buyers.List(r.Context(), rc.tenant.ID, buyers.Filter{Limit: buyers.MaxLimit})
	if err != nil {
		return err
	}
	for _, b := range bl.Buyers {
		v.Buyers = append(v.Buyers, buyerOption{Value: b.ID.String(), Label: b.Code + " " + b.Name, Selected: b.ID == f.BuyerID})
	}
	if l, err := s.Documents.Layout(r.Context(), rc.tenant.ID); err == nil {
		v.Retention = l.RetentionYears
	}
	return s.listDocuments(w, r, v, errs, func() (documents.List, error) {
		return s.Documents.Search(r.Context(), rc.tenant.ID, f)
	})
}

// shopDocumentList: GET /{tenant}/documents, the buyer company's own.
func (s *Server) shopDocumentList(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopViewer(r)
	if err != nil {
		return err
	}
	f, errs := documentFilter(r)
	f.BuyerID = 0
	v := documentListView{Form: r.URL.Query(), Kinds: kindOptions(f.Kind), Shop: true}
	return s.listDocuments(w, r, v, errs, func() (documents.List, error) {
		return s.Documents.BuyerSearch(r.Context(), reqCtx(r).tenant.ID, u.BuyerID, f)
	})
}

func (s *Server) listDocuments(w http.ResponseWriter, r *http.Request, v documentListView, errs map[string]string,
	search func() (documents.List, error)) error {
	rc := reqCtx(r)
	name := "admin/documents/index"
	if v.Shop {
		name = "shop/documents/index"
	}
	status := http.StatusOK
	if len(errs) == 0 {
		l, err := search()
		if fe, ok := asFieldErrors(err); ok {
			errs, status = fe, http.StatusUnprocessableEntity
		} else if err != nil {
			return err
		}
		v.Documents = newDocLinks(rc.base(), l.Documents)
		if l.NextCursor != "" {
			q := r.URL.Query()
			q.Set("cursor", l.NextCursor)
			v.Next = rc.base() + "/documents?" + q.Encode()
		}
	} else {
		status = http.StatusUnprocessableEntity
	}
	if v.Form.Get("cursor") != "" {
		q := r.URL.Query()
		q.Del("cursor")
		v.First = rc.base() + "/documents?" + q.Encode()
	}
	return s.render(w, r, status, name, &Page{Title: "帳票", Data: v, Errors: errs})
}

func kindOptions(sel documents.Kind) []buyerOption {
	out := []buyerOption{{Value: "", Label: "すべて", Selected: sel == ""}}
	for _, k := range documents.IssuedKinds {
		out = append(out, buyerOption{Value: string(k), Label: k.Label(), Selected: k == sel})
	}
	return out
}

// documentPDF: GET /documents/{id}/pdf for seller staff.
func (s *Server) documentPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Documents.Document(r.Context(), reqCtx(r).tenant.ID, id)
	if err != nil {
		return err
	}
	return s.sendDocument(w, r, d)
}

// shopDocumentPDF: GET /{tenant}/documents/{id}/pdf, only a document issued
// to the user's own company; any other is 404.
func (s *Server) shopDocumentPDF(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopViewer(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Documents.BuyerDocument(r.Context(), reqCtx(r).tenant.ID, u.BuyerID, id)
	if err != nil {
		return err
	}
	return s.sendDocument(w, r, d)
}

func (s *Server) sendDocument(w http.ResponseWriter, r *http.Request, d documents.Document) error {
	b, err := s.Documents.PDF(r.Context(), d, buyerActor(r))
	if err != nil {
		return err
	}
	writePDF(w, d.FileName(), b, false)
	return nil
}

// writePDF sends a PDF as a download with its Japanese file name (RFC 6266
// with RFC 5987 filename*, an ASCII fallback for old clients), kept out of
// shared caches. inline shows it in the browser instead (the preview).
func writePDF(w http.ResponseWriter, name string, b []byte, inline bool) {
	disp := "attachment"
	if inline {
		disp = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", disp+`; filename="document.pdf"; filename*=UTF-8''`+rfc5987(name))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// rfc5987 percent-encodes a UTF-8 value for filename*: everything but
// RFC 5987 attr-chars.
func rfc5987(v string) string {
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
