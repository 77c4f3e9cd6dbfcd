package salesnotify

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// maxMailLines bounds the order lines a mail lists; the order page has
// them all.
const maxMailLines = 30

// letter is one mail's content, rendered as plain text and as HTML.
type letter struct {
	Seller   string
	Greeting []string // 取引先名 and 「山田 太郎 様」
	Title    string
	Lead     string
	Heading  string // ご注文の内容, お見積りの内容
	Facts    []fact // 注文番号, 注文日時 … and the event's own (出荷, 理由)
	Lines    []lineRow
	Prices   bool   // the lines show their unit price (a quote is about prices)
	More     int    // lines left out of the list
	Reduced  bool   // some line is at the reduced rate (marked ※)
	Totals   []fact // 小計, 消費税, 合計
	Page     string // 注文ページ, 見積ページ: where every line is
	Link     string // the order or quote page
	// LinkLabel introduces the link in the text part, LinkAction is the
	// link's text in the HTML part.
	LinkLabel, LinkAction string
}

type fact struct{ Label, Value string }

type lineRow struct {
	Code, Name, Quantity, Price, Amount string
}

var jst = time.FixedZone("JST", 9*60*60)

// newLetter builds the mail of note n about h to user u.
func newLetter(h happening, n note, u identity.User, link string) letter {
	o := h.Order
	l := letter{Seller: h.Tenant.Name, Title: n.title, Lead: n.lead, Heading: "ご注文の内容", Page: "注文ページ",
		Link: link, LinkLabel: "ご注文の詳細", LinkAction: "ご注文の詳細を見る"}
	if n.admin {
		l.LinkLabel, l.LinkAction = "注文ページ", "注文ページを開く"
	}
	if !n.admin {
		l.Greeting = append(l.Greeting, o.BuyerName)
	}
	l.Greeting = append(l.Greeting, u.Name+" 様")
	l.Facts = append(eventFacts(h), orderFacts(o, h.status())...)
	for i, ln := range o.Lines {
		if i == maxMailLines {
			l.More = len(o.Lines) - maxMailLines
			break
		}
		l.Lines = append(l.Lines, lineRow{Code: ln.Code, Name: lineName(ln),
			Quantity: strconv.FormatInt(ln.Quantity, 10) + ln.Unit, Amount: yen(ln.Amount)})
	}
	for _, ln := range o.Lines {
		l.Reduced = l.Reduced || ln.TaxRate == sales.TaxReduced
	}
	l.Totals = totalFacts(o.Totals)
	return l
}

func orderFacts(o sales.Order, status sales.Status) []fact {
	fs := []fact{{"注文番号", o.Number}, {"注文日時", o.PlacedAt.In(jst).Format("2006/01/02 15:04")},
		{"取引先", o.BuyerName}, {"状態", status.Label()}}
	if o.PONumber != "" {
		fs = append(fs, fact{"発注番号", o.PONumber})
	}
	if !o.DesiredDate.IsZero() {
		fs = append(fs, fact{"希望納品日", o.DesiredDate.String()})
	}
	ship := strings.TrimSpace(o.ShipTo.Label + " " + o.ShipTo.Recipient)
	if o.ShipTo.Address != "" {
		ship = strings.TrimSpace(ship + "（〒" + o.ShipTo.PostalCode + " " + o.ShipTo.Address + "）")
	}
	if ship != "" {
		fs = append(fs, fact{"納品先", ship})
	}
	if o.Proxy {
		fs = append(fs, fact{"入力方法", "代理入力"})
	}
	return fs
}

// eventFacts are what the event itself adds: the shipment, the reason.
func eventFacts(h happening) []fact {
	d := h.Event.Detail
	var fs []fact
	if sh, ok := d["shipment"].(map[string]any); ok {
		on, _ := sh["shipped_on"].(string)
		carrier, _ := sh["carrier"].(string)
		tracking, _ := sh["tracking_number"].(string)
		fs = append(fs, fact{"出荷日", on}, fact{"運送会社", orDash(carrier)}, fact{"送り状番号", orDash(tracking)})
	}
	if reason, ok := d["reason"].(string); ok && reason != "" {
		label := "キャンセル理由"
		if h.Event.Type == sales.EventOrderBuyerRejected {
			label = "否認の理由"
		}
		fs = append(fs, fact{label, reason})
	}
	return fs
}

func totalFacts(t sales.Totals) []fact {
	fs := []fact{{"小計（税抜）", yen(t.Subtotal)}}
	for _, r := range t.ByRate {
		fs = append(fs, fact{fmt.Sprintf("消費税（%d%%対象 %s）", r.Rate, yen(r.Subtotal)), yen(r.Tax)})
	}
	return append(fs, fact{"合計（税込）", yen(t.Total)})
}

func lineName(l sales.Line) string {
	name := strings.TrimSpace(l.ProductName + " " + l.Variant)
	if l.TaxRate == sales.TaxReduced {
		name += " ※"
	}
	return name
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// yen formats an amount as Japanese documents do: 1,234円.
func yen(v oroshi.Yen) string {
	n := int64(v)
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String() + "円"
}
