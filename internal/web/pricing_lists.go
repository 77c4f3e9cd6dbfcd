package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// The price top page: every price list, grouped by price group, and the
// form to create one.

type priceTopView struct {
	Tabs     []pricingTab
	Sections []priceGroupSection
	Form     priceListForm
}

// priceGroupSection is one price group with its lists, in the order
// Resolve ranks them (priority, then latest start).
type priceGroupSection struct {
	Group buyers.PriceGroup
	Lists []priceListRow
}

// priceListRow is a price list as the pages show it.
type priceListRow struct {
	pricing.PriceList
	State string // pricePeriodState of today
}

func (l priceListRow) KindLabel() string { return l.Kind.Label() }
func (l priceListRow) IsRate() bool      { return l.Kind == pricing.KindRate }
func (l priceListRow) PeriodText() string {
	return pricePeriodText(l.Valid)
}
func (l priceListRow) StateLabel() string { return pricePeriodLabel(l.State) }

// RateText is 72.5% for a rate list, "" for a fixed one.
func (l priceListRow) RateText() string {
	if l.Kind != pricing.KindRate {
		return ""
	}
	return pricing.FormatRate(l.RateBP)
}

func (l priceListRow) RoundingLabel() string {
	if l.Kind != pricing.KindRate {
		return ""
	}
	return l.Rounding.Label()
}

// priceListForm is the create or edit form of a list.
type priceListForm struct {
	Values    map[string]string
	Groups    []buyerOption
	Kinds     []buyerOption
	Roundings []buyerOption
}

// priceListValues is l as the form shows it.
func priceListValues(l pricing.PriceList) map[string]string {
	m := map[string]string{"name": l.Name, "kind": string(l.Kind), "rounding": string(l.Rounding),
		"valid_from": l.Valid.From.String(), "valid_to": l.Valid.To.String(), "priority": strconv.Itoa(l.Priority)}
	if l.GroupID != 0 {
		m["group_id"] = l.GroupID.String()
	}
	if l.Kind == pricing.KindRate {
		m["rate"] = strings.TrimSuffix(pricing.FormatRate(l.RateBP), "%")
	}
	if m["rounding"] == "" {
		m["rounding"] = string(pricing.RoundFloor)
	}
	return m
}

// newPriceListValues are the defaults of the create form.
func newPriceListValues() map[string]string {
	return priceListValues(pricing.PriceList{Kind: pricing.KindFixed})
}

func priceListFormOf(values map[string]string, groups []buyers.PriceGroup) priceListForm {
	f := priceListForm{Values: values, Groups: groupOptions(groups, formGroupID(values["group_id"]))}
	for _, k := range []pricing.Kind{pricing.KindFixed, pricing.KindRate} {
		f.Kinds = append(f.Kinds, buyerOption{string(k), k.Label(), string(k) == values["kind"]})
	}
	for _, ro := range pricing.Roundings {
		f.Roundings = append(f.Roundings, buyerOption{string(ro), ro.Label(), string(ro) == values["rounding"]})
	}
	return f
}

// parsePriceList reads the list form: the list for the service, the values
// as typed, and the form's own messages (a rate it could not read).
func parsePriceList(r *http.Request) (pricing.PriceList, map[string]string, map[string]string) {
	form := map[string]string{}
	for _, k := range []string{"group_id", "name", "kind", "rate", "rounding", "priority"} {
		form[k] = r.PostFormValue(k)
	}
	period, dates := pricePeriod(r)
	form["valid_from"], form["valid_to"] = dates["valid_from"], dates["valid_to"]
	l := pricing.PriceList{Name: form["name"], Kind: pricing.Kind(form["kind"]),
		Rounding: pricing.Rounding(form["rounding"]), Valid: period, GroupID: -1, Priority: -1}
	if id, err := oroshi.ParseID(form["group_id"]); err == nil || form["group_id"] == "" {
		l.GroupID = id
	}
	own := map[string]string{}
	if l.Kind == pricing.KindRate {
		bp, err := pricing.ParseRate(form["rate"])
		if errs, ok := asFieldErrors(err); ok {
			bp, own["rate"] = -1, errs["rate_bp"]
		}
		l.RateBP = bp
	}
	if strings.TrimSpace(form["priority"]) == "" {
		l.Priority = 0
	} else if n, msg := priceQty(form["priority"], "優先度"); msg == "" {
		l.Priority = n
	}
	return l, form, own
}

// priceListErrors are the service's messages under the form's names, with
// the form's own messages first.
func priceListErrors(service, own map[string]string) map[string]string {
	errs := priceRenamed(service, map[string]string{"rate_bp": "rate"})
	for k, v := range own {
		errs[k] = v
	}
	return errs
}

// priceTop: GET /prices
func (s *Server) priceTop(w http.ResponseWriter, r *http.Request) error {
	return s.renderPriceTop(w, r, http.StatusOK, newPriceListValues(), nil)
}

func (s *Server) renderPriceTop(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) error {
	rc := reqCtx(r)
	groups, err := s.Buyers.PriceGroups(r.Context(), rc.tenant.ID)
	if err != nil {
		return err
	}
	lists, err := s.Pricing.PriceLists(r.Context(), rc.tenant.ID, 0)
	if err != nil {
		return err
	}
	today := s.pricingToday()
	byGroup := map[oroshi.ID][]priceListRow{}
	for _, l := range lists {
		byGroup[l.GroupID] = append(byGroup[l.GroupID], priceListRow{PriceList: l, State: pricePeriodState(l.Valid, today)})
	}
	v := priceTopView{Tabs: pricingTabs(rc.base(), "価格表"), Form: priceListFormOf(form, groups)}
	for _, g := range groups {
		v.Sections = append(v.Sections, priceGroupSection{Group: g, Lists: byGroup[g.ID]})
	}
	return s.render(w, r, status, "admin/prices/index", &Page{Title: "価格", Data: v, Errors: errs})
}

// priceListCreate: POST /prices/lists. A new list opens on its page, where
// a fixed list gets its prices.
func (s *Server) priceListCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	l, form, own := parsePriceList(r)
	created, err := s.Pricing.CreatePriceList(r.Context(), rc.tenant.ID, l, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderPriceTop(w, r, http.StatusUnprocessableEntity, form, priceListErrors(errs, own))
	}
	if err != nil {
		return err
	}
	setFlash(w, "価格表を作成しました。")
	http.Redirect(w, r, rc.base()+"/prices/lists/"+created.ID.String(), http.StatusSeeOther)
	return nil
}
