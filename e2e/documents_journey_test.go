package e2e

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
)

// Journey 10: business documents (帳票). The owner changes the 納品書
// greeting in 帳票設定 (a new version) and previews the sample PDF; 田中
// issues a 注文請書 on the approved demo order MR-2611-020 (its second
// version: the demo issued the first), ships the order and issues the
// 納品書; 佐藤 (B001) downloads both from the order in the shop and their
// text is checked with pdftotext; 小林 (B002) gets 404 for the same URLs;
// last, 田中 finds the 納品書 in /admin/documents by its amount.
func documentsJourney(t *testing.T, e *env) {
	lap := stopwatch(t)
	ownerEditsLayout(t, e)
	lap("1 owner edits the layout and previews it")
	d := staffIssuesDocuments(t, e)
	lap("2 staff issue a 注文請書 and a 納品書")
	d = buyerDownloadsDocuments(t, e, d)
	lap("3 buyer downloads both")
	otherBuyerIsRefused(t, e, d)
	lap("4 another company's user gets 404")
	staffSearchesDocuments(t, e, d)
	lap("5 staff search by amount")
}

const (
	docsOrderPO = "MR-2611-020" // the demo order of 株式会社まるやま商店 that is approved, not shipped
	docsBuyer   = "株式会社まるやま商店"
	// slipGreeting is short enough for one line of the PDF, so pdftotext
	// gives it whole.
	slipGreeting = "いつもありがとうございます。下記の通り納品いたしました。"
	docsTracking = "4801-2233-9010"
)

// issuedDocs is what staff issued in step 2, as the order page links them.
type issuedDocs struct {
	order                  string // O-…
	confirmID, slipID      string // the latest 注文請書 and the 納品書
	confirmURL, slipURL    string // their shop download paths (step 3)
	slipNumber, slipTotal  string // O-…-1 and "12,345円" (the order's total: shipped whole)
	confirmVer, confirmOld int    // versions listed for the 注文請書
}

// Step 1: the owner (second factor) opens 帳票設定 from 設定, finds the
// demo's settings, changes the 納品書 greeting and saves: version 2. The
// preview posts the same form and answers a sample PDF.
func ownerEditsLayout(t *testing.T, e *env) {
	b := e.tab(t)
	b.open(adminBase + "/login")
	b.signIn(ownerEmail, demo.Password)
	b.wantPath(adminBase + "/mfa")
	b.fill("input[name=code]", nextCode(t, e.server.secrets[ownerEmail]))
	b.clickXPath(`//main//button[normalize-space()="確認"]`)
	b.wantPath(adminBase + "/")
	b.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="設定"]`)
	b.clickXPath(`//main//a[normalize-space()="帳票設定を開く"]`)
	b.wantPath(adminBase + "/settings/documents")
	b.wantText("main h1", "帳票設定")
	for sel, want := range map[string]string{"input[name=company_name]": "さくら食品株式会社",
		"input[name=registration_no]": demo.RegistrationNo,
		"textarea[name=bank_account]": "みずほ銀行 日本橋支店 普通 1234567 サクラシヨクヒン(カ)"} {
		if got := evaluate[string](b, `document.querySelector(`+jsString(sel)+`).value`); got != want {
			t.Errorf("%s = %q, want the demo's %q", sel, got, want)
		}
	}
	b.wantContains("登録済みの角印を削除する", "版 1")
	b.screenshot("j10-admin-document-settings")

	b.fill("textarea[name=greeting_delivery_slip]", slipGreeting)
	b.clickXPath(`//main//button[normalize-space()="保存"]`)
	b.wantPath(adminBase + "/settings/documents")
	b.wantText(".flash", "帳票設定を保存しました。")
	b.wantContains("版 2")
	if got := evaluate[string](b, `document.querySelector("textarea[name=greeting_delivery_slip]").value`); got != slipGreeting {
		t.Errorf("saved greeting reads %q", got)
	}

	b.openPreview(`//main//button[starts-with(normalize-space(), "プレビュー")]`)
	// To read the PDF's text, post the same form data with the page's
	// cookies: the browser's PDF viewer shows no text to the test.
	p := b.fetchPDF(`(() => { const btn = document.evaluate('//main//button[starts-with(normalize-space(), "プレビュー")]',
  document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
  return fetch(btn.formAction, {method: "POST", body: new FormData(btn.form)}); })()`)
	if p.Status != 200 || p.Type != "application/pdf" || !strings.HasPrefix(p.Disposition, "inline") {
		t.Fatalf("preview answered %d %q %q", p.Status, p.Type, p.Disposition)
	}
	text := b.pdfText("j10-preview", p.Body)
	// The preview is a sample 請求書, so it shows the invoice greeting; the
	// edited 納品書 greeting shows on the slip issued below.
	for _, want := range []string{"請求書（見本）", "株式会社見本商事御中", "登録番号" + demo.RegistrationNo, "厚く御礼申し上げます。", "合計"} {
		if !strings.Contains(text, want) {
			t.Errorf("the preview does not show %q:\n%s", want, text)
		}
	}
}

