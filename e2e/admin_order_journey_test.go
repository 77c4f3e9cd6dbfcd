package e2e

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/oroshi-jp/oroshi/internal/demo"
)

// Journey 9: the seller's side of ordering. 佐藤 (B001) asks for a quote
// from her cart; 田中 (seller staff) lowers a unit price and issues it; 佐藤
// accepts it to the セントラルキッチン ship-to; 田中 finds the order under
// 受付, approves it and ships it in two parts; then enters a FAX order for
// グリーンキッチン (B003) as a proxy order; last, 佐藤 sees her order
// shipped with both tracking numbers and has a notice of the shipment.
// Each person's visit is a fresh tab, as each tab has its own time limit.
func sellerHandlesOrders(t *testing.T, e *env) {
	lap := stopwatch(t)
	items := buyerRequestsQuote(t, e)
	lap("1 buyer requests a quote")
	price := staffIssuesQuote(t, e, items)
	lap("2 staff issue the quote")
	order := buyerAcceptsQuote(t, e, items, price)
	lap("3 buyer accepts the quote")
	s := signedIn(t, e, adminBase, staffEmail)
	staffShipsOrder(s, items, order)
	lap("4 staff approve and ship")
	staffEntersProxyOrder(s, items)
	lap("5 staff enter a proxy order")
	buyerSeesShipment(t, e, items, order)
	lap("6 buyer sees the shipment and the notice")
}

// stopwatch logs each step's time (-v), to find the slow one.
func stopwatch(t *testing.T) func(step string) {
	last := time.Now()
	return func(step string) {
		t.Logf("step %s: %s", step, time.Since(last).Round(time.Millisecond))
		last = time.Now()
	}
}

// quoteItems is what journey 9 orders: two products by 品番, the quote's
// number, and the tracking numbers of the two shipments.
type quoteItems struct {
	quote          string
	soy, dashi     string // 品番 of 本醸造こいくちしょうゆ 1.8L and 白だし 1.8L
	trackA, trackB string // the first, partial shipment and the rest
}

const (
	soyName      = "本醸造こいくちしょうゆ"
	dashiName    = "白だし 1.8L"
	requestNote  = "毎月この数量で発注予定です。単価のご相談をお願いします。"
	quoteComment = "月間契約の特別単価です。"
)

// Step 1: the buyer fills her cart from the search results and asks for a
// quote with a note. The cart is emptied first: a quote request keeps the
// cart, so an earlier run may have left one.
func buyerRequestsQuote(t *testing.T, e *env) quoteItems {
	b := signedIn(t, e, shopBase, buyerEmail)
	b.acceptDialogs() // カートを空にする asks first
	it := quoteItems{trackA: "4801-2233-9001", trackB: "3605-7788-9002"}
	if b.text(".cart-count") != "0" {
		b.open(shopBase + "/cart")
		b.clickXPath(`//main//button[normalize-space()="カートを空にする"]`)
		b.wantText(".cart-count", "0")
	}
	it.soy = addFromSearch(b, "こいくち", soyName, "1.8L", 12)
	it.dashi = addFromSearch(b, "白だし", dashiName, "", 6)
	b.wantText(".cart-count", "2")
	b.clickXPath(`//header//a[contains(@class,"cart-link")]`)
	b.wantContains(soyName, dashiName, it.soy, it.dashi)
	b.clickHere(`//main//details[contains(@class,"quote-request")]/summary`)
	b.setValue(`details.quote-request textarea[name=note]`, requestNote)
	b.screenshot("j9-cart-quote-request")
	b.clickXPath(`//main//details[contains(@class,"quote-request")]//button[normalize-space()="見積を依頼"]`)
	if !strings.HasPrefix(b.path(), shopBase+"/quotes/") {
		t.Fatalf("the quote request led to %s\n%s", b.path(), b.bodyText())
	}
	b.wantText(".flash", "見積を依頼しました。発行されるとこのページでご確認いただけます。")
	b.wantContains("依頼中", requestNote, soyName, dashiName)
	it.quote = b.text("main h1 code")
	if !strings.HasPrefix(it.quote, "Q-") {
		t.Fatalf("quote number %q", it.quote)
	}
	b.wantText(".cart-count", "2") // a quote request keeps the cart
	b.screenshot("j9-shop-quote-requested")
	return it
}

