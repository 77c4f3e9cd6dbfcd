package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// The buyer whose last closing the demo leaves open (demo.PendingBuyer)
// and its shop user.
const (
	billBuyerName  = "株式会社グリーンキッチン"
	billBuyerEmail = "ito@greenkitchen.example"
)

// TestBillingJourney: seller staff close a buyer's month on the closing
// page (a job with a progress page), open the new 請求書 and its PDF,
// record a partial payment then the rest, and see 入金済; the buyer sees
// the invoice paid in the shop and downloads the PDF. On each engine.
func TestBillingJourney(t *testing.T) {
	requireBrowser(t)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			e := &env{engine: engine, server: startServer(t, engine)}
			e.browser = startBrowser(t)
			number := staffClosesMonth(t, e)
			if t.Failed() {
				return
			}
			staffRecordsPayments(t, e, number)
			if t.Failed() {
				return
			}
			buyerSeesPaidInvoice(t, e, number)
		})
	}
}

// Step 1: 田中 runs the closing of B003 on its open closing date and waits
// for the job; the run page reports one invoice. It returns its number.
func staffClosesMonth(t *testing.T, e *env) string {
	s := signedIn(t, e, adminBase, staffEmail)
	s.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="請求"]`)
	s.wantPath(adminBase + "/invoices")
	s.screenshot("bill-invoices-demo")
	// The demo's billing: 入金済, 一部入金 and 未入金 invoices, and B002's
	// past its due date on the aging list (未回収一覧).
	s.wantContains("入金済", "一部入金", "未入金")
	s.clickXPath(`//main//a[normalize-space()="未回収一覧"]`)
	if row := s.row(`//main//table[contains(@class,"aging")]`, "B002 海鮮居酒屋かもめ"); row == nil {
		t.Errorf("the aging list has no row for B002:\n%s", s.bodyText())
	}
	if n := s.count("table.aging td.overdue"); n == 0 {
		t.Errorf("the aging list shows nothing past due:\n%s", s.bodyText())
	}
	s.screenshot("bill-aging-demo")
	s.open(adminBase + "/invoices/closing")
	date := demo.PendingClosing(pricing.DateOf(time.Now())).String()
	s.setValue("input[name=date]", date)
	s.fill("input[name=buyer]", demo.PendingBuyer)
	s.screenshot("bill-closing-form")
	asked := s.acceptDialogs()
	s.clickXPath(`//main//form//button[normalize-space()="締め処理を実行"]`)
	if !strings.Contains(s.path(), "/invoices/closing/runs/") {
		t.Fatalf("closing went to %s:\n%s (dialogs %q)", s.path(), s.bodyText(), asked.messages())
	}
	waitFinished(t, s)
	s.wantContains("締め処理の結果", date, demo.PendingBuyer)
	if row := s.row(`//main//table[contains(@class,"totals")]`, "発行した請求書"); len(row) < 2 || row[1] != "1件" {
		t.Errorf("closing result: 発行した請求書 %q\n%s", row, s.bodyText())
	}
	s.screenshot("bill-closing-done")
	s.clickXPath(`//main//a[normalize-space()="請求書一覧へ"]`)
	number := evaluate[string](s, `(() => {
  for (const tr of document.querySelectorAll("main table tbody tr"))
    if (tr.innerText.includes(`+jsString(billBuyerName)+`)) return tr.querySelector("a code").innerText.trim();
  return "";
})()`)
	if number == "" {
		t.Fatalf("the invoice list shows no invoice for %s:\n%s", billBuyerName, s.bodyText())
	}
	if row := s.row(`//main//table`, number); len(row) < 8 || row[7] != "未入金" {
		t.Errorf("new invoice %s: row %q, want 未入金", number, row)
	}
	return number
}

// waitFinished follows the run page until the job is done with the run.
// The page reloads itself every 2 s while the job works; the journey
// reloads it sooner itself, so that no reload comes while it reads.
func waitFinished(t *testing.T, b *tab) {
	t.Helper()
	run := b.path()
	b.screenshot("bill-closing-progress")
	for deadline := time.Now().Add(60 * time.Second); b.count(".closing-progress") > 0; {
		if time.Now().After(deadline) {
			t.Fatalf("the closing run did not finish within 60s:\n%s", b.bodyText())
		}
		time.Sleep(300 * time.Millisecond)
		b.open(run)
	}
	if b.count(".closing-result") == 0 {
		t.Fatalf("the closing run failed:\n%s", b.bodyText())
	}
}

