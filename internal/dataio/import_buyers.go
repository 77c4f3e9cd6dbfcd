package dataio

import (
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// buyerImport upserts buyers by code. A column the file does not have
// keeps the stored value (a file of codes and credit limits changes only
// credit limits); an empty cell of a column it has clears the value, or
// gives the default where the field needs one (締め日, 支払条件, 支払方法).
// An empty 状態 keeps the status (a new buyer is active).
type buyerImport struct {
	rec  recorder
	tb   *table
	defs []customfields.Field
	rows []buyerIn
}

// buyerIn is one row as read: the values of the columns the file has.
type buyerIn struct {
	row    int
	b      buyers.Buyer
	group  string         // price group code
	custom map[string]any // custom columns, by key
}

// textFields are the built-in text fields, copied as written and left to
// buyers.Normalize and buyers.Validate.
var textFields = map[string]func(*buyers.Buyer) *string{
	"code":          func(b *buyers.Buyer) *string { return &b.Code },
	"name":          func(b *buyers.Buyer) *string { return &b.Name },
	"kana":          func(b *buyers.Buyer) *string { return &b.Kana },
	"postal_code":   func(b *buyers.Buyer) *string { return &b.PostalCode },
	"address":       func(b *buyers.Buyer) *string { return &b.Address },
	"phone":         func(b *buyers.Buyer) *string { return &b.Phone },
	"billing_name":  func(b *buyers.Buyer) *string { return &b.BillingName },
	"billing_email": func(b *buyers.Buyer) *string { return &b.BillingEmail },
}

// copyField sets field of dst to its value in src.
func copyField(dst *buyers.Buyer, src buyers.Buyer, field string) {
	if ptr, ok := textFields[field]; ok {
		*ptr(dst) = *ptr(&src)
		return
	}
	switch field {
	case "closing_day":
		dst.ClosingDay = src.ClosingDay
	case "payment_terms":
		dst.PaymentTerms = src.PaymentTerms
	case "credit_limit":
		dst.CreditLimit = src.CreditLimit
	case "payment_method":
		dst.PaymentMethod = src.PaymentMethod
	case "status":
		if src.Status != "" {
			dst.Status = src.Status
		}
	}
}

func (im *buyerImport) parse(f *file, errs *csvio.Errors) Keys {
	k := Keys{Kind: KindBuyers}
	seen := map[string]int{}
	for _, rec := range f.records {
		f.tick()
		in, ok := im.parseRow(rec, errs)
		if !ok {
			continue
		}
		if first, dup := seen[in.b.Code]; dup {
			errs.Add(rec.row, im.tb.name("code"), fmt.Sprintf("取引先コード「%s」が行%dと重複しています", in.b.Code, first))
			continue
		}
		seen[in.b.Code] = rec.row
		k.BuyerCodes = append(k.BuyerCodes, in.b.Code)
		im.rows = append(im.rows, in)
	}
	return k
}

// parseRow reads the typed cells of one row; ok is false when one of them
// cannot be read (the problem is in errs).
func (im *buyerImport) parseRow(rec record, errs *csvio.Errors) (buyerIn, bool) {
	tb, n := im.tb, len(*errs)
	in := buyerIn{row: rec.row, b: buyers.Buyer{Tenant: im.rec.tenant}, custom: map[string]any{}}
	for f, ptr := range textFields {
		*ptr(&in.b) = tb.cell(rec, f)
	}
	in.b.Code = buyers.Fold(in.b.Code)
	if in.b.Code == "" {
		errs.Add(rec.row, tb.name("code"), "取引先コードを入力してください")
	}
	in.group = buyers.Fold(tb.cell(rec, "price_group"))
	im.parseTerms(rec, &in, errs)
	for _, d := range im.defs {
		if field := customfields.ErrKey(d.Key); tb.has(field) {
			in.custom[d.Key] = tb.cell(rec, field)
		}
	}
	return in, len(*errs) == n
}

// parseTerms reads the fields written as labels: 締め日, 支払条件, 与信限度額,
// 支払方法 and 状態. Empty cells stay zero (Normalize's defaults).
func (im *buyerImport) parseTerms(rec record, in *buyerIn, errs *csvio.Errors) {
	tb := im.tb
	if s := tb.text(rec, "closing_day"); s != "" {
		day, ok := buyers.ParseClosingDay(s)
		if !ok {
			errs.Add(rec.row, tb.name("closing_day"), "締め日は5日・10日・15日・20日・25日・末日のいずれかを入力してください")
		}
		in.b.ClosingDay = day
	}
	if s := tb.text(rec, "payment_terms"); s != "" {
		terms, ok := buyers.ParsePaymentTerms(s)
		if !ok {
			errs.Add(rec.row, tb.name("payment_terms"), "支払条件は「翌月末払い」「翌々月10日払い」のように入力してください")
		}
		in.b.PaymentTerms = terms
	}
	if s := tb.text(rec, "credit_limit"); s != "" {
		limit, ok := parseYen(s)
		if !ok {
			errs.Add(rec.row, tb.name("credit_limit"), "与信限度額は0以上の整数（円）で入力してください")
		}
		in.b.CreditLimit = limit
	}
	if s := tb.text(rec, "payment_method"); s != "" {
		m, ok := buyers.ParsePaymentMethod(s)
		if !ok {
			errs.Add(rec.row, tb.name("payment_method"), "支払方法は請求書払い・掛売り・代金引換のいずれかを入力してください")
		}
		in.b.PaymentMethod = m
	}
	if s := tb.text(rec, "status"); s != "" {
		st, ok := parseStatus(s)
		if !ok {
			errs.Add(rec.row, tb.name("status"), "状態は有効または停止を入力してください")
		}
		in.b.Status = st
	}
}

func (im *buyerImport) plan(snap Snapshot, errs *csvio.Errors) Plan {
	groups := make(map[string]oroshi.ID, len(snap.Groups))
	for _, g := range snap.Groups {
		groups[g.Code] = g.ID
	}
	var p Plan
	for _, in := range im.rows {
		before, found := snap.Buyers[in.b.Code]
		b, ok := im.merge(in, before, found, groups, errs)
		if !ok {
			continue
		}
		w, changed := im.write(b, before, found)
		switch {
		case !found:
			p.Counts.Created++
		case changed:
			p.Counts.Updated++
		default:
			p.Counts.Unchanged++
			continue
		}
		p.Buyers = append(p.Buyers, w)
	}
	return p
}

// merge lays the row over the stored buyer (or a new one), normalises and
// validates it as the buyers service does.
func (im *buyerImport) merge(in buyerIn, before buyers.Buyer, found bool, groups map[string]oroshi.ID,
	errs *csvio.Errors) (buyers.Buyer, bool) {
	tb, n := im.tb, len(*errs)
	b := buyers.Buyer{Tenant: im.rec.tenant, Custom: map[string]any{}}
	if found {
		b = before
		b.Custom = customfields.Visible(im.defs, before.Custom) // a new map: before stays as read
	}
	for _, c := range customfields.Builtins(customfields.EntityBuyer) {
		if tb.has(c.Field) {
			copyField(&b, in.b, c.Field)
		}
	}
	if tb.has("price_group") {
		b.PriceGroupID = 0
		if in.group != "" {
			id, ok := groups[in.group]
			if !ok {
				errs.Add(in.row, tb.name("price_group"), fmt.Sprintf("価格グループ「%s」が見つかりません", in.group))
			}
			b.PriceGroupID = id
		}
	}
	for k, v := range in.custom {
		b.Custom[k] = v
	}
	b = buyers.Normalize(b)
	if err := buyers.Validate(b); err != nil {
		tb.addErrors(errs, in.row, err)
	}
	custom, err := customfields.Validate(im.defs, b.Custom)
	if err != nil {
		tb.addErrors(errs, in.row, err)
	}
	b.Custom = custom
	return b, len(*errs) == n
}

// write is the change b makes to before (nothing, for an unchanged buyer),
// with the events the buyers service would record for it.
func (im *buyerImport) write(b, before buyers.Buyer, found bool) (BuyerWrite, bool) {
	if !found {
		detail := buyerMap(b)
		detail["status"] = b.Status
		ev := im.rec.event(buyers.ActionCreate, "buyer", 0, detail)
		return BuyerWrite{Buyer: b, Events: []audit.Event{ev}}, true
	}
	prev := before
	prev.Custom = customfields.Visible(im.defs, before.Custom)
	w := BuyerWrite{Buyer: b}
	if diff := audit.Diff(buyerMap(prev), buyerMap(b)); len(diff) > 0 {
		w.Events = append(w.Events, im.rec.event(buyers.ActionUpdate, "buyer", b.ID, diff))
	}
	if b.Status != before.Status {
		action := buyers.ActionResume
		if b.Status == buyers.StatusSuspended {
			action, w.EndSessions = buyers.ActionSuspend, true
		}
		w.Events = append(w.Events, im.rec.event(action, "buyer", b.ID,
			map[string]any{"status": audit.Change{Before: before.Status, After: b.Status}}))
	}
	return w, len(w.Events) > 0
}
