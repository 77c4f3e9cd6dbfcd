package apikeys

import (
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
)

// Scopes are resource:action pairs. They cover every resource of the public
// API (SPEC §12) now, so that later endpoints only have to name them.
// A write scope also allows reading the same resource (see Key.Allows).
const (
	CatalogRead    = "catalog:read"
	CatalogWrite   = "catalog:write"
	BuyersRead     = "buyers:read"
	BuyersWrite    = "buyers:write"
	PricesRead     = "prices:read"
	PricesWrite    = "prices:write"
	OrdersRead     = "orders:read"
	OrdersWrite    = "orders:write"
	QuotesRead     = "quotes:read"
	QuotesWrite    = "quotes:write"
	DocumentsRead  = "documents:read"
	DocumentsWrite = "documents:write"
	BillingRead    = "billing:read"
	BillingWrite   = "billing:write"
	WebhooksRead   = "webhooks:read"
	WebhooksWrite  = "webhooks:write"
	AuditRead      = "audit:read"
)

// ScopeInfo is one scope with the Japanese description shown to people who
// create keys and in the OpenAPI document.
type ScopeInfo struct {
	Name        string
	Description string
}

// Vocabulary lists every scope in display order. It returns a fresh slice
// each time so that no caller can change the vocabulary of another.
func Vocabulary() []ScopeInfo {
	return []ScopeInfo{
		{CatalogRead, "商品・カテゴリの参照"},
		{CatalogWrite, "商品・カテゴリの登録・更新"},
		{BuyersRead, "取引先の参照"},
		{BuyersWrite, "取引先の登録・更新"},
		{PricesRead, "価格（個別単価・価格表）の参照"},
		{PricesWrite, "価格（個別単価・価格表）の登録・更新"},
		{OrdersRead, "注文の参照"},
		{OrdersWrite, "注文の登録・承認・出荷などの更新"},
		{QuotesRead, "見積の参照"},
		{QuotesWrite, "見積の作成・発行・更新"},
		{DocumentsRead, "帳票（見積書・注文請書・納品書・請求書）の取得"},
		{DocumentsWrite, "帳票（見積書・注文請書・納品書）の発行"},
		{BillingRead, "請求・入金の参照"},
		{BillingWrite, "締め処理・入金の登録"},
		{WebhooksRead, "Webhookの設定と配信履歴の参照"},
		{WebhooksWrite, "Webhookの登録・更新・削除"},
		{AuditRead, "操作履歴の参照"},
	}
}

// Describe returns the Japanese description of a scope, and whether the
// scope exists.
func Describe(scope string) (string, bool) {
	for _, s := range Vocabulary() {
		if s.Name == scope {
			return s.Description, true
		}
	}
	return "", false
}

// rank is the position of a scope in the vocabulary, -1 when unknown; it
// gives stored scope lists one canonical order.
func rank(scope string) int {
	return slices.IndexFunc(Vocabulary(), func(s ScopeInfo) bool { return s.Name == scope })
}

// NormalizeScopes checks scopes against the vocabulary and returns them
// deduplicated in vocabulary order. At least one scope is required: a key
// that may do nothing is almost always a mistake.
func NormalizeScopes(scopes []string) ([]string, error) {
	out, msg := normalizeScopes(scopes)
	if msg != "" {
		return nil, oroshi.Invalid("scopes", msg)
	}
	return out, nil
}

// normalizeScopes returns the canonical scopes or a Japanese message.
func normalizeScopes(scopes []string) ([]string, string) {
	seen := map[string]bool{}
	out := make([]string, 0, len(scopes))
	for _, raw := range scopes {
		s := strings.TrimSpace(raw)
		if rank(s) < 0 {
			return nil, "不明なスコープ「" + raw + "」が指定されています"
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, "スコープを1つ以上指定してください"
	}
	slices.SortFunc(out, func(a, b string) int { return rank(a) - rank(b) })
	return out, ""
}

// Allows tells whether the key may act under scope. A write scope implies
// the read scope of the same resource, since a client that creates an order
// must be able to read it back.
func (k Key) Allows(scope string) bool {
	if slices.Contains(k.Scopes, scope) {
		return true
	}
	resource, action, ok := strings.Cut(scope, ":")
	return ok && action == "read" && slices.Contains(k.Scopes, resource+":write")
}
