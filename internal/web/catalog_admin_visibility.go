package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// visibilityForm is the form that says who may see a product: every buyer,
// or only the checked price groups and the buyers listed by code.
type visibilityForm struct {
	Restricted bool
	Groups     []buyerOption // price groups, checked when chosen
	Codes      string        // buyer codes, one a line
	Buyers     []buyerName   // the buyers it is visible to now
	Missing    []string      // typed codes no buyer has
}

// maxVisibilityCodes bounds the codes read from the form, as the service
// bounds the buyers.
const maxVisibilityCodes = 1000

// visibilityOf is the form for the stored visibility, or as sent when a
// post was refused.
func (s *Server) visibilityOf(r *http.Request, vis catalog.Visibility, sent *visibilityForm) (visibilityForm, error) {
	groups, err := s.Buyers.PriceGroups(r.Context(), reqCtx(r).tenant.ID)
	if err != nil {
		return visibilityForm{}, err
	}
	current, err := s.buyersByID(r, vis.BuyerIDs)
	if err != nil {
		return visibilityForm{}, err
	}
	if sent != nil {
		f := *sent
		f.Buyers = current
		return f, nil
	}
	f := visibilityForm{Restricted: vis.Mode == catalog.Restricted, Buyers: current}
	for _, g := range groups {
		f.Groups = append(f.Groups, buyerOption{g.ID.String(), g.Name, slices.Contains(vis.GroupIDs, g.ID)})
	}
	codes := make([]string, len(current))
	for i, b := range current {
		codes[i] = b.Code
	}
	f.Codes = strings.Join(codes, "\n")
	return f, nil
}

// productVisibility: POST /products/{id}/visibility, mode=all|restricted,
// group=<id>… and buyer_codes (one a line, or separated by commas).
func (s *Server) productVisibility(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	vis, sent, err := s.postedVisibility(r)
	if err != nil {
		return err
	}
	if len(sent.Missing) == 0 {
		err = s.Catalog.SetVisibility(r.Context(), rc.tenant.ID, id, vis, buyerActor(r))
	} else {
		err = oroshi.Invalid("visibility", "次の取引先コードが見つかりません")
	}
	if errs, ok := asFieldErrors(err); ok {
		st := productShowState{Vis: &sent, Errors: map[string]string{"visibility": errs["visibility"]}}
		return s.renderProductShow(w, r, http.StatusUnprocessableEntity, st)
	}
	if err != nil {
		return err
	}
	setFlash(w, "公開範囲を保存しました。")
	http.Redirect(w, r, rc.base()+"/products/"+id.String()+"#visibility", http.StatusSeeOther)
	return nil
}

// postedVisibility reads the form: the visibility for the service, and the
// form as sent to show it again.
func (s *Server) postedVisibility(r *http.Request) (catalog.Visibility, visibilityForm, error) {
	ctx, t := r.Context(), reqCtx(r).tenant.ID
	sent := visibilityForm{Restricted: r.PostFormValue("mode") == string(catalog.Restricted), Codes: r.PostFormValue("buyer_codes")}
	vis := catalog.Visibility{Mode: catalog.VisibleToAll}
	if sent.Restricted {
		vis.Mode = catalog.Restricted
	}
	chosen := r.PostForm["group"]
	for _, v := range chosen {
		gid, err := oroshi.ParseID(v)
		if err != nil {
			return vis, sent, fmt.Errorf("visibility group %q: %w", v, errBadRequest)
		}
		vis.GroupIDs = append(vis.GroupIDs, gid)
	}
	groups, err := s.Buyers.PriceGroups(ctx, t)
	if err != nil {
		return vis, sent, err
	}
	for _, g := range groups {
		sent.Groups = append(sent.Groups, buyerOption{g.ID.String(), g.Name, slices.Contains(chosen, g.ID.String())})
	}
	codes := buyerCodes(sent.Codes)
	if len(codes) > maxVisibilityCodes {
		return vis, sent, fmt.Errorf("visibility with %d codes: %w", len(codes), errBadRequest)
	}
	for _, code := range codes {
		b, err := s.Buyers.Store.BuyerByCode(ctx, t, code)
		switch {
		case errors.Is(err, oroshi.ErrNotFound):
			sent.Missing = append(sent.Missing, code)
		case err != nil:
			return vis, sent, err
		default:
			vis.BuyerIDs = append(vis.BuyerIDs, b.ID)
		}
	}
	return vis, sent, nil
}

// buyerCodes splits typed codes on lines, commas and spaces, folding
// full-width letters as buyer codes are stored, without duplicates.
func buyerCodes(s string) []string {
	fields := strings.FieldsFunc(buyers.Fold(s), func(r rune) bool {
		return r == ',' || r == '、' || r == '，' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '　'
	})
	var out []string
	for _, f := range fields {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}
