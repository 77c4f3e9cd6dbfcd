package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The demo's billing (請求): orders delivered in the last closing periods
// of three buyers with different closing days, closed through the billing
// service as the seller would (請求書 with their PDFs), then payments and
// a 返還請求書, so that the invoice list, the aging list (未回収一覧) and
// the shop's invoices have something to show at once:
//
//   - B001 まるやま (末日締め 翌月末払い): the earlier invoice paid in full, the
//     later one not yet due;
//   - B002 かもめ (20日締め 翌月10日払い): the earlier invoice unpaid and past
//     its due date, the later one carrying it over;
//   - B003 グリーンキッチン (15日締め 翌々月末払い): the earlier invoice partly
//     paid and corrected by a 返還請求書 (a return); the last period's
//     deliveries are left OPEN, for the seller to try the closing page
//     (PendingClosing is that date).
//
// The dates follow today: the closings are the last closing date at least
// two days ago (the scheduled closing closes yesterday) and the one
// before. Everything else is fixed, and it runs once: a tenant with
// invoices keeps them.

// billedOrder is a demo order delivered in a past closing period.
type billedOrder struct {
	email, po   string
	offset      int
	lines       int
	last        bool // in the last period (else the one before)
	dayInPeriod int  // days after the period's first day (capped at its end)
}

var billedOrders = []billedOrder{
	{"sato@maruyama.example", "MR-BILL-101", 70, 3, false, 3},
	{"yamada@maruyama.example", "MR-BILL-102", 80, 2, false, 12},
	{"kobayashi@kamome.example", "KM-BILL-201", 90, 4, false, 5},
	{"ito@greenkitchen.example", "GK-BILL-301", 100, 3, false, 4},
	{"sato@maruyama.example", "MR-BILL-103", 110, 4, true, 6},
	{"kobayashi@kamome.example", "KM-BILL-202", 120, 2, true, 2},
	{"kobayashi@kamome.example", "KM-BILL-203", 130, 3, true, 15},
	{"ito@greenkitchen.example", "GK-BILL-302", 140, 2, true, 7},
}

// Buyers whose last closing the demo runs (B003's stays open).
var (
	closedLast = []string{"B001", "B002"}
	closedPrev = []string{"B001", "B002", "B003"}
)

// PendingBuyer is the buyer whose last closing the demo leaves open.
const PendingBuyer = "B003"

// PendingClosing is the closing date of PendingBuyer that the demo leaves
// open, as of today (JST): deliveries are waiting to be billed on it.
func PendingClosing(today pricing.Date) pricing.Date {
	for _, c := range companies {
		if c.Code == PendingBuyer {
			return lastClosing(c.ClosingDay, today)
		}
	}
	return pricing.Date{}
}

// lastClosing is the latest closing date for closing day day that is at
// least two days before today.
func lastClosing(day int, today pricing.Date) pricing.Date {
	d := today.AddDays(-2)
	c := billing.ClosingDateOf(d.Year, d.Month, day)
	if c.Compare(d) > 0 {
		c = billing.PreviousClosing(day, c)
	}
	return c
}

var jst = time.FixedZone("JST", 9*60*60)

// at is a clock stopped at hour o'clock JST on d.
func at(d pricing.Date, hour int) func() time.Time {
	t := time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, jst)
	return func() time.Time { return t }
}

// billingCount are the demo's invoices, payments and credit notes.
func billingCount() (invoices, payments, credits int) {
	return len(closedPrev) + len(closedLast), 2, 1
}

