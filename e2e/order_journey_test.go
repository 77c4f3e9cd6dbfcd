package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/demo"
)

// Journey 8: a purchaser (佐藤, B001) orders. She searches こいくち, puts
// the 1L bottle in the cart from the search results, quick-orders 白だし by
// its 品番, checks out to the company's default ship-to with the earliest
// delivery date the form offers, places the order on the review page and
// finds it in her order history.
func buyerPlacesOrder(t *testing.T, e *env) {
	b := e.tab(t)
	b.open(shopBase + "/login")
	b.signIn(buyerEmail, demo.Password)

	// 白だし's 品番, as the buyer reads it in the listing.
	b.open(shopBase + "/search?q=" + "白だし")
	code := b.text(`.product-card table.skus td code`)
	if code == "" {
		t.Fatalf("no 品番 shown for 白だし:\n%s", b.bodyText())
	}

	b.open(shopBase + "/search?q=" + "こいくち")
	b.wantContains("本醸造こいくちしょうゆ")
	b.clickXPath(`(//li[contains(@class,"product-card")][.//h2[contains(., "本醸造こいくちしょうゆ")]]//form[contains(@class,"add-form")])[1]//button`)
	b.wantContains("カートに追加しました。")
	b.wantText(".cart-count", "1")
	b.screenshot("shop-search-added")

	b.clickXPath(`//main//a[contains(normalize-space(), "本醸造こいくちしょうゆ")]`)
	b.wantContains("カートに入れる", "カートを見る")
	b.screenshot("shop-product")

	// A mistyped quick order is refused line by line (422) and adds nothing.
	b.console.allow("/cart/quick")
	b.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="クイック注文"]`)
	evaluate[bool](b, `(() => { document.querySelector("#quick-text").value = "NO-SUCH-CODE 1\n"+`+jsString(code)+`+" たくさん"; return true })()`)
	b.clickXPath(`//form[.//textarea[@id="quick-text"]]//button[@type="submit"]`)
	b.wantContains("カートには何も追加していません", "2行目: 数量は1〜1000000の整数で入力してください")
	b.wantText(".cart-count", "1")
	b.screenshot("shop-quick-errors")
	// A full-width space and digit, as typed with a Japanese IME. (chromedp's
	// Clear, which fill uses, cannot clear an empty textarea.)
	evaluate[bool](b, `(() => { document.querySelector("#quick-text").value = `+jsString(code+"　６")+`; return true })()`)
	b.clickXPath(`//form[.//textarea[@id="quick-text"]]//button[@type="submit"]`)
	b.wantPath(shopBase + "/cart")
	b.wantContains("クイック注文の商品をカートに入れました。", "本醸造こいくちしょうゆ", code, "合計（税込）", "軽減税率")
	b.wantText(".cart-count", "2")
	b.screenshot("shop-cart")

	b.clickXPath(`//main//a[normalize-space()="ご注文手続きへ"]`)
	b.wantPath(shopBase + "/checkout")
	b.wantContains("最短お届け日", "本店")
	earliest := evaluate[string](b, `document.querySelector("input[name=desired_date]").min`)
	if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(earliest) {
		t.Fatalf("the date input has min %q", earliest)
	}
	evaluate[bool](b, `(() => { const i = document.querySelector("input[name=desired_date]"); i.value = "`+earliest+`"; return true })()`)
	b.fill("input[name=po_number]", "PO-E2E-001")
	b.screenshot("shop-checkout")
	b.clickXPath(`//main//button[normalize-space()="ご注文内容の確認へ"]`)
	b.wantPath(shopBase + "/checkout/review")
	b.wantContains("ご注文内容の確認", "PO-E2E-001", "消費税（8%）", "合計（税込）")
	b.screenshot("shop-review")

	b.clickXPath(`//main//button[normalize-space()="注文を確定する"]`)
	if !strings.HasSuffix(b.path(), "/placed") {
		t.Fatalf("placing led to %s\n%s", b.path(), b.bodyText())
	}
	b.wantContains("ご注文ありがとうございました", "受付", "このあとの流れ")
	number := b.text(".order-number")
	if !strings.HasPrefix(number, "O-") {
		t.Fatalf("order number %q", number)
	}
	b.wantText(".cart-count", "0")
	b.screenshot("shop-placed")

	b.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="注文履歴"]`)
	b.wantPath(shopBase + "/orders")
	if row := b.row(`//table[contains(@class,"orders")]`, number); row == nil || !strings.Contains(strings.Join(row, " "), "PO-E2E-001") {
		t.Errorf("order %s not in the history: %q\n%s", number, row, b.bodyText())
	}
	b.screenshot("shop-orders")
	b.clickXPath(`//table[contains(@class,"orders")]//a[normalize-space()="` + number + `"]`)
	b.wantContains(number, "本醸造こいくちしょうゆ", "PO-E2E-001", "経過")
	b.screenshot("shop-order")

	// The company's buyer admin sees the approvals list and the purchasers'
	// order limits.
	admin := e.tab(t)
	admin.open(shopBase + "/login")
	admin.signIn("yamada@maruyama.example", demo.Password)
	admin.clickXPath(`//nav[contains(@class,"main")]//a[normalize-space()="承認待ち"]`)
	admin.wantContains("承認待ちの注文")
	admin.screenshot("shop-approvals")
	admin.open(shopBase + "/company/users")
	admin.wantContains("発注上限額", "佐藤 美咲")
	admin.screenshot("shop-company-limits")
}
