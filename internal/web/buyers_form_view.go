package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// buyerFormState is what a handler knows when it shows the buyer form.
type buyerFormState struct {
	New     bool
	ID      oroshi.ID
	Form    map[string]string // values of the inputs
	Errors  map[string]string
	Sent    map[string]string // on a stale save: what the person sent
	Changed []string          // keys where Sent differs from Form
}

type buyerFormView struct {
	New         bool
	Action      string
	Back        string
	Form        map[string]string
	Labels      map[string]string
	Groups      []buyerOption
	ClosingDays []buyerOption
	TermMonths  []buyerOption
	TermDays    []buyerOption
	Methods     []buyerOption
	Custom      []customInput
	Stale       []staleValue // not empty after a stale save
}

// customInput is one custom field in a form.
type customInput struct {
	customfields.Field
	Name, Value, Error string
	Options            []buyerOption // choices
	Multiline          bool          // a text value with line breaks
}

// staleValue is one value a person sent that was not saved.
type staleValue struct{ Label, Value string }

func (s *Server) renderBuyerForm(w http.ResponseWriter, r *http.Request, status int, st buyerFormState) error {
	rc := reqCtx(r)
	ctx, t := r.Context(), rc.tenant.ID
	defs, err := s.Fields.Fields(ctx, t, customfields.EntityBuyer)
	if err != nil {
		return err
	}
	labels, err := s.Fields.Labels(ctx, t, customfields.EntityBuyer)
	if err != nil {
		return err
	}
	groups, err := s.Buyers.PriceGroups(ctx, t)
	if err != nil {
		return err
	}
	f := st.Form
	v := buyerFormView{New: st.New, Form: f, Labels: labels,
		Action: rc.base() + "/buyers", Back: rc.base() + "/buyers",
		Groups:      groupOptions(groups, formGroupID(f["price_group"])),
		ClosingDays: intOptions(buyers.ClosingDays(), buyers.ClosingDayLabel, f["closing_day"]),
		TermMonths:  intOptions(termMonths(), termMonthLabel, f["terms_month"]),
		TermDays:    intOptions(termDays(), buyers.ClosingDayLabel, f["terms_day"]),
		Methods:     methodOptions(f["payment_method"]),
		Custom:      customInputs(defs, f, st.Errors)}
	if !st.New {
		v.Action = rc.base() + "/buyers/" + st.ID.String()
		v.Back = v.Action
	}
	v.Stale = staleValues(v, st)
	title := "取引先の編集"
	if st.New {
		title = "取引先の登録"
	}
	return s.render(w, r, status, "admin/buyers/form", &Page{Title: title, Data: v, Errors: st.Errors})
}

func formGroupID(s string) oroshi.ID {
	id, _ := oroshi.ParseID(s)
	return id
}

func intOptions(values []int, label func(int) string, selected string) []buyerOption {
	out := make([]buyerOption, len(values))
	for i, n := range values {
		s := strconv.Itoa(n)
		out[i] = buyerOption{s, label(n), s == selected}
	}
	return out
}

func termMonths() []int {
	out := []int{}
	for m := 0; m <= buyers.MaxPaymentMonthOffset; m++ {
		out = append(out, m)
	}
	return out
}

// termMonthLabel: 当月, 翌月, 翌々月, 3か月後 — the month part of the
// service's own label of the terms.
func termMonthLabel(m int) string {
	l := buyers.PaymentTerms{MonthOffset: m, Day: buyers.EndOfMonth}.Label()
	return strings.TrimSuffix(strings.TrimSuffix(l, "末払い"), "の")
}

func termDays() []int {
	out := []int{}
	for d := 1; d <= 30; d++ {
		out = append(out, d)
	}
	return append(out, buyers.EndOfMonth)
}

func methodOptions(selected string) []buyerOption {
	var out []buyerOption
	for _, m := range buyers.PaymentMethods() {
		out = append(out, buyerOption{m, buyers.PaymentMethodLabel(m), m == selected})
	}
	return out
}

func customInputs(defs []customfields.Field, form, errs map[string]string) []customInput {
	out := make([]customInput, len(defs))
	for i, d := range defs {
		name := customfields.ErrKey(d.Key)
		in := customInput{Field: d, Name: name, Value: form[name], Error: errs[name]}
		in.Multiline = strings.Contains(in.Value, "\n")
		for _, c := range d.Choices {
			in.Options = append(in.Options, buyerOption{c, c, c == in.Value})
		}
		out[i] = in
	}
	return out
}

// staleValues lists, by label, what was sent and not saved, with the
// labels of the options chosen rather than their values.
func staleValues(v buyerFormView, st buyerFormState) []staleValue {
	var out []staleValue
	sent := st.Sent
	pick := func(opts []buyerOption, val string) string {
		for _, o := range opts {
			if o.Value == val {
				return o.Label
			}
		}
		return val
	}
	for _, k := range buyerFormKeys {
		if !slices.Contains(st.Changed, k) {
			continue
		}
		val := sent[k]
		switch k {
		case "price_group":
			val = pick(v.Groups, val)
		case "closing_day":
			val = pick(v.ClosingDays, val)
		case "terms_month":
			val = pick(v.TermMonths, val)
		case "terms_day":
			val = pick(v.TermDays, val)
		case "payment_method":
			val = pick(v.Methods, val)
		}
		out = append(out, staleValue{buyerFieldLabel(v.Labels, k), val})
	}
	for _, c := range v.Custom {
		if slices.Contains(st.Changed, c.Name) {
			out = append(out, staleValue{c.Label, sent[c.Name]})
		}
	}
	return out
}

// buyerFieldLabel names a form input by the seller's label of its field.
func buyerFieldLabel(labels map[string]string, key string) string {
	switch key {
	case "terms_month", "terms_day":
		return labels["payment_terms"]
	}
	return labels[key]
}
