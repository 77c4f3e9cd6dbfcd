package documents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// source is a document to issue: its record (without version, layout and
// money) and its content.
type source struct {
	doc   Document
	sheet sheetInput
	tell  oroshi.ID // the shop user to mail: the order's placer, the quote's requester (0: the company's admins)
	// build lays the sheet out; nil means buildSheet (priced lines). A
	// 請求書 or 返還請求書 prints the money billing computed instead.
	build func(sheetInput) (Sheet, Amounts, error)
}

// make lays out the source's sheet.
func (src source) make() (Sheet, Amounts, error) {
	if src.build != nil {
		return src.build(src.sheet)
	}
	return buildSheet(src.sheet)
}

// IssueQuote issues the 見積書 of the quote's latest issued version
// (見積書（発行）); issuing again makes the next version of the document.
func (s *Service) IssueQuote(ctx context.Context, t oroshi.TenantID, quoteID oroshi.ID, actor audit.Actor) (Document, error) {
	q, err := s.Store.Quote(ctx, t, quoteID)
	if err != nil {
		return Document{}, fmt.Errorf("quote document: quote %s: %w", quoteID, err)
	}
	qv, ok := q.Version(q.IssuedVersion)
	if q.IssuedVersion == 0 || !ok {
		return Document{}, oroshi.Invalid("quote", "この見積はまだ発行されていません。見積を発行してから見積書を発行してください")
	}
	b, err := s.Store.Buyer(ctx, t, q.BuyerID)
	if err != nil {
		return Document{}, fmt.Errorf("quote document: buyer %s: %w", q.BuyerID, err)
	}
	lines := make([]Line, len(qv.Lines))
	for i, l := range qv.Lines {
		lines[i] = Line{Code: l.Code, JAN: l.JAN, Name: lineName(l.ProductName, l.Variant), Unit: l.Unit, CaseQty: l.CaseQty,
			Item: Item{Rate: l.TaxRate, Quantity: l.Quantity, UnitPrice: l.UnitPrice}}
	}
	src := source{
		doc: Document{Kind: KindQuote, Number: q.Number, SourceType: SourceQuote, SourceID: q.ID,
			SourceVersion: qv.Version, OrderID: q.OrderID, BuyerID: q.BuyerID, BuyerName: b.Name,
			DocDate: pricing.DateOf(qv.IssuedAt)},
		sheet: sheetInput{Kind: KindQuote, Number: q.Number, Recipient: b.Name, Address: buyerAddress(b),
			Headline: "御見積金額", Lines: lines, Rounding: qv.TaxRounding, Notes: qv.Notes,
			Meta: []Field{{Label: "見積番号", Value: q.Number + "（第" + strconv.Itoa(qv.Version) + "版）"},
				{Label: "見積日", Value: DateText(pricing.DateOf(qv.IssuedAt))},
				{Label: "有効期限", Value: DateText(qv.ValidUntil)}}},
		tell: q.RequestedBy,
	}
	return s.issue(ctx, t, src, actor)
}

// IssueOrderConfirmation issues the 注文請書 of an order the seller has
// received (注文請書（発行）): not one still waiting for the buyer's own
// approval, nor a cancelled one.
func (s *Service) IssueOrderConfirmation(ctx context.Context, t oroshi.TenantID, orderID oroshi.ID, actor audit.Actor) (Document, error) {
	o, b, err := s.order(ctx, t, orderID)
	if err != nil {
		return Document{}, err
	}
	if o.Status == sales.StatusBuyerApproval || o.Status == sales.StatusCancelled {
		return Document{}, oroshi.Invalid("order", "「"+o.Status.Label()+"」の注文には注文請書を発行できません")
	}
	lines := make([]Line, len(o.Lines))
	for i, l := range o.Lines {
		lines[i] = orderLine(l, l.Quantity)
	}
	meta := []Field{{Label: "注文番号", Value: o.Number}, {Label: "注文日", Value: DateText(pricing.DateOf(o.PlacedAt))}}
	meta = append(meta, orderMeta(o)...)
	src := source{
		doc: Document{Kind: KindOrderConfirmation, Number: o.Number, SourceType: SourceOrder, SourceID: o.ID,
			OrderID: o.ID, BuyerID: o.BuyerID, BuyerName: b.Name, DocDate: pricing.DateOf(o.PlacedAt)},
		sheet: sheetInput{Kind: KindOrderConfirmation, Number: o.Number, Recipient: b.Name, Address: buyerAddress(b),
			Headline: "ご注文金額", Lines: lines, Rounding: o.TaxRounding, Notes: o.Note, Meta: meta},
		tell: placer(o),
	}
	return s.issue(ctx, t, src, actor)
}