// seedBilling seeds the demo's billing once (see above). Without a billing
// service it does nothing.
func (s *Seeder) seedBilling(ctx context.Context, t oroshi.TenantID, skus map[string]catalog.SKU, r *Result) error {
	if s.Billing == nil {
		return nil
	}
	r.Counts.Invoices, r.Counts.Payments, r.Counts.CreditNotes = billingCount()
	today := pricing.DateOf(time.Now())
	r.PendingClosing = PendingClosing(today)
	existing, err := s.Billing.Invoices(ctx, t, billing.Filter{Limit: 1})
	if err != nil || len(existing) > 0 {
		return err
	}
	u, err := s.Identity.Store.UserByEmail(ctx, t, identity.RealmAdmin, demoStaff)
	if err != nil {
		return fmt.Errorf("demo billing: staff: %w", err)
	}
	b := demoBilling{s: s, t: t, today: today, skus: skus, codes: orderableCodes(skus),
		staff: audit.Actor{Realm: audit.RealmAdmin, ID: u.ID}, buyers: map[string]buyers.Buyer{}}
	for _, code := range closedPrev {
		if b.buyers[code], err = s.Store.BuyerByCode(ctx, t, code); err != nil {
			return fmt.Errorf("demo billing: buyer %s: %w", code, err)
		}
	}
	if err := b.run(ctx); err != nil {
		return fmt.Errorf("demo billing: %w", err)
	}
	return nil
}

// demoBilling is one seeding of the demo's billing.
type demoBilling struct {
	s      *Seeder
	t      oroshi.TenantID
	today  pricing.Date
	skus   map[string]catalog.SKU
	codes  []string
	staff  audit.Actor
	buyers map[string]buyers.Buyer // by code
}

// run goes through the months in order: the earlier period's deliveries,
// its closings, the money received, then the last period's deliveries and
// closings.
func (b *demoBilling) run(ctx context.Context) error {
	if err := b.deliver(ctx, false); err != nil {
		return err
	}
	for _, code := range closedPrev {
		if err := b.close(ctx, code, b.prev(code)); err != nil {
			return err
		}
	}
	if err := b.settle(ctx); err != nil {
		return err
	}
	if err := b.deliver(ctx, true); err != nil {
		return err
	}
	for _, code := range closedLast {
		if err := b.close(ctx, code, b.last(code)); err != nil {
			return err
		}
	}
	return nil
}

func (b *demoBilling) last(code string) pricing.Date {
	return lastClosing(b.buyers[code].ClosingDay, b.today)
}

func (b *demoBilling) prev(code string) pricing.Date {
	return billing.PreviousClosing(b.buyers[code].ClosingDay, b.last(code))
}

// clocked are the services on a clock stopped at hour on d: what the
// seller did that day is dated that day.
func (b *demoBilling) clocked(d pricing.Date, hour int) (*sales.Service, *billing.Service) {
	sv := *b.s.Sales
	sv.Now = at(d, hour)
	bs := *b.s.Billing
	bs.Now, bs.Sales = sv.Now, &sv
	if b.s.Documents != nil {
		ds := *b.s.Documents
		ds.Now = sv.Now
		bs.Documents = &ds
	}
	return &sv, &bs
}

// deliver places, approves and ships the demo orders of the last period
// (or the one before) on their days.
func (b *demoBilling) deliver(ctx context.Context, last bool) error {
	for i, d := range billedOrders {
		if d.last != last {
			continue
		}
		code := buyerOf(d.email)
		closing := b.prev(code)
		if last {
			closing = b.last(code)
		}
		from, to := billing.Period(b.buyers[code].ClosingDay, closing)
		day := from.AddDays(d.dayInPeriod)
		if day.Compare(to) > 0 {
			day = to
		}
		sv, _ := b.clocked(day, 10)
		seller := Seeder{Store: b.s.Store, Identity: b.s.Identity, Sales: sv}
		o, err := seller.placeDemoOrder(ctx, b.t, demoOrder{email: d.email, offset: d.offset, lines: d.lines, po: d.po},
			b.skus, b.codes, len(demoOrders)+i)
		if err != nil {
			return fmt.Errorf("order %s: %w", d.po, err)
		}
		if err := seller.advance(ctx, b.t, o, []string{"approve", "ship"}, b.staff); err != nil {
			return fmt.Errorf("order %s: %w", o.Number, err)
		}
	}
	return nil
}

// buyerOf is the code of the company of a demo shop user.
func buyerOf(email string) string {
	for _, p := range buyerPeople {
		if p.email == email {
			return p.buyer
		}
	}
	return ""
}