// addFromSearch puts qty of the product's variant ("" for its only SKU)
// in the cart from the search results and returns its 品番.
func addFromSearch(b *tab, query, product, variant string, qty int) string {
	b.t.Helper()
	b.open(shopBase + "/search?q=" + query)
	row := `//li[contains(@class,"product-card")][.//h2[contains(., "` + product + `")]]//table[contains(@class,"skus")]/tbody/tr`
	if variant != "" {
		row += `[td[2][normalize-space()="` + variant + `"]]`
	}
	code := evaluate[string](b, `(document.evaluate(`+jsString(row+"//code")+`, document, null,
		XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue || {innerText: ""}).innerText.trim()`)
	if code == "" {
		b.t.Fatalf("no 品番 for %s %s in the search for %s:\n%s", product, variant, query, b.bodyText())
	}
	b.setXPathValue(row+`//input[@name="quantity"]`, fmt.Sprint(qty))
	b.clickXPath(row + `//button[normalize-space()="カートに入れる"]`)
	b.wantContains("カートに追加しました。")
	return code
}

// Step 2: seller staff open the requested quote, lower the soy sauce's
// unit price by 30円, save the draft and issue it.
func staffIssuesQuote(t *testing.T, e *env, it quoteItems) int {
	s := signedIn(t, e, adminBase, staffEmail)
	confirms := s.acceptDialogs()
	s.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="見積"]`)
	s.wantPath(adminBase + "/quotes")
	if row := s.row(`//main//table`, it.quote); len(row) < 3 || row[1] != "株式会社まるやま商店" || row[2] != "依頼中" {
		t.Errorf("quote list row for %s = %q, want [%s 株式会社まるやま商店 依頼中 …]", it.quote, row, it.quote)
	}
	s.screenshot("j9-admin-quotes")
	s.clickXPath(`//main//table//a[normalize-space()="` + it.quote + `"]`)
	s.wantContains("取引先からのご要望", requestNote)
	s.clickXPath(`//main//a[normalize-space()="下書きを編集"]`)
	if !strings.HasSuffix(s.path(), "/edit") {
		t.Fatalf("下書きを編集 led to %s", s.path())
	}
	priceInput := `//main//table[contains(@class,"quote-edit")]//tr[.//input[@name="code"][@value="` + it.soy + `"]]//input[@name="unit_price"]`
	old := evaluate[string](s, `document.evaluate(`+jsString(priceInput)+`, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.value`)
	var price int
	if _, err := fmt.Sscan(old, &price); err != nil || price <= 30 {
		t.Fatalf("the draft's unit price of %s is %q", it.soy, old)
	}
	price -= 30
	s.setXPathValue(priceInput, fmt.Sprint(price))
	s.setValue(`input[name=valid_until]`, validUntil(t, s))
	s.setValue(`textarea[name=notes]`, quoteComment)
	s.screenshot("j9-admin-quote-edit")
	s.clickXPath(`//main//button[normalize-space()="下書きを保存"]`)
	s.wantText(".flash", "見積の下書きを保存しました。")
	s.wantContains(yenText(price), yenText(price*12), quoteComment)
	s.clickXPath(`//main//button[normalize-space()="発行する"]`)
	s.wantText(".flash", "見積を発行しました。")
	s.wantText(".quote-head .badge", "発行済")
	if got := confirms.messages(); !slices.Equal(got, []string{"この内容で見積を発行します。発行した版は変更できません?"}) {
		t.Errorf("confirmations asked: %q", got)
	}
	s.screenshot("j9-admin-quote-issued")
	return price
}