// IssueDeliverySlip issues the 納品書 of one shipment (納品書（発行）): the
// shipped quantities at the order's prices, tax once per rate on the
// slip. It is a qualified invoice by itself (issuer registration number,
// transaction date, ※ items, per-rate totals and tax, recipient).
func (s *Service) IssueDeliverySlip(ctx context.Context, t oroshi.TenantID, orderID, shipmentID oroshi.ID, actor audit.Actor) (Document, error) {
	o, b, err := s.order(ctx, t, orderID)
	if err != nil {
		return Document{}, err
	}
	n, sh := 0, sales.Shipment{}
	for i, x := range o.Shipments {
		if x.ID == shipmentID {
			n, sh = i+1, x
		}
	}
	if n == 0 {
		return Document{}, fmt.Errorf("shipment %s of order %s: %w", shipmentID, orderID, oroshi.ErrNotFound)
	}
	byNo := make(map[int]sales.Line, len(o.Lines))
	for _, l := range o.Lines {
		byNo[l.No] = l
	}
	var lines []Line
	for _, sl := range sh.Lines {
		lines = append(lines, orderLine(byNo[sl.LineNo], sl.Quantity))
	}
	number := o.Number + "-" + strconv.Itoa(n)
	meta := []Field{{Label: "納品書番号", Value: number}, {Label: "納品日", Value: DateText(sh.ShippedOn)},
		{Label: "注文番号", Value: o.Number}}
	meta = append(meta, orderMeta(o)...)
	if sh.Carrier != "" || sh.TrackingNumber != "" {
		meta = append(meta, Field{Label: "運送会社・送り状番号", Value: sh.Carrier + " " + sh.TrackingNumber})
	}
	src := source{
		doc: Document{Kind: KindDeliverySlip, Number: number, SourceType: SourceShipment, SourceID: sh.ID,
			OrderID: o.ID, BuyerID: o.BuyerID, BuyerName: b.Name, DocDate: sh.ShippedOn},
		sheet: sheetInput{Kind: KindDeliverySlip, Number: number, Recipient: b.Name, Address: buyerAddress(b),
			Headline: "納品金額", Lines: lines, Rounding: o.TaxRounding, Meta: meta},
		tell: placer(o),
	}
	return s.issue(ctx, t, src, actor)
}

