package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// creditFormLines is how many lines the form offers; more lines (the
// service takes up to billing.MaxCreditLines) go through the API.
const creditFormLines = 5

// creditRates are the choices of a line's tax rate, standard first.
var creditRates = []int{sales.TaxStandard, sales.TaxReduced}

// creditForm is the credit note form as typed, for re-rendering.
type creditForm struct {
	Buyer, Date, Reason, Invoice string
	Lines                        []creditFormLine
}

// creditFormLine is one line as typed, with its field messages. Name is
// the prefix of its inputs, lines[0]., which is also the key of the
// service's messages for that line.
type creditFormLine struct {
	No                                 int
	Name                               string
	Description, Amount, Rate          string
	ErrDescription, ErrAmount, ErrRate string
}

// Filled reports whether anything was typed on the line (the rate always
// has a value, so it does not count).
func (l creditFormLine) Filled() bool {
	return strings.TrimSpace(l.Description) != "" || strings.TrimSpace(l.Amount) != ""
}

type creditFormView struct {
	Form  creditForm
	Rates []int
}

func newCreditForm(date string) creditForm {
	f := creditForm{Date: date}
	f.Lines = padCreditLines(nil)
	return f
}

// padCreditLines names the lines by their place and adds empty ones (at
// the standard rate) up to creditFormLines.
func padCreditLines(lines []creditFormLine) []creditFormLine {
	for len(lines) < creditFormLines {
		lines = append(lines, creditFormLine{Rate: strconv.Itoa(sales.TaxStandard)})
	}
	for i := range lines {
		lines[i].No, lines[i].Name = i+1, "lines["+strconv.Itoa(i)+"]."
	}
	return lines
}

// readCreditForm reads the posted form. The filled lines move up, so that
// line i of the form is line i of the service and its messages
// ("明細2行目の…") name the row they are shown on.
func readCreditForm(r *http.Request) creditForm {
	f := creditForm{Buyer: strings.TrimSpace(r.PostFormValue("buyer")), Date: strings.TrimSpace(r.PostFormValue("date")),
		Reason: r.PostFormValue("reason"), Invoice: strings.TrimSpace(r.PostFormValue("invoice"))}
	for i := range creditFormLines {
		p := "lines[" + strconv.Itoa(i) + "]."
		l := creditFormLine{Description: r.PostFormValue(p + "description"), Amount: r.PostFormValue(p + "amount"),
			Rate: r.PostFormValue(p + "tax_rate")}
		if l.Filled() {
			f.Lines = append(f.Lines, l)
		}
	}
	f.Lines = padCreditLines(f.Lines)
	return f
}

// attachErrors puts each line's messages next to its inputs.
func (f *creditForm) attachErrors(errs map[string]string) {
	for i := range f.Lines {
		l := &f.Lines[i]
		l.ErrDescription, l.ErrAmount, l.ErrRate = errs[l.Name+"description"], errs[l.Name+"amount"], errs[l.Name+"tax_rate"]
	}
}

// creditInput turns the form into the service's input: the buyer by its
// code, the invoice by its number among that buyer's, the date and the
// amounts parsed. errs holds what could not be read.
func (s *Server) creditInput(r *http.Request, f creditForm) (billing.CreditNoteInput, map[string]string, error) {
	errs := map[string]string{}
	in := billing.CreditNoteInput{Reason: f.Reason}
	if f.Date != "" {
		d, err := pricing.ParseDate(f.Date)
		if err != nil {
			errs["date"] = "返還日は「2026-04-30」の形で入力してください"
		}
		in.Date = d
	}
	for i, l := range f.Lines {
		if !l.Filled() {
			continue
		}
		amount, ok := parseYen(l.Amount)
		if !ok {
			errs[l.Name+"amount"] = fmt.Sprintf("明細%d行目の金額（税抜）は半角数字（円）で入力してください", i+1)
		}
		rate, _ := strconv.Atoi(l.Rate) // anything else is 0, which the service refuses
		in.Lines = append(in.Lines, billing.CreditLine{Description: l.Description, Amount: amount, TaxRate: rate})
	}
	if f.Buyer == "" {
		errs["buyer"] = "取引先コードを入力してください"
		return in, errs, nil
	}
	id, err := s.buyerIDByCode(r, f.Buyer)
	if err != nil {
		return in, nil, err
	}
	if id == 0 {
		errs["buyer"] = fmt.Sprintf("取引先コード「%s」の取引先が見つかりません", f.Buyer)
		return in, errs, nil
	}
	in.BuyerID = id
	if f.Invoice != "" {
		if in.InvoiceID, err = s.invoiceIDByNumber(r, id, f.Invoice); err != nil {
			return in, nil, err
		}
		if in.InvoiceID == 0 {
			errs["invoice"] = fmt.Sprintf("請求書番号「%s」はこの取引先の請求書にありません", f.Invoice)
		}
	}
	return in, errs, nil
}

// invoiceIDByNumber finds the invoice numbered number among buyerID's
// (0 when none), a page at a time: a buyer has about one invoice a month.
func (s *Server) invoiceIDByNumber(r *http.Request, buyerID oroshi.ID, number string) (oroshi.ID, error) {
	number = strings.TrimSpace(width.Narrow.String(number))
	f := billing.Filter{BuyerID: buyerID, Limit: billing.MaxLimit}
	for {
		list, err := s.Billing.Invoices(r.Context(), reqCtx(r).tenant.ID, f)
		if err != nil {
			return 0, err
		}
		for _, iv := range list {
			if strings.EqualFold(iv.Number, number) {
				return iv.ID, nil
			}
		}
		if len(list) < f.Limit {
			return 0, nil
		}
		last := list[len(list)-1]
		f.After = &billing.Key{IssueDate: last.IssueDate, ID: last.ID}
	}
}
