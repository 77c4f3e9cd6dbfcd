package salesnotify

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// newQuoteLetter builds the mail of note n about quote event h to user u:
// the version's lines with their unit prices, its totals and validity.
func newQuoteLetter(h quoteHappening, n note, u identity.User, link string) letter {
	q, v := h.Quote, h.Version
	l := letter{Seller: h.Tenant.Name, Title: n.title, Lead: n.lead, Heading: "お見積りの内容", Page: "見積ページ",
		Prices: true, Link: link, LinkLabel: "お見積りの詳細", LinkAction: "お見積りの詳細を見る"}
	if n.admin {
		l.LinkLabel, l.LinkAction = "見積ページ", "見積ページを開く"
	} else {
		l.Greeting = append(l.Greeting, q.BuyerName)
	}
	l.Greeting = append(l.Greeting, u.Name+" 様")
	l.Facts = quoteFacts(h)
	for i, ln := range v.Lines {
		if i == maxMailLines {
			l.More = len(v.Lines) - maxMailLines
			break
		}
		l.Lines = append(l.Lines, lineRow{Code: ln.Code, Name: quoteLineName(ln),
			Quantity: strconv.FormatInt(ln.Quantity, 10) + ln.Unit, Price: yen(ln.UnitPrice), Amount: yen(ln.Amount)})
	}
	for _, ln := range v.Lines {
		l.Reduced = l.Reduced || ln.TaxRate == sales.TaxReduced
	}
	l.Totals = totalFacts(v.Totals)
	return l
}

// quoteFacts: what the quote is, where it stands, and what the event adds
// (the request's note, the validity of an issued version, the order).
func quoteFacts(h quoteHappening) []fact {
	q, v, e := h.Quote, h.Version, h.Event
	fs := []fact{{"見積番号", q.Number}}
	if e.Type != sales.EventQuoteRequested {
		fs = append(fs, fact{"版", fmt.Sprintf("第%d版", v.Version)})
	}
	fs = append(fs, fact{"取引先", q.BuyerName}, fact{"状態", h.status().Label()})
	switch e.Type {
	case sales.EventQuoteRequested:
		fs = append(fs, fact{"依頼日時", e.OccurredAt.In(jst).Format("2006/01/02 15:04")})
		if q.RequestNote != "" {
			fs = append(fs, fact{"ご要望", q.RequestNote})
		}
		return fs
	case sales.EventQuoteAccepted:
		fs = append(fs, fact{"注文番号", h.orderNumber()})
	}
	if !v.IssuedAt.IsZero() {
		fs = append(fs, fact{"発行日", v.IssuedAt.In(jst).Format("2006/01/02")})
	}
	fs = append(fs, fact{"有効期限", jaDate(v.ValidUntil)})
	if v.Notes != "" {
		fs = append(fs, fact{"備考", v.Notes})
	}
	return fs
}

func quoteLineName(l sales.QuoteLine) string {
	name := strings.TrimSpace(l.ProductName + " " + l.Variant)
	if l.TaxRate == sales.TaxReduced {
		name += " ※"
	}
	return name
}

var weekdays = [...]string{"日", "月", "火", "水", "木", "金", "土"}

// jaDate writes a date as Japanese documents do: 2026/05/23（土）.
func jaDate(d pricing.Date) string {
	if d.IsZero() {
		return "—"
	}
	wd := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday()
	return fmt.Sprintf("%04d/%02d/%02d（%s）", d.Year, int(d.Month), d.Day, weekdays[wd])
}