func (s *Service) order(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (sales.Order, buyers.Buyer, error) {
	o, err := s.Store.Order(ctx, t, id)
	if err != nil {
		return sales.Order{}, buyers.Buyer{}, fmt.Errorf("order document: order %s: %w", id, err)
	}
	b, err := s.Store.Buyer(ctx, t, o.BuyerID)
	if err != nil {
		return sales.Order{}, buyers.Buyer{}, fmt.Errorf("order document: buyer %s: %w", o.BuyerID, err)
	}
	return o, b, nil
}

// placer is the shop user who placed o (0 for a proxy order).
func placer(o sales.Order) oroshi.ID {
	if o.PlacedByRealm != string(identity.RealmShop) {
		return 0
	}
	return o.PlacedBy
}

func orderLine(l sales.Line, qty int64) Line {
	return Line{Code: l.Code, JAN: l.JAN, Name: lineName(l.ProductName, l.Variant), Unit: l.Unit, CaseQty: l.CaseQty,
		Item: Item{Rate: l.TaxRate, Quantity: qty, UnitPrice: l.UnitPrice}}
}

func orderMeta(o sales.Order) []Field {
	var out []Field
	if o.PONumber != "" {
		out = append(out, Field{Label: "発注番号", Value: o.PONumber})
	}
	if !o.DesiredDate.IsZero() {
		out = append(out, Field{Label: "希望納品日", Value: DateText(o.DesiredDate)})
	}
	if st := o.ShipTo; st.Address != "" {
		out = append(out, Field{Label: "納品先", Value: st.Label + " 〒" + st.PostalCode + " " + st.Address})
	}
	return out
}

func lineName(name, variant string) string {
	if variant == "" {
		return name
	}
	return name + " " + variant
}

func buyerAddress(b buyers.Buyer) []string {
	var out []string
	if b.PostalCode != "" {
		out = append(out, "〒"+b.PostalCode)
	}
	if b.Address != "" {
		out = append(out, b.Address)
	}
	return out
}

// sampleInput is the settings preview: a 請求書 to a sample company for
// this month's deliveries so far, due at the end of next month, with a
// standard and a reduced-rate line; it prints the layout's 請求書 greeting.
func sampleInput(l Layout, today pricing.Date) sheetInput {
	first := pricing.NewDate(today.Year, today.Month, 1)
	dy, dm, dd := time.Date(today.Year, today.Month+2, 0, 0, 0, 0, 0, time.UTC).Date() // last day of next month
	return sheetInput{Kind: KindInvoice, Title: "請求書（見本）", Number: "SAMPLE-0001", IssuedOn: today,
		Recipient: "株式会社見本商事", Address: []string{"〒100-0001", "東京都千代田区千代田1-1"}, Headline: "ご請求金額",
		Meta: []Field{{Label: "請求番号", Value: "SAMPLE-0001"},
			{Label: "取引期間", Value: DateText(first) + "〜" + DateText(today)},
			{Label: "お支払期限", Value: DateText(pricing.NewDate(dy, dm, dd))}},
		Rounding: pricing.RoundFloor, Layout: l, Version: 1,
		Lines: []Line{
			{Code: "STD-1", JAN: "4900000000001", Name: "業務用ラップ 30cm", Unit: "本", CaseQty: 30, Item: Item{Rate: 10, Quantity: 3, UnitPrice: 105}},
			{Code: "RED-1", JAN: "4900000000002", Name: "本枯れ鰹節 500g", Unit: "袋", CaseQty: 10, Item: Item{Rate: 8, Quantity: 2, UnitPrice: 1980}},
		}}
}

// layoutChanges lists the fields a save changes, for the history.
func layoutChanges(before, after Layout) map[string]any {
	out := map[string]any{}
	diff := func(k string, b, a any) {
		if b != a {
			out[k] = map[string]any{"before": b, "after": a}
		}
	}
	diff("company_name", before.CompanyName, after.CompanyName)
	diff("address", before.Address, after.Address)
	diff("phone", before.Phone, after.Phone)
	diff("registration_no", before.RegistrationNo, after.RegistrationNo)
	diff("notes", before.Notes, after.Notes)
	diff("bank_account", before.BankAccount, after.BankAccount)
	diff("show_code", before.ShowCode, after.ShowCode)
	diff("show_jan", before.ShowJAN, after.ShowJAN)
	diff("show_case_qty", before.ShowCaseQty, after.ShowCaseQty)
	diff("tax_display", string(before.TaxDisplay), string(after.TaxDisplay))
	diff("retention_years", before.RetentionYears, after.RetentionYears)
	diff("delivery", string(before.Delivery), string(after.Delivery))
	for _, k := range GreetingKinds {
		diff("greeting_"+string(k), before.Greetings[k], after.Greetings[k])
	}
	diff("logo", imageDigest(before.Logo), imageDigest(after.Logo))
	diff("seal", imageDigest(before.Seal), imageDigest(after.Seal))
	return out
}

// imageDigest names an image in the history by its SHA-256 ("" if none).
func imageDigest(i Image) string {
	if i.Empty() {
		return ""
	}
	sum := sha256.Sum256(i.Data)
	return hex.EncodeToString(sum[:])
}
