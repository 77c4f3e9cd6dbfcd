package web

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/oroshi-jp/oroshi/internal/audit"
)

type historyListView struct {
	Form        historyForm
	Path        string
	Rows        []historyRow
	Next        string
	Actions     []string
	Users       []historyOption
	TargetTypes []historyOption
	Filtered    bool
	Shop        bool // a buyer admin's view: no export, no actor ID box
}

type historyOption struct{ Value, Label string }

type historyRow struct {
	ID, URL       string
	Seq           int64
	At            string // 2026.11.26 14:03, JST
	Realm         string // 運営者, 管理画面, 取引先, API, システム
	ActorName     string
	ActorID       string
	ActorURL      string // the history filtered to this actor
	Action        string
	TargetType    string // label
	TargetID      string
	TargetName    string // the number or code people know (O-2026-000015), when the entry names it
	TargetURL     string // the object's page, when it has one
	ClientAddr    string
	RawTargetType string
}

type historyShowView struct {
	Row            historyRow
	Back           string
	Changes        []historyChange
	Values         []historyChange // detail keys that are not before/after pairs
	Checked        bool
	Sealed, Linked bool
	Hash, PrevHash string
}

type historyChange struct {
	Field, Before, After string
}

// historyTargets names the target types people meet, in Japanese, and the
// admin page of each type that has one (the shop links a buyer's own
// orders, quotes and invoices).
var historyTargets = []struct {
	typ, label, admin, shop string
}{
	{"order", "注文", "/orders/", "/orders/"},
	{"quote", "見積", "/quotes/", "/quotes/"},
	{"invoice", "請求書", "/invoices/", "/invoices/"},
	{"buyer", "取引先", "/buyers/", ""},
	{"product", "商品", "/products/", ""},
	{"user", "ユーザー", "", ""},
	{"price_list", "価格表", "", ""},
	{"buyer_price", "個別単価", "", ""},
	{"price_group", "価格グループ", "", ""},
	{"ship_to", "納品先", "", ""},
	{"category", "カテゴリ", "", ""},
	{"payment", "入金", "", ""},
	{"billing_closing", "締め処理", "", ""},
	{"credit_note", "返還請求書", "", ""},
	{"document", "帳票", "", ""},
	{"api_key", "APIキー", "", ""},
	{"webhook_endpoint", "Webhook", "", ""},
	{"custom_field", "項目設定", "", ""},
	{"tenant", "契約者", "", ""},
	{"csv_export", "CSV出力", "", ""},
	{"csv_import", "CSV取込", "", ""},
}

func historyTargetTypes() []historyOption {
	out := make([]historyOption, len(historyTargets))
	for i, t := range historyTargets {
		out[i] = historyOption{Value: t.typ, Label: t.label}
	}
	return out
}

// historyTarget is the label of a target type and the URL of the target's
// page ("" when it has none).
func historyTarget(typ, id, base string, shop bool) (label, link string) {
	for _, t := range historyTargets {
		if t.typ != typ {
			continue
		}
		p := t.admin
		if shop {
			p = t.shop
		}
		if p != "" && id != "" {
			link = base + p + id
		}
		return t.label, link
	}
	return typ, ""
}

func historyRows(entries []audit.Entry, base, path string, shop bool) []historyRow {
	rows := make([]historyRow, len(entries))
	for i, e := range entries {
		r := historyRow{ID: e.ID.String(), URL: path + "/" + e.ID.String(), Seq: e.Seq,
			At: e.At.In(jstZone).Format("2006.01.02 15:04"), Realm: audit.RealmLabel(e.ActorRealm),
			ActorName: e.ActorName, Action: e.Action, TargetID: e.TargetID, ClientAddr: e.ClientAddr,
			RawTargetType: e.TargetType}
		if e.ActorID != 0 {
			r.ActorID = e.ActorID.String()
			r.ActorURL = path + "?actor=" + r.ActorID
		}
		r.TargetType, r.TargetURL = historyTarget(e.TargetType, e.TargetID, base, shop)
		r.TargetName = targetName(e.Detail)
		rows[i] = r
	}
	return rows
}

// historyDetail splits an entry's detail into changed fields (before →
// after) and plain values, each sorted by field name.
func historyDetail(d map[string]any) (changes, values []historyChange) {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if m, ok := d[k].(map[string]any); ok && len(m) == 2 {
			b, hasB := m["before"]
			a, hasA := m["after"]
			if hasB && hasA {
				changes = append(changes, historyChange{Field: k, Before: valueText(b), After: valueText(a)})
				continue
			}
		}
		values = append(values, historyChange{Field: k, After: valueText(d[k])})
	}
	return changes, values
}

// valueText shows a detail value: text as is, nothing as an empty mark,
// nested objects and lists as indented JSON (the page keeps its lines).
func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		if x == "" {
			return "（空）"
		}
		return x
	case json.Number:
		return x.String()
	case bool, float64:
		return fmt.Sprint(x)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// targetName is the number or code an entry's detail gives its target
// (orders, quotes, invoices carry "number"; buyers and products "code"),
// shown instead of the internal ID.
func targetName(d map[string]any) string {
	for _, k := range []string{"number", "code"} {
		if v, ok := d[k].(string); ok && v != "" {
			return v
		}
	}
	return ""
}
