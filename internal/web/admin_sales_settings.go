package web

import (
	"net/http"
	"time"

	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The tenant's sales settings (販売設定): how consumption tax is rounded,
// once per rate, on every new order.

type salesSettingsView struct {
	Roundings []buyerOption
	UpdatedAt time.Time
}

// salesSettings: GET /settings/sales
func (s *Server) salesSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.Sales.Settings(r.Context(), reqCtx(r).tenant.ID)
	if err != nil {
		return err
	}
	return s.renderSalesSettings(w, r, http.StatusOK, st, nil)
}

func (s *Server) renderSalesSettings(w http.ResponseWriter, r *http.Request, status int, st sales.Settings, errs map[string]string) error {
	v := salesSettingsView{UpdatedAt: st.UpdatedAt}
	for _, ro := range pricing.Roundings {
		v.Roundings = append(v.Roundings, buyerOption{Value: string(ro), Label: ro.Label(), Selected: ro == st.TaxRounding})
	}
	return s.render(w, r, status, "admin/sales/settings", &Page{Title: "販売設定", Data: v, Errors: errs})
}

// salesSettingsSave: POST /settings/sales, tax_rounding=floor|half_up|ceil
func (s *Server) salesSettingsSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	st := sales.Settings{TaxRounding: pricing.Rounding(r.PostFormValue("tax_rounding"))}
	err := s.Sales.SaveSettings(r.Context(), rc.tenant.ID, st, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderSalesSettings(w, r, http.StatusUnprocessableEntity, st, errs)
	}
	if err != nil {
		return err
	}
	setFlash(w, "販売設定を保存しました。")
	http.Redirect(w, r, rc.base()+"/settings/sales", http.StatusSeeOther)
	return nil
}
