package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi/internal/sales"
)

// proxyOrderReview: POST /orders/new/review, the entry priced for the
// company. Problems of the head send the entry form back; problems of
// lines are shown on the review, which then offers only 修正.
func (s *Server) proxyOrderReview(w http.ResponseWriter, r *http.Request) error {
	form, err := proxyFormOf(r)
	if err != nil {
		return err
	}
	in, errs := s.placeInput(r, &form)
	if len(errs) > 0 {
		return s.renderProxyEntry(w, r, http.StatusUnprocessableEntity, form, errs)
	}
	return s.renderProxyReview(w, r, form, in, nil)
}

// proxyOrderPlace: POST /orders, the review's 注文を確定する. The same key
// and content again (a double click, a reload) gives the same order.
func (s *Server) proxyOrderPlace(w http.ResponseWriter, r *http.Request) error {
	form, err := proxyFormOf(r)
	if err != nil {
		return err
	}
	in, errs := s.placeInput(r, &form)
	if len(errs) > 0 {
		return s.renderProxyEntry(w, r, http.StatusUnprocessableEntity, form, errs)
	}
	placed, err := s.Sales.PlaceOrder(r.Context(), in)
	if err == nil {
		setFlash(w, "代理注文を登録しました。")
		http.Redirect(w, r, reqCtx(r).base()+"/orders/"+placed.Order.ID.String(), http.StatusSeeOther)
		return nil
	}
	if fields, ok := asFieldErrors(err); ok {
		return s.renderProxyReview(w, r, form, in, fields)
	}
	var pr *sales.Problem
	if errors.As(err, &pr) {
		return s.renderProxyReview(w, r, form, in, map[string]string{"action": pr.Message()})
	}
	return err
}

// renderProxyReview prices in and shows it with failed (messages of a
// refused placement: head fields, lines[i].*, or "action"). Head problems
// send the entry form back instead.
func (s *Server) renderProxyReview(w http.ResponseWriter, r *http.Request, form proxyForm, in sales.PlaceInput,
	failed map[string]string) error {
	pv, err := s.Sales.PreviewOrder(r.Context(), in)
	errs, invalid := asFieldErrors(err)
	if err != nil && !invalid {
		return err
	}
	if errs == nil {
		errs = map[string]string{}
	}
	for k, m := range failed {
		errs[k] = m
	}
	if head := headErrors(errs); len(head) > 0 || len(pv.Lines) == 0 {
		return s.renderProxyEntry(w, r, http.StatusUnprocessableEntity, form, errs)
	}
	v, err := s.proxyCompany(r, form)
	if err != nil {
		return err
	}
	v.Preview = pv
	v.Form.Rows, v.Form.Paste = make([]proxyRow, len(in.Lines)), ""
	for i, l := range in.Lines {
		v.Form.Rows[i] = proxyRow{Code: strings.TrimSpace(l.Code), Qty: strconv.FormatInt(l.Quantity, 10)}
	}
	lineMessages(v.Preview.Lines, errs)
	for i, l := range v.Preview.Lines {
		v.Lines = append(v.Lines, reviewLine{LineView: l, No: i + 1})
	}
	status := http.StatusOK
	if len(errs) > 0 || !pv.Orderable {
		status, v.Preview.Orderable = http.StatusUnprocessableEntity, false
	}
	return s.render(w, r, status, "admin/orders/review", &Page{Title: "代理注文の確認", Data: v, Errors: errs})
}

// headErrors are the messages not about one line (nor the page's action).
func headErrors(errs map[string]string) map[string]string {
	out := map[string]string{}
	for k, m := range errs {
		if !strings.HasPrefix(k, "lines[") && k != "action" {
			out[k] = m
		}
	}
	return out
}

// lineMessages adds the placement's line messages (lines[i].sku_id,
// lines[i].quantity: a shortage found at placement) to the lines' own.
func lineMessages(lines []sales.LineView, errs map[string]string) {
	for i := range lines {
		for _, f := range []string{"sku_id", "quantity"} {
			m, ok := errs["lines["+strconv.Itoa(i)+"]."+f]
			if ok && !slices.Contains(lines[i].Problems, m) {
				lines[i].Problems = append(lines[i].Problems, m)
			}
		}
	}
}