// validUntil is two weeks after the earliest validity date the form
// allows, within its latest.
func validUntil(t *testing.T, b *tab) string {
	t.Helper()
	r := evaluate[[]string](b, `(i => [i.min, i.max])(document.querySelector("input[name=valid_until]"))`)
	lo, hi := r[0], r[1]
	d, err := time.Parse(time.DateOnly, lo)
	if err != nil {
		t.Fatalf("valid_until has min %q", lo)
	}
	v := d.AddDate(0, 0, 14).Format(time.DateOnly)
	if hi != "" && v > hi {
		v = hi
	}
	return v
}

// Step 3: the buyer accepts the issued quote to her second ship-to with
// the earliest delivery date; the order is placed at the quoted price.
func buyerAcceptsQuote(t *testing.T, e *env, it quoteItems, price int) string {
	b := signedIn(t, e, shopBase, buyerEmail)
	confirms := b.acceptDialogs()
	b.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="見積"]`)
	b.wantPath(shopBase + "/quotes")
	if row := b.row(`//main//table`, it.quote); len(row) < 2 || row[1] != "発行済" {
		t.Errorf("shop quote row for %s = %q, want status 発行済", it.quote, row)
	}
	b.clickXPath(`//main//table//a[normalize-space()="` + it.quote + `"]`)
	b.wantContains(yenText(price), quoteComment, "この見積で注文する")
	b.clickHere(`//main//label[contains(@class,"shipto-choice")][.//strong[normalize-space()="セントラルキッチン"]]//input`)
	b.setValue(`input[name=desired_date]`, evaluate[string](b, `document.querySelector("input[name=desired_date]").min`))
	b.fill(`.quote-accept input[name=po_number]`, "MR-Q-E2E")
	b.screenshot("j9-shop-quote-accept")
	b.clickXPath(`//main//button[normalize-space()="この見積で注文を確定する"]`)
	if !strings.HasSuffix(b.path(), "/placed") {
		t.Fatalf("accepting led to %s\n%s", b.path(), b.bodyText())
	}
	if got := confirms.messages(); len(got) != 1 || !strings.HasPrefix(got[0], "この見積の内容で注文を確定します") {
		t.Errorf("confirmations asked: %q", got)
	}
	b.wantContains("ご注文ありがとうございました", "受付", "セントラルキッチン")
	order := b.text(".order-number")
	if !strings.HasPrefix(order, "O-") {
		t.Fatalf("order number %q", order)
	}
	b.screenshot("j9-shop-quote-placed")
	b.clickXPath(`//main//a[normalize-space()="注文の詳細を見る"]`)
	b.wantContains(order, "MR-Q-E2E", yenText(price), "セントラルキッチン")
	return order
}

// Step 4: staff find the order under 受付, approve it, ship 5 bottles of
// soy sauce, then the rest.
func staffShipsOrder(s *tab, it quoteItems, order string) {
	s.t.Helper()
	s.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="受注"]`)
	s.wantPath(adminBase + "/orders")
	s.clickXPath(`//main//nav[contains(@class,"order-tabs")]//a[starts-with(normalize-space(), "受付")]`)
	if row := s.row(`//table[contains(@class,"orders")]`, order); len(row) < 6 || row[3] != "株式会社まるやま商店" || row[5] != "受付" {
		s.t.Errorf("受付 list row for %s = %q, want buyer 株式会社まるやま商店, status 受付", order, row)
	}
	if st := s.texts(`table.orders tbody td:nth-last-child(3) .badge`); slices.ContainsFunc(st, func(x string) bool { return x != "受付" }) {
		s.t.Errorf("the 受付 tab lists orders of status %q", st)
	}
	s.screenshot("j9-admin-orders-received")
	s.clickXPath(`//table[contains(@class,"orders")]//a[normalize-space()="` + order + `"]`)
	s.wantText("main h1 .badge", "受付")
	s.wantContains("セントラルキッチン", "MR-Q-E2E")
	s.clickXPath(`//main//button[normalize-space()="承認する"]`)
	s.wantText(".flash", "注文を承認しました。")
	s.wantText("main h1 .badge", "承認")

	ship(s, map[string]string{it.soy: "5", it.dashi: "0"}, "ヤマト運輸", it.trackA)
	s.wantText("main h1 .badge", "一部出荷")
	s.screenshot("j9-admin-order-partial")
	ship(s, nil, "佐川急便", it.trackB)
	s.wantText("main h1 .badge", "出荷済")
	s.wantContains(it.trackA, it.trackB, "ヤマト運輸", "佐川急便")
	if got := s.texts(`#timeline li strong`); !slices.Equal(got, []string{"受付", "承認", "出荷", "出荷"}) {
		s.t.Errorf("timeline = %q, want 受付 承認 出荷 出荷", got)
	}
	s.screenshot("j9-admin-order-shipped")
}