// Step 2: 田中 finds the order by its 発注番号, issues the 注文請書 (the
// demo issued version 1), ships everything and issues the 納品書.
func staffIssuesDocuments(t *testing.T, e *env) issuedDocs {
	s := signedIn(t, e, adminBase, staffEmail)
	s.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="受注"]`)
	s.fill(`form.order-filters input[name=po]`, docsOrderPO)
	s.clickXPath(`//form[contains(@class,"order-filters")]//button[normalize-space()="検索"]`)
	s.clickXPath(`//table[contains(@class,"orders")]//tr[td[normalize-space()="` + docsOrderPO + `"]]//a`)
	s.wantText("main h1 .badge", "承認")
	d := issuedDocs{order: s.text(".order-number")}
	s.clickXPath(`//section[@id="documents"]//button[normalize-space()="注文請書を再発行"]`)
	s.wantText(".flash", "注文請書を発行しました。")
	ship(s, nil, "ヤマト運輸", docsTracking)
	s.wantText("main h1 .badge", "出荷済")
	d.slipTotal = s.text("table.totals tr.grand td")
	s.clickXPath(`//section[@id="shipments"]//button[normalize-space()="納品書を発行"]`)
	s.wantText(".flash", "納品書を発行しました。")
	s.screenshot("j10-admin-order-documents")

	d.slipNumber = d.order + "-1"
	for _, l := range docLinks(s) {
		switch {
		case l.kind == "注文請書" && !l.old:
			d.confirmID, d.confirmVer = l.id, l.version
		case l.kind == "注文請書":
			d.confirmOld++
		case l.kind == "納品書" && l.number == d.slipNumber && l.version == 1:
			d.slipID = l.id
		}
	}
	if d.confirmVer != 2 || d.confirmOld != 1 || d.slipID == "" {
		t.Fatalf("order %s lists 注文請書 版%d (+%d old) and 納品書 %q:\n%s", d.order, d.confirmVer, d.confirmOld, d.slipID, s.text("#documents"))
	}
	return d
}

// docLink is one entry of an order page's 発行済みの帳票.
type docLink struct {
	kind, number, href string
	id                 string // from href: …/documents/{id}/pdf
	version            int
	old                bool
}

func docLinks(b *tab) []docLink {
	b.t.Helper()
	rows := evaluate[[][]string](b, `Array.from(document.querySelectorAll("#documents li"), li => {
  const a = li.querySelector("a"); if (!a) return ["", "", "", ""];
  return [a.innerText.trim(), a.querySelector("code").innerText.trim(), a.getAttribute("href"), li.innerText.includes("（旧版）") ? "old" : ""]; })`)
	var out []docLink
	for _, r := range rows {
		if r[0] == "" {
			continue // the empty list's line
		}
		l := docLink{kind: strings.Fields(r[0] + " ")[0], number: r[1], href: r[2], old: r[3] == "old"}
		l.id = strings.TrimSuffix(r[2][strings.LastIndex(r[2], "/documents/")+len("/documents/"):], "/pdf")
		if _, err := fmt.Sscanf(r[0][strings.LastIndex(r[0], "版"):], "版%d", &l.version); err != nil {
			b.t.Errorf("document link %q: no version", r[0])
		}
		out = append(out, l)
	}
	return out
}