// Step 2: 田中 opens the invoice, downloads its PDF, records part of the
// balance and then the rest; the invoice is 入金済.
func staffRecordsPayments(t *testing.T, e *env, number string) {
	s := signedIn(t, e, adminBase, staffEmail)
	s.open(adminBase + "/invoices")
	s.clickXPath(`//main//table//a[normalize-space()="` + number + `"]`)
	s.wantText("main h1 .badge", "未入金")
	total := s.row(`//main//table[contains(@class,"invoice-summary")]`, "今回請求額")
	s.screenshot("bill-invoice")
	// The closing queued the 請求書 PDF as a job: the page says so and
	// reloads itself until the PDF is there.
	href := ""
	for deadline := time.Now().Add(30 * time.Second); href == "" && time.Now().Before(deadline); {
		href = evaluate[string](s, `(document.querySelector("#documents ul a") || {href: ""}).href`)
		if href == "" {
			time.Sleep(time.Second)
			s.open(s.path())
		}
	}
	if href == "" {
		t.Fatalf("invoice %s links no PDF after 30 s:\n%s", number, s.bodyText())
	}
	p := s.fetchPDF(`fetch(` + jsString(href) + `)`)
	if p.Status != 200 || p.Type != "application/pdf" {
		t.Fatalf("%s answered %d %q", href, p.Status, p.Type)
	}
	text := s.pdfText("bill-invoice", p.Body)
	wants := []string{"請求書", billBuyerName + "御中", "今回ご請求額", number, "登録番号" + demo.RegistrationNo}
	if len(total) == 2 {
		wants = append(wants, "¥"+strings.TrimSuffix(total[1], "円"))
	}
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("the 請求書 PDF does not show %q:\n%s", w, text)
		}
	}
	balance := s.balance()
	part := balance / 2
	s.pay(part)
	s.wantText("main h1 .badge", "一部入金")
	if got := s.balance(); got != balance-part {
		t.Errorf("balance after paying %d of %d: %d", part, balance, got)
	}
	s.screenshot("bill-partial")
	s.pay(balance - part)
	s.wantText("main h1 .badge", "入金済")
	if got := s.balance(); got != 0 {
		t.Errorf("balance after paying in full: %d", got)
	}
	s.screenshot("bill-paid")
}

// balance reads the invoice page's 請求残高.
func (b *tab) balance() int {
	b.t.Helper()
	txt := b.text("main .invoice-summary + .totals-note strong")
	var n int
	if _, err := fmt.Sscan(strings.NewReplacer(",", "", "円", "").Replace(txt), &n); err != nil {
		b.t.Fatalf("請求残高 reads %q: %v\n%s", txt, err, b.bodyText())
	}
	return n
}

// pay records amount received today by the invoice page's form.
func (b *tab) pay(amount int) {
	b.t.Helper()
	b.fill("#pay input[name=amount]", fmt.Sprint(amount))
	b.wantStatus(b.clickXPath(`//section[@id="pay"]//button[normalize-space()="入金を登録"]`), 200)
	if b.count("#pay .error") > 0 || b.count("main .error") > 0 {
		b.t.Fatalf("payment of %d refused:\n%s", amount, b.bodyText())
	}
}

// Step 3: 伊藤 of the buyer sees the invoice paid in the shop and
// downloads its PDF with her own session.
func buyerSeesPaidInvoice(t *testing.T, e *env, number string) {
	b := signedIn(t, e, shopBase, billBuyerEmail)
	b.open(shopBase + "/invoices")
	if row := b.row(`//main//table`, number); len(row) < 6 || row[5] != "入金済" {
		t.Errorf("the shop lists %s as %q, want 入金済\n%s", number, row, b.bodyText())
	}
	b.screenshot("bill-shop-invoices")
	b.clickXPath(`//main//table//a[normalize-space()="` + number + `"]`)
	b.wantText("main h1 .badge", "入金済")
	b.screenshot("bill-shop-invoice")
	href := evaluate[string](b, `(document.querySelector("#documents ul a") || {href: ""}).href`)
	if href == "" {
		t.Fatalf("the shop's invoice %s links no PDF:\n%s", number, b.bodyText())
	}
	p := b.fetchPDF(`fetch(` + jsString(href) + `)`)
	if p.Status != 200 || p.Type != "application/pdf" || !strings.HasPrefix(p.Disposition, "attachment") {
		t.Fatalf("%s answered %d %q %q", href, p.Status, p.Type, p.Disposition)
	}
	if text := b.pdfText("bill-shop-invoice", p.Body); !strings.Contains(text, number) || !strings.Contains(text, billBuyerName) {
		t.Errorf("the shop's PDF is not invoice %s:\n%s", number, text)
	}
}