// close runs the monthly closing of one buyer on date, the next morning,
// through the billing service (its 請求書 PDF too, when fonts are there).
func (b *demoBilling) close(ctx context.Context, code string, date pricing.Date) error {
	_, bs := b.clocked(date.AddDays(1), 9)
	r, err := bs.Close(ctx, b.t, billing.Run{Date: date, BuyerID: b.buyers[code].ID}, b.staff)
	if err != nil {
		return fmt.Errorf("closing of %s on %s: %w", code, date, err)
	}
	if r.Issued != 1 || len(r.Failed) > 0 {
		return fmt.Errorf("closing of %s on %s issued %d invoices (failed %v)", code, date, r.Issued, r.Failed)
	}
	return nil
}

// invoiceOn is the invoice of buyer code closed on date.
func (b *demoBilling) invoiceOn(ctx context.Context, code string, date pricing.Date) (billing.Invoice, error) {
	list, err := b.s.Billing.Invoices(ctx, b.t, billing.Filter{BuyerID: b.buyers[code].ID, Limit: 10})
	if err != nil {
		return billing.Invoice{}, err
	}
	for _, iv := range list {
		if iv.ClosingDate == date {
			return iv, nil
		}
	}
	return billing.Invoice{}, fmt.Errorf("invoice of %s closed on %s: %w", code, date, oroshi.ErrNotFound)
}

// settle records what came in after the earlier closings: B001 pays in
// full before its due date, B003 pays part and returns goods (a 返還請求書
// on its invoice); B002 pays nothing and is past due.
func (b *demoBilling) settle(ctx context.Context) error {
	full, err := b.invoiceOn(ctx, "B001", b.prev("B001"))
	if err != nil {
		return err
	}
	paidOn := minDate(full.DueDate.AddDays(-5), b.today.AddDays(-1))
	if err := b.pay(ctx, full, paidOn, full.Balance(), "まるやま商店 経理部より振込"); err != nil {
		return err
	}
	part, err := b.invoiceOn(ctx, "B003", b.prev("B003"))
	if err != nil {
		return err
	}
	back := b.prev("B003").AddDays(3)
	if err := b.credit(ctx, part, back); err != nil {
		return err
	}
	return b.pay(ctx, part, minDate(back.AddDays(7), b.today.AddDays(-1)), part.Charge()/2/1000*1000,
		"内入金（残額は翌月お支払いの連絡あり）")
}

func minDate(a, b pricing.Date) pricing.Date {
	if a.Compare(b) < 0 {
		return a
	}
	return b
}

// pay records amount received on day for iv, by bank transfer.
func (b *demoBilling) pay(ctx context.Context, iv billing.Invoice, day pricing.Date, amount oroshi.Yen, note string) error {
	_, bs := b.clocked(day, 15)
	p := billing.Payment{InvoiceID: iv.ID, ReceivedOn: day, Amount: amount, Method: billing.PayTransfer, Note: note}
	if _, err := bs.RecordPayment(ctx, b.t, p, b.staff); err != nil {
		return fmt.Errorf("payment for %s: %w", iv.Number, err)
	}
	return nil
}

// credit issues a 返還請求書 on day for goods returned from iv's first
// line (one unit, damaged in transit).
func (b *demoBilling) credit(ctx context.Context, iv billing.Invoice, day pricing.Date) error {
	full, err := b.s.Billing.Invoice(ctx, b.t, iv.ID)
	if err != nil || len(full.Lines) == 0 {
		return fmt.Errorf("invoice %s lines: %w", iv.Number, err)
	}
	l := full.Lines[0]
	_, bs := b.clocked(day, 11)
	_, err = bs.CreateCreditNote(ctx, b.t, billing.CreditNoteInput{BuyerID: iv.BuyerID, InvoiceID: iv.ID, Date: day,
		Reason: "配送中の破損による返品（1" + l.Unit + "）",
		Lines:  []billing.CreditLine{{Description: l.Name + " 返品", Amount: l.UnitPrice, TaxRate: l.TaxRate}}}, b.staff)
	if err != nil {
		return fmt.Errorf("credit note for %s: %w", iv.Number, err)
	}
	// Without fonts its PDF is missing (DocumentProblem says so): the
	// credit note stands, and its PDF can be issued later.
	return nil
}
