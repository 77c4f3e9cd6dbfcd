package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/opsaccess"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// The read-only views of a tenant's data that an operator opens under a
// grant. They reuse the services' list and detail methods and show plain
// text cells; every view is recorded in the tenant's operation history.

type tenantDataView struct {
	Tenant  tenancy.Tenant
	Grant   opsaccess.Grant
	Kind    string
	Kinds   []dataKind
	Heads   []string
	Rows    []dataRow
	Pairs   [][2]string // detail pages: label, value
	NextURL string
}

type dataKind struct{ Key, Label string }

type dataRow struct {
	ID    string // "" when the row has no detail page
	Cells []string
}

var dataKinds = []dataKind{{"orders", "受注"}, {"buyers", "取引先"}, {"products", "商品"}, {"invoices", "請求"}}

// grantFor finds the tenant and the operator's active grant on it; without
// one it writes the 403 page that explains how to get one and ok is false.
func (s *Server) grantFor(w http.ResponseWriter, r *http.Request) (v tenantDataView, ok bool, err error) {
	t, err := s.Tenants.TenantBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return v, false, err
	}
	g, err := s.Grants.Check(r.Context(), t.ID, reqCtx(r).user.ID)
	if errors.Is(err, opsaccess.ErrNoGrant) {
		return v, false, s.render(w, r, http.StatusForbidden, "ops/grant_required",
			&Page{Title: "アクセス権が必要です", Data: grantPageView{Tenant: t}})
	}
	if err != nil {
		return v, false, err
	}
	kind := r.PathValue("kind")
	known := false
	for _, k := range dataKinds {
		known = known || k.Key == kind
	}
	if !known {
		return v, false, fmt.Errorf("data kind %q: %w", kind, oroshi.ErrNotFound)
	}
	if err := s.Grants.Viewed(r.Context(), operatorActor(r), g, r.URL.Path); err != nil {
		return v, false, err
	}
	return tenantDataView{Tenant: t, Grant: g, Kind: kind, Kinds: dataKinds}, true, nil
}

func (s *Server) opsTenantData(w http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.grantFor(w, r)
	if !ok {
		return err
	}
	next := ""
	if v.Heads, v.Rows, next, err = s.tenantList(r, v.Kind, v.Tenant.ID); err != nil {
		return err
	}
	if next != "" {
		v.NextURL = r.URL.Path + "?cursor=" + url.QueryEscape(next)
	}
	return s.render(w, r, http.StatusOK, "ops/tenant_data", &Page{Title: "契約者データ（閲覧のみ）", Data: v})
}

// tenantList reads a page of one kind of record as table cells.
func (s *Server) tenantList(r *http.Request, kind string, t oroshi.TenantID) (heads []string, rows []dataRow, next string, err error) {
	ctx, cursor := r.Context(), r.URL.Query().Get("cursor")
	switch kind {
	case "orders":
		l, err := s.Sales.Orders(ctx, t, sales.Filter{Cursor: cursor, Limit: 50})
		for _, o := range l.Orders {
			rows = append(rows, dataRow{o.ID.String(), []string{o.Number, o.BuyerName, o.Status.Label(),
				yenText(o.Totals.Total), jstText(o.PlacedAt)}})
		}
		return []string{"注文番号", "取引先", "状態", "合計（税込）", "注文日時"}, rows, l.NextCursor, err
	case "buyers":
		p, err := s.Buyers.List(ctx, t, buyers.Filter{Limit: 200})
		for _, b := range p.Buyers {
			rows = append(rows, dataRow{b.ID.String(), []string{b.Code, b.Name, b.Phone, b.Status}})
		}
		return []string{"コード", "取引先名", "電話番号", "状態"}, rows, "", err
	case "products":
		l, err := s.Catalog.Products(ctx, t, catalog.ProductFilter{Page: catalog.Page{Limit: 50, Cursor: cursor}})
		for _, p := range l.Products {
			rows = append(rows, dataRow{p.ID.String(), []string{p.Name, p.Status.Label(), fmt.Sprint(len(p.SKUs))}})
		}
		return []string{"商品名", "状態", "SKU数"}, rows, l.NextCursor, err
	default: // invoices
		is, err := s.Billing.Invoices(ctx, t, billing.Filter{Limit: 100})
		for _, i := range is {
			rows = append(rows, dataRow{i.ID.String(), []string{i.Number, i.BuyerName, i.IssueDate.String(), yenText(i.Total)}})
		}
		return []string{"請求番号", "取引先", "発行日", "今回請求額"}, rows, "", err
	}
}

func (s *Server) opsTenantRecord(w http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.grantFor(w, r)
	if !ok {
		return err
	}
	id, err := oroshi.ParseID(r.PathValue("id"))
	if err != nil {
		return fmt.Errorf("id %q: %w", r.PathValue("id"), oroshi.ErrNotFound)
	}
	if v.Pairs, v.Heads, v.Rows, err = s.tenantRecord(r, v.Kind, v.Tenant.ID, id); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "ops/tenant_data", &Page{Title: "契約者データ（閲覧のみ）", Data: v})
}

// tenantRecord reads one record as label/value pairs, and an order's lines.
func (s *Server) tenantRecord(r *http.Request, kind string, t oroshi.TenantID, id oroshi.ID) ([][2]string, []string, []dataRow, error) {
	ctx := r.Context()
	switch kind {
	case "orders":
		o, err := s.Sales.Order(ctx, t, id)
		var rows []dataRow
		for _, l := range o.Lines {
			rows = append(rows, dataRow{"", []string{l.Code, l.ProductName, fmt.Sprint(l.Quantity), yenText(l.UnitPrice), yenText(l.Amount)}})
		}
		return [][2]string{{"注文番号", o.Number}, {"取引先", o.BuyerName}, {"状態", o.Status.Label()},
				{"注文日時", jstText(o.PlacedAt)}, {"発注番号", o.PONumber}, {"合計（税込）", yenText(o.Totals.Total)}},
			[]string{"品番", "商品名", "数量", "単価", "金額"}, rows, err
	case "buyers":
		b, err := s.Buyers.Buyer(ctx, t, id)
		return [][2]string{{"コード", b.Code}, {"取引先名", b.Name}, {"住所", b.Address}, {"電話番号", b.Phone},
			{"状態", b.Status}}, nil, nil, err
	case "products":
		p, err := s.Catalog.Product(ctx, t, id)
		return [][2]string{{"商品名", p.Name}, {"状態", p.Status.Label()}, {"説明", p.Description}}, nil, nil, err
	default: // invoices
		i, err := s.Billing.Invoice(ctx, t, id)
		return [][2]string{{"請求番号", i.Number}, {"取引先", i.BuyerName}, {"発行日", i.IssueDate.String()},
			{"今回請求額", yenText(i.Total)}}, nil, nil, err
	}
}
