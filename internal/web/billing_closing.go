package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// The closing run (締め処理), the aging list (未回収一覧) and the billing
// settings (請求設定).

type closingView struct {
	Date, Buyer string // as typed
	Settings    billing.Settings
	Runs        []closingRunRow // past runs, newest first (billing_closing_history.go)
}

// closingForm: GET /invoices/closing
func (s *Server) closingForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderClosing(w, r, http.StatusOK, closingView{Date: s.Billing.Today().String()}, nil)
}

func (s *Server) renderClosing(w http.ResponseWriter, r *http.Request, status int, v closingView, errs map[string]string) error {
	st, err := s.Billing.Settings(r.Context(), reqCtx(r).tenant.ID)
	if err != nil {
		return err
	}
	v.Settings = st
	if v.Runs, err = s.closingRuns(r); err != nil {
		return err
	}
	return s.render(w, r, status, "admin/invoices/closing", &Page{Title: "締め処理", Data: v, Errors: errs})
}

// closingRun: POST /invoices/closing, date=2026-04-30, buyer= (a code; empty:
// every buyer whose closing day it is). The run is checked here and done
// by a job (thousands of buyers take longer than a request should); the
// run's page shows its progress, then the summary.
func (s *Server) closingRun(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	v := closingView{Date: strings.TrimSpace(r.PostFormValue("date")), Buyer: strings.TrimSpace(r.PostFormValue("buyer"))}
	run, errs, err := s.closingRunOf(r, v)
	if err != nil {
		return err
	}
	if len(errs) == 0 {
		q, err := s.Billing.QueueClose(r.Context(), rc.tenant.ID, run, v.Buyer, buyerActor(r))
		fields, ok := asFieldErrors(err)
		switch {
		case ok:
			errs = fields
		case err != nil:
			return err
		default:
			http.Redirect(w, r, fmt.Sprintf("%s/invoices/closing/runs/%s", rc.base(), q.ID), http.StatusSeeOther)
			return nil
		}
	}
	if msg, ok := errs["buyer_id"]; ok {
		errs["buyer"] = msg
		delete(errs, "buyer_id")
	}
	return s.renderClosing(w, r, http.StatusUnprocessableEntity, v, errs)
}

// closingRunOf reads the form: the date and the buyer by its code.
func (s *Server) closingRunOf(r *http.Request, v closingView) (billing.Run, map[string]string, error) {
	errs := map[string]string{}
	var run billing.Run
	d, err := pricing.ParseDate(v.Date)
	if err != nil {
		errs["date"] = "締め日は「2026-04-30」の形で入力してください"
	}
	run.Date = d
	if v.Buyer != "" {
		id, err := s.buyerIDByCode(r, v.Buyer)
		if err != nil {
			return run, nil, err
		}
		if id == 0 {
			errs["buyer"] = fmt.Sprintf("取引先コード「%s」の取引先が見つかりません", v.Buyer)
		}
		run.BuyerID = id
	}
	return run, errs, nil
}

type agingView struct {
	Aging   billing.Aging
	Buckets []billing.Bucket
	Today   string
}

// agingList: GET /invoices/aging
func (s *Server) agingList(w http.ResponseWriter, r *http.Request) error {
	a, err := s.Billing.Aging(r.Context(), reqCtx(r).tenant.ID)
	if err != nil {
		return err
	}
	v := agingView{Aging: a, Buckets: billing.Buckets, Today: dateText(a.Today)}
	return s.render(w, r, http.StatusOK, "admin/invoices/aging", &Page{Title: "未回収一覧", Data: v})
}

type billingSettingsView struct {
	Modes, Methods []buyerOption
	Settings       billing.Settings
}

// billingSettings: GET /settings/billing
func (s *Server) billingSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.Billing.Settings(r.Context(), reqCtx(r).tenant.ID)
	if err != nil {
		return err
	}
	return s.renderBillingSettings(w, r, http.StatusOK, st, nil)
}

func (s *Server) renderBillingSettings(w http.ResponseWriter, r *http.Request, status int, st billing.Settings, errs map[string]string) error {
	v := billingSettingsView{Settings: st}
	for _, m := range []billing.Mode{billing.ModeMonthly, billing.ModePerOrder} {
		v.Modes = append(v.Modes, buyerOption{Value: string(m), Label: m.Label(), Selected: m == st.Mode})
	}
	for _, m := range []billing.Method{billing.MethodDetailed, billing.MethodSlips} {
		v.Methods = append(v.Methods, buyerOption{Value: string(m), Label: m.Label(), Selected: m == st.Method})
	}
	return s.render(w, r, status, "admin/invoices/settings", &Page{Title: "請求設定", Data: v, Errors: errs})
}

// billingSettingsSave: POST /settings/billing, mode=, method=
func (s *Server) billingSettingsSave(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	st := billing.Settings{Mode: billing.Mode(r.PostFormValue("mode")), Method: billing.Method(r.PostFormValue("method"))}
	err := s.Billing.SaveSettings(r.Context(), rc.tenant.ID, st, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderBillingSettings(w, r, http.StatusUnprocessableEntity, st, errs)
	}
	if err != nil {
		return err
	}
	setFlash(w, "請求設定を保存しました。")
	http.Redirect(w, r, rc.base()+"/settings/billing", http.StatusSeeOther)
	return nil
}
