package isolationtest

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// objects maps a path parameter, named with the literal segment before it
// ("orders/{id}"), to the table whose rows it names. Every parameter of
// every route must be here (or in literals): a new route with a new
// parameter fails TestRoutesCovered until it is added, so that the attack
// suite fills it with the other tenant's (or buyer's) objects.
var objects = map[string]string{
	"orders/{id}": "orders", "approvals/{id}": "orders", "quotes/{id}": "quotes",
	"invoices/{id}": "invoices", "payments/{pid}": "payments", "credit-notes/{id}": "credit_notes",
	"documents/{id}": "documents", "shipments/{sid}": "shipments", "shipments/{shipment_id}": "shipments",
	"buyers/{id}": "buyers", "ship-tos/{sid}": "ship_tos", "ship-tos/{ship_to_id}": "ship_tos",
	"users/{uid}": "users", "users/{user_id}": "users", "users/{id}": "users",
	"products/{id}": "products", "images/{image_id}": "product_images", "skus/{id}": "skus", "skus/{sid}": "skus",
	"items/{sku}": "skus", "items/{sku_id}": "skus", "categories/{id}": "categories",
	"groups/{id}": "price_groups", "price-groups/{id}": "price_groups", "lists/{id}": "price_lists",
	"price-lists/{id}": "price_lists", "buyer-prices/{id}": "buyer_prices",
	"fields/{id}": "custom_fields", "custom-fields/{id}": "custom_fields", "imports/{id}": "csv_imports",
	"webhooks/{id}": "webhook_endpoints", "webhook-endpoints/{id}": "webhook_endpoints",
	"deliveries/{delivery}": "webhook_deliveries", "notifications/{id}": "notifications",
	"history/{id}": "audit_events", "runs/{id}": "billing_runs", "inquiries/{id}": "inquiries",
}

// literals are parameters that name no tenant object.
var literals = map[string]string{"data/{kind}": "orders", "export/{kind}": "orders"}

// opsParams fill the parameters of operator routes, which no tenant
// session may reach at all: any value will do, the tenant's slug is B's.
var opsParams = map[string]string{"{action}": "suspend", "{kind}": "orders"}

// route is one method and path pattern.
type route struct {
	method, path string
	api          bool
}

func (r route) String() string { return r.method + " " + r.path }

var paramRE = regexp.MustCompile(`([^/{}]+)/(\{[a-z_]+\})`)

// params lists the keys ("orders/{id}") of a path's parameters, in order,
// {tenant} and operator routes left out.
func (r route) params() []string {
	var keys []string
	for _, m := range paramRE.FindAllStringSubmatch(r.path, -1) {
		keys = append(keys, m[1]+"/"+m[2])
	}
	return keys
}

func (r route) ops() bool { return strings.HasPrefix(r.path, "/ops/") || r.path == "/ops" }

// objectParams counts the tenant objects a route names.
func (r route) objectParams() int {
	n := 0
	for _, k := range r.params() {
		if _, ok := objects[k]; ok {
			n++
		}
	}
	return n
}

// parseRoutes turns "METHOD /path" patterns into routes; patterns without
// a method (the API's 405 helpers, the catch-all) are left out.
func parseRoutes(t *testing.T, patterns []string, api bool) []route {
	var out []route
	for _, p := range patterns {
		method, path, ok := strings.Cut(p, " ")
		if !ok {
			continue
		}
		if method == "HEAD" {
			continue
		}
		out = append(out, route{method: method, path: strings.TrimSuffix(path, "{$}"), api: api})
	}
	if len(out) < 10 {
		t.Fatalf("only %d routes listed: did net/http change its ServeMux layout?", len(out))
	}
	return out
}

// uncovered lists the parameters of routes that the suite cannot fill.
func uncovered(routes []route) []string {
	var out []string
	for _, r := range routes {
		if r.ops() {
			continue
		}
		for _, k := range r.params() {
			if _, ok := objects[k]; !ok && literals[k] == "" {
				out = append(out, r.String()+": "+k)
			}
		}
	}
	return out
}

// filler picks real object IDs of one tenant (and, when buyer is set, of
// one buyer) for the parameters.
type filler struct {
	e      *env
	tenant int64
	buyer  int64 // 0: any row of the tenant
	cache  map[string]string
	miss   map[string]bool // tables with no row to name
}

func (e *env) filler(tenant, buyer int64) *filler {
	return &filler{e: e, tenant: tenant, buyer: buyer, cache: map[string]string{}, miss: map[string]bool{}}
}

// id returns an ID of a row of table, the buyer's own when the table has
// a buyer_id column and a buyer is set.
func (f *filler) id(table string) string {
	if v, ok := f.cache[table]; ok {
		return v
	}
	q, args := `SELECT id FROM `+table+` WHERE tenant_id = ?`, []any{f.tenant}
	if f.buyer != 0 && f.e.hasColumn(table, "buyer_id") {
		q += ` AND buyer_id = ?`
		args = append(args, f.buyer)
	}
	var id int64
	err := f.e.raw.QueryRowContext(context.Background(), f.e.bind(q+` ORDER BY id LIMIT 1`), args...).Scan(&id)
	if err != nil {
		f.miss[table] = true
		id = 999999999 // no such row: still a foreign ID, never one of the attacker's
	}
	f.cache[table] = fmt.Sprint(id)
	return f.cache[table]
}

// fill puts slug and the filler's objects into a route's path.
func (f *filler) fill(r route, slug string) string { return f.fillMixed(r, slug, f) }

// fillMixed names the first object with outer's rows and the others with
// f's: a parent the attacker owns with a child of the victim.
func (f *filler) fillMixed(r route, slug string, outer *filler) string {
	path, n := strings.ReplaceAll(r.path, "{tenant}", slug), 0
	return paramRE.ReplaceAllStringFunc(path, func(seg string) string {
		m := paramRE.FindStringSubmatch(seg)
		key := m[1] + "/" + m[2]
		switch {
		case r.ops() && m[2] == "{slug}":
			return m[1] + "/" + slug
		case r.ops() && opsParams[m[2]] != "":
			return m[1] + "/" + opsParams[m[2]]
		case r.ops():
			return m[1] + "/1"
		case literals[key] != "":
			return m[1] + "/" + literals[key]
		}
		if n++; n == 1 {
			return m[1] + "/" + outer.id(objects[key])
		}
		return m[1] + "/" + f.id(objects[key])
	})
}
