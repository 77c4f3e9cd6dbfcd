package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// pricingRoutes registers the price pages of the seller admin: price lists
// by price group (価格表), buyer-specific prices (個別単価) and the price
// check (価格確認), which explains every rule it looked at.
func (s *Server) pricingRoutes(mux *http.ServeMux) {
	a, view, edit := areaAdmin, identity.PermAdminView, identity.PermAdminEdit
	p := a.pattern + "/prices"
	mux.Handle("GET "+p, s.page(a, view, s.priceTop))
	mux.Handle("POST "+p+"/lists", s.page(a, edit, s.priceListCreate))
	mux.Handle("GET "+p+"/lists/{id}", s.page(a, view, s.priceListShow))
	mux.Handle("POST "+p+"/lists/{id}", s.page(a, edit, s.priceListUpdate))
	mux.Handle("POST "+p+"/lists/{id}/delete", s.page(a, edit, s.priceListDelete))
	mux.Handle("POST "+p+"/lists/{id}/items", s.page(a, edit, s.priceItemSet))
	mux.Handle("POST "+p+"/lists/{id}/items/{sku}/delete", s.page(a, edit, s.priceItemRemove))
	mux.Handle("GET "+p+"/buyers", s.page(a, view, s.buyerPrices))
	mux.Handle("POST "+p+"/buyers", s.page(a, edit, s.buyerPriceCreate))
	mux.Handle("POST "+p+"/buyers/{id}", s.page(a, edit, s.buyerPriceUpdate))
	mux.Handle("POST "+p+"/buyers/{id}/delete", s.page(a, edit, s.buyerPriceDelete))
	mux.Handle("GET "+p+"/check", s.page(a, view, s.priceCheck))
}

// pricingSKUs looks SKUs up by 品番, as staff name them on the price pages.
// The catalog service has no lookup by code; *sqlstore.Store provides this
// one (sqlstore/pricing_lookup.go) and is reached through the pricing
// service's store, so that Deps need not grow.
type pricingSKUs interface {
	PricingSKUByCode(ctx context.Context, t oroshi.TenantID, code string) (pricing.SKUInfo, error)
}

// pricingSKU looks a typed 品番 up. msg is the field error when the code is
// empty or unknown; err is for anything else.
func (s *Server) pricingSKU(r *http.Request, code string) (k pricing.SKUInfo, msg string, err error) {
	code = buyers.Fold(code)
	if code == "" {
		return k, "品番を入力してください", nil
	}
	lookup, ok := s.Pricing.Store.(pricingSKUs)
	if !ok {
		return k, "", errors.New("the pricing store cannot look SKUs up by code")
	}
	k, err = lookup.PricingSKUByCode(r.Context(), reqCtx(r).tenant.ID, code)
	if errors.Is(err, oroshi.ErrNotFound) {
		return k, "この品番の商品は登録されていません", nil
	}
	return k, "", err
}

// pricingBuyer looks a typed 取引先コード up, like pricingSKU.
func (s *Server) pricingBuyer(r *http.Request, code string) (b buyers.Buyer, msg string, err error) {
	code = buyers.Fold(code)
	if code == "" {
		return b, "取引先コードを入力してください", nil
	}
	b, err = s.Buyers.Store.BuyerByCode(r.Context(), reqCtx(r).tenant.ID, code)
	if errors.Is(err, oroshi.ErrNotFound) {
		return b, "この取引先コードは登録されていません", nil
	}
	return b, "", err
}

// pricingGroupName names a buyer's price group; "" when it has none.
func (s *Server) pricingGroupName(r *http.Request, b buyers.Buyer) (string, error) {
	if b.PriceGroupID == 0 {
		return "", nil
	}
	g, err := s.Buyers.PriceGroup(r.Context(), b.Tenant, b.PriceGroupID)
	return g.Name, err
}

// pricingToday is today in Japan, by the pricing service's clock.
func (s *Server) pricingToday() pricing.Date {
	if s.Pricing.Now != nil {
		return pricing.DateOf(s.Pricing.Now())
	}
	return pricing.DateOf(time.Now())
}

// priceDateText writes a date as Japanese screens do: 2026/04/01.
func priceDateText(d pricing.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d/%02d/%02d", d.Year, int(d.Month), d.Day)
}

// pricePeriodText writes a validity period: 2026/04/01〜2026/09/30, an open end
// left blank, and 期限なし when both are open.
func pricePeriodText(p pricing.Period) string {
	if p.From.IsZero() && p.To.IsZero() {
		return "期限なし"
	}
	return priceDateText(p.From) + "〜" + priceDateText(p.To)
}

// pricePeriodState is where today falls in p: "current", "future" or "ended".
func pricePeriodState(p pricing.Period, today pricing.Date) string {
	switch {
	case !p.From.IsZero() && today.Compare(p.From) < 0:
		return "future"
	case !p.To.IsZero() && today.Compare(p.To) > 0:
		return "ended"
	}
	return "current"
}

// pricePeriodLabel names a pricePeriodState.
func pricePeriodLabel(state string) string {
	switch state {
	case "future":
		return "開始前"
	case "ended":
		return "終了"
	}
	return "適用中"
}

// priceBreaksText writes quantity breaks by quantity: 1〜: 1,200円 / 10〜: 1,100円.
func priceBreaksText(breaks []pricing.Break) string {
	parts := make([]string, 0, len(breaks))
	for _, b := range priceSorted(breaks) {
		parts = append(parts, fmt.Sprintf("%d〜: %s", b.MinQty, yenText(b.Price)))
	}
	return strings.Join(parts, " / ")
}

// pricingTab is one tab of the price pages.
type pricingTab struct {
	Label, URL string
	Current    bool
}

// pricingTabs are the three price pages; current is the one shown.
func pricingTabs(base, current string) []pricingTab {
	tabs := []pricingTab{{"価格表", base + "/prices", false}, {"個別単価", base + "/prices/buyers", false},
		{"価格確認", base + "/prices/check", false}}
	for i := range tabs {
		tabs[i].Current = tabs[i].Label == current
	}
	return tabs
}
