package web

import (
	"math"
	"net/http"
	"net/url"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// 価格確認: what a buyer pays for a SKU, and why — every rule the pricing
// service looked at, with the reason it was taken or passed over.

type priceCheckView struct {
	Tabs      []pricingTab
	Form      map[string]string // buyer, sku, qty, date
	Done      bool              // a price was found
	Buyer     buyers.Buyer
	GroupName string
	SKU       pricing.SKUInfo
	SKUName   string
	Qty       int
	Date      string
	Result    pricing.Result
	Total     oroshi.Yen // unit price × quantity
	HasTotal  bool       // false when the product would not fit in int64
	OfList    string     // the unit price as a share of the list price: 91.67%
	Steps     []priceStepRow
	PricesURL string // the buyer's 個別単価
}

// priceStepRow is one candidate of the explanation.
type priceStepRow struct {
	Text        string // Step.String(): the whole line in Japanese
	Reason      string // the reason code, for the badge's style
	ReasonLabel string
	Applied     bool
	URL         string // where the rule is kept; "" for the list price
	LinkLabel   string
}

// priceCheckQuery is the question, as asked and as understood.
type priceCheckQuery struct {
	form  map[string]string
	buyer buyers.Buyer
	sku   pricing.SKUInfo
	qty   int
	date  pricing.Date
}

// priceCheck: GET /prices/check?buyer=CODE&sku=品番&qty=&date=
func (s *Server) priceCheck(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	q, errs, err := s.priceCheckQuery(r)
	if err != nil {
		return err
	}
	v := priceCheckView{Tabs: pricingTabs(rc.base(), "価格確認"), Form: q.form}
	p := &Page{Title: "価格確認", Data: &v, Errors: errs}
	asked := strings.TrimSpace(q.form["buyer"]) != "" || strings.TrimSpace(q.form["sku"]) != ""
	if !asked {
		return s.render(w, r, http.StatusOK, "admin/prices/check", p)
	}
	if len(errs) == 0 {
		res, err := s.Pricing.Price(r.Context(), rc.tenant.ID, q.buyer.ID, q.sku.ID, q.qty, q.date)
		if fe, ok := asFieldErrors(err); ok {
			p.Errors = priceRenamed(fe, map[string]string{"quantity": "qty"})
		} else if err != nil {
			return err
		} else if err := s.fillPriceCheck(r, &v, q, res); err != nil {
			return err
		}
	}
	if len(p.Errors) > 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, "admin/prices/check", p)
	}
	return s.render(w, r, http.StatusOK, "admin/prices/check", p)
}

// priceCheckQuery reads the query; unknown codes and unreadable numbers
// are field errors.
func (s *Server) priceCheckQuery(r *http.Request) (priceCheckQuery, map[string]string, error) {
	get := r.URL.Query().Get
	q := priceCheckQuery{form: map[string]string{"buyer": get("buyer"), "sku": get("sku"), "qty": get("qty"), "date": get("date")}}
	if strings.TrimSpace(q.form["qty"]) == "" {
		q.form["qty"] = "1"
	}
	if strings.TrimSpace(q.form["date"]) == "" {
		q.form["date"] = s.pricingToday().String()
	}
	errs := map[string]string{}
	var msg string
	var err error
	if q.buyer, msg, err = s.pricingBuyer(r, q.form["buyer"]); err != nil {
		return q, nil, err
	} else if msg != "" {
		errs["buyer"] = msg
	}
	if q.sku, msg, err = s.pricingSKU(r, q.form["sku"]); err != nil {
		return q, nil, err
	} else if msg != "" {
		errs["sku"] = msg
	}
	if q.qty, msg = priceQty(q.form["qty"], "数量"); msg != "" {
		errs["qty"] = msg
	}
	if q.date = priceDate(q.form["date"]); q.date == priceBadDate {
		errs["date"] = "日付が正しくありません"
	}
	return q, errs, nil
}

// fillPriceCheck puts the answer and its explanation into the view.
func (s *Server) fillPriceCheck(r *http.Request, v *priceCheckView, q priceCheckQuery, res pricing.Result) error {
	base := reqCtx(r).base()
	name, err := s.pricingGroupName(r, q.buyer)
	if err != nil {
		return err
	}
	v.Done, v.Buyer, v.GroupName, v.SKU, v.SKUName = true, q.buyer, name, q.sku, skuName(q.sku)
	v.Qty, v.Date, v.Result = q.qty, priceDateText(q.date), res
	if res.UnitPrice == 0 || int64(q.qty) <= math.MaxInt64/int64(res.UnitPrice) {
		v.Total, v.HasTotal = res.UnitPrice*oroshi.Yen(q.qty), true
	}
	if q.sku.ListPrice > 0 && res.UnitPrice <= pricing.MaxYen {
		v.OfList = pricing.FormatRate(int(int64(res.UnitPrice) * 10_000 / int64(q.sku.ListPrice)))
	}
	v.PricesURL = base + "/prices/buyers?" + url.Values{"buyer": {q.buyer.Code}}.Encode()
	for _, st := range res.Explanation {
		row := priceStepRow{Text: st.String(), Reason: string(st.Reason), ReasonLabel: st.Reason.Label(),
			Applied: st.Reason == pricing.ReasonApplied}
		switch st.Rule {
		case pricing.RuleBuyerPrice:
			row.URL, row.LinkLabel = v.PricesURL+"&edit="+st.SourceID.String()+"#price-form", "個別単価を開く"
		case pricing.RuleGroupFixed, pricing.RuleGroupRate:
			row.URL, row.LinkLabel = base+"/prices/lists/"+st.SourceID.String(), "価格表を開く"
		}
		v.Steps = append(v.Steps, row)
	}
	return nil
}
