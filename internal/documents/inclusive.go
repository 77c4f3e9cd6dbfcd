package documents

import (
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// 内税 (tax-inclusive display) of tax-exclusive money.
//
// Our prices are tax-excluded integers and the money a document bills is
// fixed by them: per rate, the subtotal and the tax computed once on it. A
// 内税 document shows that same money tax included, so that it bills
// exactly what the 外税 document (and the order, and the monthly invoice's
// 今回請求額) bills:
//
//   - a rate's total (税込) is its tax-excluded subtotal plus its tax;
//   - the tax shown as included (うち消費税) is computed ONCE on that total:
//     total × rate / (100 + rate), rounded by the tenant's rounding. It is
//     always the 外税 tax again: with S the subtotal and T = round(S×r/100)
//     = S×r/100 − f, the included tax is round(T + 100f/(100+r)), and
//     100|f|/(100+r) stays below the rounding's margin (|f| < 1 for floor
//     and ceil, ≤ ½ for half-up), so it rounds back to T
//     (TestInclusiveReconciles checks it over a wide range);
//   - each line shows its unit price and amount with the tax of that line
//     alone, for information: a sum of per-line rounded amounts can miss
//     the rate's total by a yen or two, so a note says the rate totals are
//     what is billed. Spreading the rate's tax over the lines instead would
//     make the lines add up but print a unit price that does not multiply
//     to the amount; we prefer figures each of which can be checked.
//
// A monthly invoice whose tax is the sum of its delivery slips' taxes
// (billing.MethodSlips) keeps that sum: the slips are the qualified
// invoices, and the total is again subtotal plus that tax.

// InclusiveNote is printed on every 内税 document.
const InclusiveNote = "明細の税込単価・税込金額は1行ごとに消費税を加えた参考額です。" +
	"ご請求額は税率ごとの合計額（税込）で、消費税額は税率ごとに1回計算しています。"

// inclusiveNote is the note block of a 内税 document.
var inclusiveNote = Note{Title: "内税表示について", Text: InclusiveNote}

// inclusive turns the 外税 amounts a of items into their 内税 display.
func inclusive(a Amounts, items []Item, r pricing.Rounding) Amounts {
	a.Display = TaxInclusive
	for i, it := range items {
		a.Lines[i] = LineAmount{UnitPrice: withTax(it.UnitPrice, it.Rate, r), Amount: withTax(a.Lines[i].Amount, it.Rate, r)}
	}
	a.Tax = 0
	for i, rt := range a.ByRate {
		a.ByRate[i] = inclusiveRate(rt.Rate, rt.Base, rt.Tax, r)
		a.Tax += a.ByRate[i].Tax
	}
	return a
}

// inclusiveRate is one rate's part shown 内税: Base is the subtotal plus
// its tax, Tax the tax computed once on that included total.
func inclusiveRate(rate int, subtotal, tax oroshi.Yen, r pricing.Rounding) RateAmount {
	total := subtotal + tax
	return RateAmount{Rate: rate, Base: total, Tax: IncludedTax(total, rate, r)}
}

// withTax is a tax-excluded amount with its own tax added (a line's
// information figure).
func withTax(amount oroshi.Yen, rate int, r pricing.Rounding) oroshi.Yen {
	return amount + sales.RoundTax(amount, rate, r)
}

// amountHeads are the titles of the unit price and amount columns.
func amountHeads(d TaxDisplay) (price, amount string) {
	if d == TaxInclusive {
		return "単価（税込）", "金額（税込）"
	}
	return "単価（税抜）", "金額（税抜）"
}

// rateFields are the totals and tax-summary fields of one rate: a 外税
// subtotal with the tax added, or a 内税 total with the tax it includes.
func rateFields(d TaxDisplay, r RateAmount) (tot []Field, sum Field) {
	rate := strconv.Itoa(r.Rate) + "%"
	if d == TaxInclusive {
		return []Field{{Label: rate + "対象（税込）", Value: YenText(r.Base)},
				{Label: "うち消費税（" + rate + "）", Value: YenText(r.Tax)}},
			Field{Label: rate + "対象", Value: YenText(r.Base) + "（うち消費税 " + YenText(r.Tax) + "）"}
	}
	return []Field{{Label: rate + "対象 小計", Value: YenText(r.Base)},
			{Label: "消費税（" + rate + "）", Value: YenText(r.Tax)}},
		Field{Label: rate + "対象", Value: YenText(r.Base) + "（消費税 " + YenText(r.Tax) + "）"}
}
