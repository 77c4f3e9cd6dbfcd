package web

import (
	"strings"

	"github.com/oroshi-jp/oroshi"
)

// cartRow is one line of the cart page as its row shows it: the row
// template's dot and, being comparable, the row cache's key (row_cache.go).
// It holds every field of shopLine the row reads, with the problems joined
// (a slice is not comparable), the session's CSRF token of the row's two
// forms and the language. TestCartRowCoversLine keeps it in step with
// shopLine.
type cartRow struct {
	SKUID                string
	ProductURL           string
	Name, Variant, Code  string
	Unit                 string
	CaseQty, Lot, MinQty string
	Quantity             int64
	QuantityText         string
	UnitPrice, Amount    oroshi.Yen
	Priced               bool
	TaxRate              int
	Reduced              bool
	Problems             string // one per line
	Error                string
	UpdateURL, RemoveURL string
	CSRF, Lang           string
}

// T translates a text of the row into its language.
func (r cartRow) T(ja string) string { return translate(r.Lang, ja) }

// ProblemList is the line's problems, one by one.
func (r cartRow) ProblemList() []string {
	if r.Problems == "" {
		return nil
	}
	return strings.Split(r.Problems, "\n")
}

func newCartRows(lines []shopLine, csrf, lang string) []cartRow {
	out := make([]cartRow, len(lines))
	for i, l := range lines {
		out[i] = cartRow{SKUID: l.SKUID, ProductURL: l.ProductURL, Name: l.Name, Variant: l.Variant, Code: l.Code,
			Unit: l.Unit, CaseQty: l.CaseQty, Lot: l.Lot, MinQty: l.MinQty, Quantity: l.Quantity,
			QuantityText: l.QuantityText, UnitPrice: l.UnitPrice, Amount: l.Amount, Priced: l.Priced,
			TaxRate: l.TaxRate, Reduced: l.Reduced, Problems: strings.Join(l.Problems, "\n"), Error: l.Error,
			UpdateURL: l.UpdateURL, RemoveURL: l.RemoveURL, CSRF: csrf, Lang: lang}
	}
	return out
}
