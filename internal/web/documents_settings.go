package web

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/oroshi-jp/oroshi/internal/documents"
)

// The tenant's document settings (帳票設定): issuer block, images, the
// greeting of each kind (the 請求書's too, for the preview), notes, bank account, optional columns, tax
// display and retention. Every save is a new version. The preview button
// posts the same form to /preview, which answers a sample 請求書 PDF made
// from the settings being edited (nothing saved); a link, not a frame: the
// site's CSP forbids framing.

type documentSettingsView struct {
	Layout    documents.Layout
	Greetings []greetingField
	Displays  []buyerOption
	Retention []buyerOption
	// Deliveries are the choices of 送付方法 (a link or the PDF attached).
	Deliveries []buyerOption
	HasLogo    bool
	HasSeal    bool
	MaxImage   string
}

type greetingField struct {
	Name, Label, Value string
}

// documentSettings: GET /settings/documents
func (s *Server) documentSettings(w http.ResponseWriter, r *http.Request) error {
	l, err := s.Documents.Layout(r.Context(), reqCtx(r).tenant.ID)
	if err != nil {
		return err
	}
	return s.renderDocumentSettings(w, r, http.StatusOK, l, nil)
}

func (s *Server) renderDocumentSettings(w http.ResponseWriter, r *http.Request, status int, l documents.Layout, errs map[string]string) error {
	v := documentSettingsView{Layout: l, HasLogo: !l.Logo.Empty(), HasSeal: !l.Seal.Empty(), MaxImage: "1MB"}
	for _, k := range documents.GreetingKinds {
		v.Greetings = append(v.Greetings, greetingField{Name: "greeting_" + string(k), Label: k.Label(), Value: l.Greetings[k]})
	}
	for _, d := range []documents.TaxDisplay{documents.TaxExclusive, documents.TaxInclusive} {
		v.Displays = append(v.Displays, buyerOption{Value: string(d), Label: d.Label(), Selected: d == l.TaxDisplay})
	}
	for _, y := range []int{7, 10} {
		v.Retention = append(v.Retention, buyerOption{Value: strconv.Itoa(y), Label: strconv.Itoa(y) + "年", Selected: y == l.RetentionYears})
	}
	for _, d := range documents.Deliveries {
		v.Deliveries = append(v.Deliveries, buyerOption{Value: string(d), Label: d.Label(),
			Selected: d == l.Delivery || (l.Delivery == "" && d == documents.DeliveryLink)})
	}
	return s.render(w, r, status, "admin/settings/documents", &Page{Title: "帳票設定", Data: v, Errors: errs})
}

// layoutForm reads the settings form (multipart, with the two images).
func layoutForm(r *http.Request) (documents.LayoutInput, error) {
	years, _ := strconv.Atoi(r.PostFormValue("retention_years"))
	in := documents.LayoutInput{Layout: documents.Layout{
		CompanyName: r.PostFormValue("company_name"), Address: r.PostFormValue("address"), Phone: r.PostFormValue("phone"),
		RegistrationNo: r.PostFormValue("registration_no"), Notes: r.PostFormValue("notes"),
		BankAccount: r.PostFormValue("bank_account"), ShowCode: r.PostFormValue("show_code") != "",
		ShowJAN: r.PostFormValue("show_jan") != "", ShowCaseQty: r.PostFormValue("show_case_qty") != "",
		TaxDisplay: documents.TaxDisplay(r.PostFormValue("tax_display")), RetentionYears: years,
		Delivery:  documents.Delivery(r.PostFormValue("delivery")),
		Greetings: map[documents.Kind]string{}},
		RemoveLogo: r.PostFormValue("remove_logo") != "", RemoveSeal: r.PostFormValue("remove_seal") != ""}
	// A greeting the form does not carry is left out, so the layout gives
	// that kind its default rather than none.
	for _, k := range documents.GreetingKinds {
		if g, ok := r.PostForm["greeting_"+string(k)]; ok && len(g) > 0 {
			in.Greetings[k] = g[0]
		}
	}
	var err error
	if in.Logo.Data, err = formFile(r, "logo"); err != nil {
		return in, err
	}
	in.Seal.Data, err = formFile(r, "seal")
	return in, err
}

// formFile reads an uploaded file, at most one byte over the image limit
// (the service then names the field); nil when none was chosen.
func formFile(r *http.Request, name string) ([]byte, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	f, _, err := r.FormFile(name)
	if err == http.ErrMissingFile {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("form file %s: %w", name, err)
	}
	defer func(f multipart.File) { _ = f.Close() }(f)
	b, err := io.ReadAll(io.LimitReader(f, documents.MaxImageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read form file %s: %w", name, err)
	}
	return b, nil
}

// documentSettingsSave: POST /settings/documents
func (s *Server) documentSettingsSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	in, err := layoutForm(r)
	if err != nil {
		return err
	}
	_, err = s.Documents.SaveLayout(r.Context(), rc.tenant.ID, in, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		cur, lerr := s.Documents.Layout(r.Context(), rc.tenant.ID)
		if lerr != nil {
			return lerr
		}
		in.Logo, in.Seal = cur.Logo, cur.Seal
		return s.renderDocumentSettings(w, r, http.StatusUnprocessableEntity, in.Layout, errs)
	}
	if err != nil {
		return err
	}
	setFlash(w, "帳票設定を保存しました。")
	http.Redirect(w, r, rc.base()+"/settings/documents", http.StatusSeeOther)
	return nil
}

// documentPreview: POST /settings/documents/preview answers the sample PDF.
func (s *Server) documentPreview(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	in, err := layoutForm(r)
	if err != nil {
		return err
	}
	b, err := s.Documents.Preview(r.Context(), rc.tenant.ID, in)
	if errs, ok := asFieldErrors(err); ok {
		cur, lerr := s.Documents.Layout(r.Context(), rc.tenant.ID)
		if lerr != nil {
			return lerr
		}
		in.Logo, in.Seal = cur.Logo, cur.Seal
		return s.renderDocumentSettings(w, r, http.StatusUnprocessableEntity, in.Layout, errs)
	}
	if err != nil {
		return err
	}
	writePDF(w, "請求書（見本）.pdf", b, true)
	return nil
}