// Step 3: 佐藤 opens the order from her history and downloads both PDFs
// with her own session; the 納品書 is a qualified invoice with the new
// greeting. It returns d with the shop's download paths.
func buyerDownloadsDocuments(t *testing.T, e *env, d issuedDocs) issuedDocs {
	b := signedIn(t, e, shopBase, buyerEmail)
	b.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="注文履歴"]`)
	b.clickXPath(`//table[contains(@class,"orders")]//a[normalize-space()="` + d.order + `"]`)
	b.wantText("main h1 .badge", "出荷済")
	var hrefs []string
	for _, l := range docLinks(b) {
		hrefs = append(hrefs, l.href)
		switch l.id {
		case d.confirmID:
			d.confirmURL = l.href
		case d.slipID:
			d.slipURL = l.href
		}
	}
	if len(hrefs) != 3 || d.confirmURL == "" || d.slipURL == "" {
		t.Fatalf("the shop's order page links %q, want 3 with documents %s and %s", hrefs, d.confirmID, d.slipID)
	}
	b.screenshot("j10-shop-order-documents")

	for _, c := range []struct {
		name, url string
		wants     []string
	}{
		{"j10-slip", d.slipURL, []string{"納品書", docsBuyer + "御中", "登録番号" + demo.RegistrationNo, slipGreeting,
			"合計（税込）", "※は軽減税率（8%）対象商品です。", d.slipNumber, docsTracking}},
		{"j10-confirmation", d.confirmURL, []string{"注文請書", docsBuyer + "御中", "このたびはご注文いただき誠にありがとうございます。",
			"合計（税込）", d.order, docsOrderPO}},
	} {
		p := b.fetchPDF(`fetch(` + jsString(c.url) + `)`)
		if p.Status != 200 || p.Type != "application/pdf" || !strings.HasPrefix(p.Disposition, "attachment") {
			t.Errorf("%s answered %d %q %q", c.url, p.Status, p.Type, p.Disposition)
			continue
		}
		text := b.pdfText(c.name, p.Body)
		for _, w := range c.wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s does not show %q:\n%s", c.name, w, text)
			}
		}
	}
	return d
}

// Step 4: a user of another company (小林, B002) asks for the same URLs
// with his own session: 404, as for a document that does not exist.
func otherBuyerIsRefused(t *testing.T, e *env, d issuedDocs) {
	b := signedIn(t, e, shopBase, "kobayashi@kamome.example")
	b.console.allow("status of 404")
	for _, u := range []string{d.slipURL, d.confirmURL} {
		if p := b.fetchPDF(`fetch(` + jsString(u) + `)`); p.Status != 404 || p.Type == "application/pdf" {
			t.Errorf("B002's user fetched %s: %d %q, want 404", u, p.Status, p.Type)
		}
	}
}

// Step 5: 田中 searches /admin/documents by an amount range around the
// 納品書's total (both ends inclusive) and finds it; a range just above
// it does not list it.
func staffSearchesDocuments(t *testing.T, e *env, d issuedDocs) {
	s := signedIn(t, e, adminBase, staffEmail)
	s.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="帳票"]`)
	s.wantPath(adminBase + "/documents")
	total := strings.NewReplacer(",", "", "円", "").Replace(d.slipTotal)
	var n int
	if _, err := fmt.Sscan(total, &n); err != nil {
		t.Fatalf("the order's total reads %q", d.slipTotal)
	}
	search := func(lo, hi int) []string {
		s.fill("input[name=min_total]", fmt.Sprint(lo))
		s.fill("input[name=max_total]", fmt.Sprint(hi))
		s.clickXPath(`//main//form[contains(@class,"filters")]//button[normalize-space()="検索"]`)
		s.wantPath(adminBase + "/documents")
		return s.row(`//main//table`, d.slipNumber)
	}
	row := search(n, n)
	if len(row) < 6 || row[0] != "納品書" || row[2] != "1" || row[3] != docsBuyer || row[5] != d.slipTotal {
		t.Errorf("search %d〜%d円: row for %s = %q, want 納品書 版1 %s\n%s", n, n, d.slipNumber, row, d.slipTotal, s.bodyText())
	}
	s.screenshot("j10-admin-documents-search")
	if row := search(n+1, n+100000); row != nil {
		t.Errorf("search %d〜%d円 lists %s (%s): %q", n+1, n+100000, d.slipNumber, d.slipTotal, row)
	}
}

