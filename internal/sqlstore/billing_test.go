package sqlstore_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestBilling runs the billing scenarios on each engine, one tenant each.
func TestBilling(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *billWorld)
	}{
		{"MonthlyDetailedVersusSlips", testBillingMethods},
		{"IdempotentClosing", testBillingIdempotent},
		{"ClosingPeriods", testBillingPeriods},
		{"CarryOver", testBillingCarryOver},
		{"PerOrder", testBillingPerOrder},
		{"Payments", testBillingPayments},
		{"Aging", testBillingAging},
		{"CreditHold", testBillingCreditHold},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				sc.fn(t, newBillWorld(t, s, "bill"+string(rune('a'+i))))
			})
		}
	})
}

func fieldOf(err error, field string) string {
	var v *oroshi.ValidationError
	if errors.As(err, &v) {
		return v.Fields[field]
	}
	return ""
}

// Three deliveries of ¥105 at 10 % in April: the detailed invoice's tax
// is ¥31 (once on ¥315), the slips invoice's ¥30 (3 × ¥10).
func testBillingMethods(t *testing.T, w *billWorld) {
	detailed, slips := w.buyer(buyers.EndOfMonth, 0), w.buyer(buyers.EndOfMonth, 0)
	var orders []sales.Order
	for _, day := range []string{"2026-04-05", "2026-04-10", "2026-04-15"} {
		orders = append(orders, w.shipped(detailed, day, w.line("STD-1", 1)))
	}
	w.at("2026-04-30")
	if r := w.mustClose("2026-04-30", detailed.ID); r.Issued != 1 || r.OrdersInvoiced != 3 || r.Tax != 31 {
		t.Errorf("detailed run %+v", r)
	}
	ivs := w.invoices(detailed.ID)
	if len(ivs) != 1 || ivs[0].Sales != 315 || ivs[0].Tax != 31 || ivs[0].Total != 346 || len(ivs[0].Lines) != 3 {
		t.Fatalf("detailed invoice %+v", ivs)
	}
	iv := ivs[0]
	if iv.PeriodFrom.String() != "2026-04-01" || iv.DueDate.String() != "2026-05-31" || iv.Method != billing.MethodDetailed ||
		iv.Lines[0].SlipNo != orders[0].Number+"-1" || !strings.HasPrefix(iv.Number, "I-2026-") {
		t.Errorf("invoice head %+v line %+v", iv, iv.Lines[0])
	}
	for _, o := range orders {
		if st := w.status(o.ID); st != sales.StatusInvoiced {
			t.Errorf("order %s is %s", o.Number, st)
		}
	}
	w.setMode(billing.ModeMonthly, billing.MethodSlips)
	for _, day := range []string{"2026-04-05", "2026-04-10", "2026-04-15"} {
		w.shipped(slips, day, w.line("STD-1", 1))
	}
	w.mustClose("2026-04-30", slips.ID)
	if ivs := w.invoices(slips.ID); len(ivs) != 1 || ivs[0].Tax != 30 || ivs[0].Total != 345 || ivs[0].Method != billing.MethodSlips {
		t.Errorf("slips invoice %+v", ivs)
	}
	var n int
	for _, l := range auditLines(t, w.s, w.tn) {
		if strings.HasPrefix(l, billing.ActionInvoiceIssue) {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d 請求書（発行） records", n)
	}
}

func testBillingIdempotent(t *testing.T, w *billWorld) {
	b := w.buyer(20, 0)
	w.shipped(b, "2026-04-10", w.line("STD-1", 2))
	w.at("2026-04-25")
	w.mustClose("2026-04-20", 0)
	_, err := w.close("2026-04-20", 0)
	if msg := fieldOf(err, "date"); !strings.Contains(msg, "2026年4月20日締めはすでに締め処理済みです") {
		t.Errorf("second run: %v", err)
	}
	_, err = w.close("2026-04-20", b.ID)
	if fieldOf(err, "date") == "" {
		t.Errorf("second run for the buyer: %v", err)
	}
	d, _ := pricingDate("2026-04-20")
	r, err := w.bill.CloseDue(context.Background(), w.tn, d)
	if err != nil || r.Issued != 0 || r.AlreadyClosed != 1 {
		t.Errorf("scheduled rerun %+v %v", r, err)
	}
	if got := w.count("invoices"); got != 1 {
		t.Errorf("%d invoices after three runs", got)
	}
	if got := w.count("invoice_shipments"); got != 1 {
		t.Errorf("%d billed shipments", got)
	}
	// A closing day that is not the buyer's, and a future date.
	if _, err := w.close("2026-04-19", b.ID); !strings.Contains(fieldOf(err, "date"), "締め日は20日") {
		t.Errorf("wrong day: %v", err)
	}
	if _, err := w.close("2026-05-20", b.ID); !strings.Contains(fieldOf(err, "date"), "未来") {
		t.Errorf("future: %v", err)
	}
}

// 20日締め: a delivery on 4/20 is in April's invoice, one on 4/21 in May's;
// 末日締め closes February on the 28th; 5日締め on the 5th.
func testBillingPeriods(t *testing.T, w *billWorld) {
	b20, eom, b5 := w.buyer(20, 0), w.buyer(buyers.EndOfMonth, 0), w.buyer(5, 0)
	in := w.shipped(b20, "2026-04-20", w.line("STD-1", 1))
	out := w.shipped(b20, "2026-04-21", w.line("STD-1", 2))
	feb := w.shipped(eom, "2026-02-28", w.line("STD-1", 3))
	w.shipped(b5, "2026-03-05", w.line("STD-1", 4))
	w.shipped(b5, "2026-03-06", w.line("STD-1", 5))
	w.at("2026-04-30")
	if r := w.mustClose("2026-04-20", 0); r.Buyers != 1 || r.Issued != 1 {
		t.Errorf("4/20 run %+v", r)
	}
	if w.status(in.ID) != sales.StatusInvoiced || w.status(out.ID) != sales.StatusShipped {
		t.Errorf("4/20 closing: %s %s", w.status(in.ID), w.status(out.ID))
	}
	iv := w.invoices(b20.ID)[0]
	if iv.PeriodFrom.String() != "2026-03-21" || iv.PeriodTo.String() != "2026-04-20" || iv.Sales != 105 {
		t.Errorf("4/20 invoice %s…%s %d", iv.PeriodFrom, iv.PeriodTo, iv.Sales)
	}
	if r := w.mustClose("2026-02-28", 0); r.Buyers != 1 || r.Issued != 1 || w.status(feb.ID) != sales.StatusInvoiced {
		t.Errorf("2/28 run %+v", r)
	}
	if _, err := w.close("2026-02-28", 0); fieldOf(err, "date") == "" {
		t.Errorf("2/28 twice: %v", err)
	}
	w.mustClose("2026-03-05", b5.ID)
	if ivs := w.invoices(b5.ID); len(ivs) != 1 || ivs[0].Sales != 420 || ivs[0].PeriodFrom.String() != "2026-02-06" {
		t.Errorf("3/5 invoice %+v", ivs)
	}
	w.at("2026-05-20")
	w.mustClose("2026-05-20", b20.ID)
	if ivs := w.invoices(b20.ID); len(ivs) != 2 || ivs[0].Sales != 210 || w.status(out.ID) != sales.StatusInvoiced {
		t.Errorf("5/20 invoices %+v", ivs)
	}
}

// 前回請求額, 入金額, 繰越金額 and 今回請求額 across two closings.
func testBillingCarryOver(t *testing.T, w *billWorld) {
	b := w.buyer(buyers.EndOfMonth, 0)
	w.shipped(b, "2026-04-10", w.line("STD-1", 100)) // ¥10,500 + ¥1,050
	w.at("2026-05-10")
	w.mustClose("2026-04-30", b.ID)
	april := w.invoices(b.ID)[0]
	if april.Total != 11550 || april.Previous != 0 || april.Carried != 0 {
		t.Fatalf("april %+v", april)
	}
	if _, err := w.pay(april, "2026-05-10", 5000, 0, false); err != nil {
		t.Fatal(err)
	}
	w.shipped(b, "2026-05-12", w.line("RED-1", 1)) // ¥200 + ¥16
	w.at("2026-06-01")
	w.mustClose("2026-05-31", b.ID)
	may := w.invoices(b.ID)[0]
	if may.Previous != 11550 || may.Received != 5000 || may.Carried != 6550 || may.Sales != 200 || may.Tax != 16 ||
		may.Total != 6766 || may.ByRate[0].Rate != 8 {
		t.Errorf("may 前回%d 入金%d 繰越%d 売上%d 税%d 請求%d %+v", may.Previous, may.Received, may.Carried, may.Sales,
			may.Tax, may.Total, may.ByRate)
	}
	// June: no delivery, but a balance carried: an invoice all the same.
	w.at("2026-07-01")
	if r := w.mustClose("2026-06-30", b.ID); r.Issued != 1 {
		t.Errorf("june run %+v", r)
	}
	if june := w.invoices(b.ID)[0]; june.Total != 6766 || june.Sales != 0 {
		t.Errorf("june %+v", june)
	}
	// A buyer with nothing at all gets no invoice, but is closed.
	idle := w.buyer(buyers.EndOfMonth, 0)
	if r := w.mustClose("2026-06-30", idle.ID); r.Issued != 0 || r.Empty != 1 {
		t.Errorf("idle run %+v", r)
	}
}

func testBillingPerOrder(t *testing.T, w *billWorld) {
	w.setMode(billing.ModePerOrder, billing.MethodDetailed)
	b := w.buyer(20, 0)
	full := w.shipped(b, "2026-04-21", w.line("STD-1", 3))
	part := w.order(b, w.line("STD-1", 2), w.line("RED-1", 1))
	w.ship(part.ID, "2026-04-22", sales.ShipmentInput{Lines: []sales.ShipmentLine{{LineNo: 1, Quantity: 2}}})
	w.at("2026-04-23")
	r := w.mustClose("2026-04-23", 0)
	if r.Issued != 1 || r.OrdersInvoiced != 1 {
		t.Errorf("per-order run %+v", r)
	}
	if w.status(full.ID) != sales.StatusInvoiced || w.status(part.ID) != sales.StatusPartiallyShipped {
		t.Errorf("statuses %s %s", w.status(full.ID), w.status(part.ID))
	}
	ivs := w.invoices(b.ID)
	if len(ivs) != 1 || ivs[0].OrderID != full.ID || ivs[0].Kind != billing.ModePerOrder || ivs[0].Total != 346 ||
		ivs[0].DueDate.String() != "2026-06-30" {
		t.Fatalf("per-order invoices %+v", ivs)
	}
	w.ship(part.ID, "2026-04-24", sales.ShipmentInput{All: true})
	w.at("2026-04-24")
	if r := w.mustClose("2026-04-24", 0); r.Issued != 1 {
		t.Errorf("second run %+v", r)
	}
	ivs = w.invoices(b.ID)
	if len(ivs) != 2 || len(ivs[0].Lines) != 2 || ivs[0].Sales != 410 || w.status(part.ID) != sales.StatusInvoiced {
		t.Errorf("second invoice %+v", ivs[0])
	}
	if r := w.mustClose("2026-04-24", 0); r.Issued != 0 {
		t.Errorf("rerun issued %+v", r)
	}
}

func testBillingPayments(t *testing.T, w *billWorld) {
	b := w.buyer(buyers.EndOfMonth, 0)
	w.shipped(b, "2026-04-10", w.line("STD-1", 100))
	w.at("2026-05-10")
	w.mustClose("2026-04-30", b.ID)
	iv := w.invoices(b.ID)[0] // ¥11,550
	if iv.Status() != billing.StatusUnpaid {
		t.Errorf("new invoice %s", iv.Status())
	}
	p1, err := w.pay(iv, "2026-05-08", 5000, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if iv = w.invoices(b.ID)[0]; iv.Status() != billing.StatusPartial || iv.Balance() != 6550 {
		t.Errorf("after partial: %s %d", iv.Status(), iv.Balance())
	}
	_, err = w.pay(iv, "2026-05-09", 6550, 1, false)
	if msg := fieldOf(err, "amount"); !strings.Contains(msg, "6,550円") {
		t.Errorf("overpayment: %v", err)
	}
	if _, err := w.pay(iv, "2026-05-09", 6110, 440, false); err != nil { // bank fee ¥440 as a discount
		t.Fatal(err)
	}
	if iv = w.invoices(b.ID)[0]; iv.Status() != billing.StatusPaid || iv.Balance() != 0 || len(iv.Payments) != 2 {
		t.Errorf("after second: %s %d %d", iv.Status(), iv.Balance(), len(iv.Payments))
	}
	if _, err := w.pay(iv, "2026-05-10", 1000, 0, false); fieldOf(err, "amount") == "" {
		t.Errorf("payment on a paid invoice: %v", err)
	}
	if _, err := w.pay(iv, "2026-05-10", 1000, 0, true); err != nil { // 前受金
		t.Fatal(err)
	}
	bal, err := w.bill.Balance(context.Background(), w.tn, b.ID)
	if err != nil || bal.Outstanding() != -1000 {
		t.Errorf("balance %+v %v", bal, err)
	}
	if _, err := w.bill.CancelPayment(context.Background(), w.tn, p1.ID, "", billStaff); fieldOf(err, "reason") == "" {
		t.Errorf("cancel without reason: %v", err)
	}
	if _, err := w.bill.CancelPayment(context.Background(), w.tn, p1.ID, "二重登録", billStaff); err != nil {
		t.Fatal(err)
	}
	if iv = w.invoices(b.ID)[0]; iv.Paid != 7550 || iv.Status() != billing.StatusPartial {
		t.Errorf("after cancel: paid %d %s", iv.Paid, iv.Status())
	}
	if _, err := w.bill.CancelPayment(context.Background(), w.tn, p1.ID, "二重登録", billStaff); err == nil {
		t.Error("cancelled twice")
	}
	list, err := w.bill.Invoices(context.Background(), w.tn, billing.Filter{Status: billing.StatusPartial})
	if err != nil || len(list) != 1 {
		t.Errorf("partial filter %d %v", len(list), err)
	}
	acts := strings.Join(auditLines(t, w.s, w.tn), "\n")
	if strings.Count(acts, billing.ActionPaymentRecord) != 3 || strings.Count(acts, billing.ActionPaymentCancel) != 1 {
		t.Errorf("payment audit:\n%s", acts)
	}
}

func testBillingAging(t *testing.T, w *billWorld) {
	a, b := w.buyer(buyers.EndOfMonth, 0), w.buyer(20, 0)
	w.shipped(a, "2026-01-10", w.line("STD-1", 10)) // due 2/28
	w.shipped(b, "2026-03-10", w.line("STD-1", 20)) // 3/20 closing, due 4/30
	w.at("2026-04-01")
	w.mustClose("2026-01-31", a.ID)
	w.mustClose("2026-03-20", b.ID)
	w.at("2026-05-15")
	ag, err := w.bill.Aging(context.Background(), w.tn)
	if err != nil {
		t.Fatal(err)
	}
	if len(ag.Rows) != 2 || ag.Rows[0].Amount(billing.Bucket61to90) != 1155 || ag.Rows[1].Amount(billing.Bucket1to30) != 2310 ||
		ag.Totals.Total != 3465 {
		t.Errorf("aging %+v", ag)
	}
}

// A buyer with a ¥2,000 credit limit and auto-approval: an order that
// would pass the limit waits in 受付 with the reason; one within it is
// approved automatically.
func testBillingCreditHold(t *testing.T, w *billWorld) {
	ctx := context.Background()
	b := w.buyer(buyers.EndOfMonth, 2000)
	if err := w.svc.SaveBuyerSettings(ctx, w.tn, sales.BuyerSettings{BuyerID: b.ID, AutoApprove: true}, billStaff); err != nil {
		t.Fatal(err)
	}
	ok := w.order(b, w.line("STD-1", 10)) // ¥1,155
	if ok.Status != sales.StatusApproved || ok.CreditHold != "" {
		t.Errorf("within limit: %s %q", ok.Status, ok.CreditHold)
	}
	held := w.order(b, w.line("STD-1", 10)) // 1,155 open + 1,155 > 2,000
	if held.Status != sales.StatusReceived || !strings.Contains(held.CreditHold, "与信限度額超過") {
		t.Errorf("over limit: %s %q", held.Status, held.CreditHold)
	}
	unlimited := w.buyer(buyers.EndOfMonth, 0)
	if o := w.order(unlimited, w.line("STD-1", 1000)); o.CreditHold != "" {
		t.Errorf("no limit: held %q", o.CreditHold)
	}
	exp, err := w.s.CreditExposure(ctx, w.tn, b.ID)
	if err != nil || exp != 2310 {
		t.Errorf("exposure %d %v", exp, err)
	}
}

// TestBillingExport writes the invoices and payments CSV files.
func TestBillingExport(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		w := newBillWorld(t, s, "billcsv")
		b := w.buyer(buyers.EndOfMonth, 0)
		w.shipped(b, "2026-04-10", w.line("STD-1", 3), w.line("RED-1", 1))
		w.at("2026-05-10")
		w.mustClose("2026-04-30", b.ID)
		iv := w.invoices(b.ID)[0]
		if _, err := w.pay(iv, "2026-05-09", 300, 0, false); err != nil {
			t.Fatal(err)
		}
		svc := &dataio.Service{Store: s, Now: func() time.Time { return w.today }}
		var inv, pay bytes.Buffer
		if n, err := svc.ExportBilling(context.Background(), w.tn, dataio.KindInvoices, csvio.UTF8BOM, billStaff, &inv); err != nil || n != 1 {
			t.Fatalf("invoices %d %v", n, err)
		}
		if n, err := svc.ExportBilling(context.Background(), w.tn, dataio.KindPayments, csvio.UTF8BOM, billStaff, &pay); err != nil || n != 1 {
			t.Fatalf("payments %d %v", n, err)
		}
		// ¥315 at 10 % (tax 31) and ¥200 at 8 % (tax 16): 前回0 入金0 繰越0 売上515 税47 請求562.
		want := iv.Number + ",締め請求," + b.Code + "," + b.Name + ",2026-04-30,2026-04-01,2026-04-30,2026-04-30,2026-05-31,0,0,0,515,47,562,315,31,200,16,300,262,一部入金"
		if !strings.Contains(inv.String(), want) {
			t.Errorf("invoices file:\n%s\nwant %s", inv.String(), want)
		}
		if !strings.Contains(pay.String(), iv.Number+","+b.Code+","+b.Name+",2026-05-09,300,0,,振込,,有効") ||
			!strings.Contains(pay.String(), "前受金,入金方法,備考,状態") {
			t.Errorf("payments file:\n%s", pay.String())
		}
	})
}