// ship registers a shipment from the order page: qty by 品番 (nil ships
// what is left), carrier and tracking number.
func ship(s *tab, qty map[string]string, carrier, tracking string) {
	s.t.Helper()
	s.clickXPath(`//main//a[normalize-space()="出荷登録"]`)
	if !strings.HasSuffix(s.path(), "/ship") {
		s.t.Fatalf("出荷登録 led to %s", s.path())
	}
	for code, n := range qty {
		s.setXPathValue(`//table[contains(@class,"ship-lines")]//tr[td[2][normalize-space()="`+code+`"]]//input[@name="qty"]`, n)
	}
	s.fill(`input[name=carrier]`, carrier)
	s.fill(`input[name=tracking_number]`, tracking)
	s.screenshot("j9-admin-ship-" + tracking)
	s.clickXPath(`//main//button[normalize-space()="出荷を登録する"]`)
	s.wantText(".flash", "出荷を登録しました。")
}

// Step 5: a FAX order of グリーンキッチン entered by pasting 品番 and 数量
// (a tab between them, as Excel pastes), reviewed at its prices, placed.
func staffEntersProxyOrder(s *tab, it quoteItems) {
	s.t.Helper()
	s.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="受注"]`)
	s.clickXPath(`//main//a[normalize-space()="代理注文を入力"]`)
	s.fill(`input[name=q]`, "グリーン")
	s.clickXPath(`//main//button[normalize-space()="検索"]`)
	s.clickXPath(`//main//table//tr[td[normalize-space()="B003"]]//a[normalize-space()="この取引先で入力"]`)
	s.wantContains("株式会社グリーンキッチン", "まとめて貼り付け")
	if st := evaluate[string](s, `(s => s.options[s.selectedIndex].text)(document.querySelector("select[name=ship_to_id]"))`); !strings.HasPrefix(st, "大宮本社キッチン") {
		s.t.Errorf("the proxy order's ship-to is %q, want the company's default 大宮本社キッチン", st)
	}
	s.setValue(`textarea[name=paste]`, it.soy+"\t24\n"+it.dashi+" 12")
	s.fill(`input[name=po_number]`, "FAX-0612")
	s.screenshot("j9-admin-proxy-entry")
	s.clickXPath(`//main//button[normalize-space()="内容を確認する"]`)
	s.wantPath(adminBase + "/orders/new/review")
	s.wantContains("代理注文の確認", "株式会社グリーンキッチン", soyName, dashiName, "FAX-0612", "合計（税込）")
	s.screenshot("j9-admin-proxy-review")
	s.clickXPath(`//main//button[normalize-space()="注文を確定する"]`)
	s.wantText(".flash", "代理注文を登録しました。")
	s.wantText("main h1 .badge.proxy", "代理入力")
	s.wantContains("（担当者による代理入力）", "受付")
	number := s.text(".order-number")
	s.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="受注"]`)
	mark := `//table[contains(@class,"orders")]//tr[.//code[normalize-space()="` + number + `"]]//span[contains(@class,"proxy")]`
	if n := evaluate[int](s, `document.evaluate(`+jsString(mark)+`, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null).snapshotLength`); n != 1 {
		s.t.Errorf("proxy order %s is not marked 代理 in the list (%d marks)\n%s", number, n, s.bodyText())
	}
	s.screenshot("j9-admin-orders-proxy")
}