// openPreview clicks the button that opens a PDF in a new window
// (formtarget=_blank) and checks that the window shows a PDF, as the
// browser's viewer (the site's CSP must not block it).
func (b *tab) openPreview(xpath string) {
	b.t.Helper()
	opened := chromedp.WaitNewTarget(b.ctx, func(i *target.Info) bool { return i.Type == "page" })
	b.clickHere(xpath)
	var id target.ID
	select {
	case id = <-opened:
	case <-time.After(10 * time.Second):
		b.t.Fatalf("%s opened no window within 10s", xpath)
	}
	win, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(id))
	defer cancel() // closes the window
	w := *b
	w.ctx = win
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if evaluate[string](&w, `document.contentType`) == "application/pdf" {
			break
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("the preview window shows %s, not a PDF:\n%s", evaluate[string](&w, `location.href + " " + document.contentType`), w.bodyText())
		}
	}
	if w.shots != "" {
		// The viewer draws the page a moment after the document loads, and
		// tells the page nothing: without the wait the shot is blank.
		time.Sleep(2 * time.Second)
		w.screenshot("j10-preview-window")
	}
}

// fetched is a response read in the page with its cookies.
type fetched struct {
	Status      int    `json:"status"`
	Type        string `json:"type"`
	Disposition string `json:"disposition"`
	Body        string `json:"body"` // base64
}

// fetchPDF runs a script yielding a fetch Response promise in the page
// (the tab's own session) and returns the response with its body. A PDF
// link is a download, which a navigation cannot read.
func (b *tab) fetchPDF(responsePromise string) fetched {
	b.t.Helper()
	script := `(async () => {
  const r = await ` + responsePromise + `;
  const buf = new Uint8Array(await r.arrayBuffer());
  let s = "";
  for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode.apply(null, buf.subarray(i, i + 0x8000));
  return {status: r.status, type: r.headers.get("Content-Type") || "", disposition: r.headers.get("Content-Disposition") || "", body: btoa(s)};
})()`
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[fetched](script, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("fetch on %s: %v", b.path(), err)
	}
	return v
}

// pdfText is the PDF's text with the white space taken out (pdftotext
// places words by their position), and, when screenshots are asked for,
// keeps the PDF and a 70 dpi PNG of each page beside them.
func (b *tab) pdfText(name, body64 string) string {
	b.t.Helper()
	doc, err := base64.StdEncoding.DecodeString(body64)
	if err != nil || !strings.HasPrefix(string(doc), "%PDF-") {
		b.t.Fatalf("%s is not a PDF (%v): %.40q", name, err, doc)
	}
	if b.shots != "" {
		base := filepath.Join(b.shots, b.prefix+"-"+name)
		if err := os.MkdirAll(b.shots, 0o755); err != nil {
			b.t.Fatal(err)
		}
		if err := os.WriteFile(base+".pdf", doc, 0o644); err != nil {
			b.t.Fatal(err)
		}
		pdftest.Tool(b.t, doc, "pdftoppm", "-png", "-r", "70", "{}", base)
	}
	return strings.Join(strings.Fields(pdftest.Text(b.t, doc)), "")
}

// nextCode is the owner's code of the next 30-second step, which the
// server accepts (one step of drift): the current step's code may have
// been used already by journey 3, and a code is good only once.
func nextCode(t *testing.T, secret string) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if err != nil {
		t.Fatalf("TOTP code: %v", err)
	}
	return code
}