// Step 6: the buyer sees the order shipped with both tracking numbers and
// has a notice. Notices are written by a job after the shipment commits;
// nothing in the page announces them, so reload until it shows.
func buyerSeesShipment(t *testing.T, e *env, it quoteItems, order string) {
	b := signedIn(t, e, shopBase, buyerEmail)
	b.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="注文履歴"]`)
	if row := b.row(`//table[contains(@class,"orders")]`, order); len(row) < 3 || row[2] != "出荷済" {
		t.Errorf("order history row for %s = %q, want status 出荷済", order, row)
	}
	b.clickXPath(`//table[contains(@class,"orders")]//a[normalize-space()="` + order + `"]`)
	b.wantText("main h1 .badge", "出荷済")
	if got := b.texts("code.tracking"); !slices.Equal(got, []string{it.trackA, it.trackB}) {
		t.Errorf("tracking numbers shown %q", got)
	}
	b.screenshot("j9-shop-order-shipped")

	want := "ご注文の商品を出荷しました（" + order + "）"
	b.clickXPath(`//header//a[contains(@class,"bell")]`)
	for deadline := time.Now().Add(15 * time.Second); !strings.Contains(b.text("ul.notifications"), want); {
		if time.Now().After(deadline) {
			t.Fatalf("no notice %q within 15s:\n%s", want, b.bodyText())
		}
		time.Sleep(200 * time.Millisecond)
		b.open(shopBase + "/notifications")
	}
	b.wantContains("ご注文の商品の一部を出荷しました（" + order + "）")
	b.screenshot("j9-shop-notices")
}

// signedIn opens a fresh tab signed in to base (adminBase or shopBase).
func signedIn(t *testing.T, e *env, base, email string) *tab {
	b := e.tab(t)
	b.open(base + "/login")
	b.signIn(email, demo.Password)
	b.wantPath(base + "/")
	return b
}

// dialogs accepts every confirm() of a tab (data-confirm buttons) and
// keeps what each asked.
type dialogs struct {
	mu   sync.Mutex
	seen []string
}

func (c *dialogs) messages() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.seen)
}

// acceptDialogs answers OK to the tab's dialogs from now on. The click
// that opens one waits for it, so another goroutine must answer.
func (b *tab) acceptDialogs() *dialogs {
	d := &dialogs{}
	opening := chromedp.Events(b.ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range opening {
			if err != nil {
				return
			}
			d.mu.Lock()
			d.seen = append(d.seen, ev.Message)
			d.mu.Unlock()
			go func() {
				_, _ = chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			}()
		}
	}()
	return d
}

// clickHere clicks the one element xpath finds when no page load follows
// (a summary, a radio button).
func (b *tab) clickHere(xpath string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Click(xpath)); err != nil {
		b.t.Fatalf("click %s on %s: %v", xpath, b.path(), err)
	}
}

// setValue sets the value of the field sel finds (chromedp's Clear cannot
// clear an empty textarea, and dates are not typed the same everywhere).
func (b *tab) setValue(sel, value string) {
	b.t.Helper()
	b.mustFind(sel)
	evaluate[bool](b, fmt.Sprintf(`(() => { document.querySelector(%s).value = %s; return true })()`, jsString(sel), jsString(value)))
}

// setXPathValue is setValue for the first field xpath finds.
func (b *tab) setXPathValue(xpath, value string) {
	b.t.Helper()
	ok := evaluate[bool](b, fmt.Sprintf(`(() => { const i = document.evaluate(%s, document, null,
  XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue; if (!i) return false; i.value = %s; return true })()`,
		jsString(xpath), jsString(value)))
	if !ok {
		b.t.Fatalf("%s: nothing matches %s\npage text:\n%s", b.path(), xpath, b.bodyText())
	}
}

// yenText is an amount as pages show it: 1,234円.
func yenText(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s + "円"
}
