//go:build linux

package crash

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// apiClient calls /api/v1 with an API key of the demo tenant.
type apiClient struct {
	base string
	key  string
	http *http.Client
}

// call sends one request; idemKey "" sends none. A transport error comes
// back as err (the server may be down); any answer as status and body.
func (c *apiClient) call(method, path string, in any, idemKey string) (int, []byte, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Content-Type", "application/json")
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, out, err
}

// must sends a request that has to succeed with want, decoding into out.
func (c *apiClient) must(t *testing.T, method, path string, in any, want int, out any) {
	t.Helper()
	status, body, err := c.call(method, path, in, "")
	if err != nil || status != want {
		t.Fatalf("%s %s: %d %v\n%s", method, path, status, err, body)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// fixture is what the load orders: SKUs with stock, and buyers with a
// ship-to each.
type fixture struct {
	product string
	skus    []string
	stock   map[string]int64 // initial stock by SKU ID
	buyers  [][2]string      // buyer ID, ship-to ID
}

const initialStock = 1_000_000

// seedKey runs `oroshi demo` and makes an API key for the set-up and the
// checks.
func seedKey(t *testing.T, n *node) string {
	t.Helper()
	n.cli(t, "demo")
	return newKey(t, n, "crash")
}

// newKey makes an API key of the demo tenant for everything the tests do.
func newKey(t *testing.T, n *node, name string) string {
	t.Helper()
	out := n.cli(t, "apikey", "create", "--tenant", "sakura", "--name", name,
		"--scopes", "orders:read,orders:write,catalog:read,catalog:write,buyers:read")
	return strings.TrimSpace(out)
}

// newFixture creates a published product with tracked stock and lists
// the buyers to order for.
func newFixture(t *testing.T, c *apiClient, skus int) fixture {
	t.Helper()
	type sku struct {
		ID         string `json:"id,omitempty"`
		Code       string `json:"code"`
		ListPrice  int64  `json:"list_price"`
		TrackStock bool   `json:"track_stock"`
		Stock      int64  `json:"stock"`
	}
	in := struct {
		Name string `json:"name"`
		SKUs []sku  `json:"skus"`
	}{Name: "耐障害テスト品"}
	for i := range skus {
		in.SKUs = append(in.SKUs, sku{Code: fmt.Sprintf("CRASH-%d", i+1), ListPrice: 100, TrackStock: true, Stock: initialStock})
	}
	var p struct {
		ID   string `json:"id"`
		SKUs []sku  `json:"skus"`
	}
	c.must(t, http.MethodPost, "/api/v1/products", in, http.StatusCreated, &p)
	c.must(t, http.MethodPost, "/api/v1/products/"+p.ID+"/status", map[string]string{"status": "published"}, http.StatusOK, nil)
	f := fixture{product: p.ID, stock: map[string]int64{}}
	for _, s := range p.SKUs {
		f.skus = append(f.skus, s.ID)
		f.stock[s.ID] = s.Stock
	}
	var buyers struct {
		Data []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"data"`
	}
	c.must(t, http.MethodGet, "/api/v1/buyers?status=active", nil, http.StatusOK, &buyers)
	for _, b := range buyers.Data {
		var tos struct {
			Data []struct {
				ID string `json:"id"`
			} `json:"data"`
		}
		c.must(t, http.MethodGet, "/api/v1/buyers/"+b.ID+"/ship-tos", nil, http.StatusOK, &tos)
		if len(tos.Data) > 0 {
			f.buyers = append(f.buyers, [2]string{b.ID, tos.Data[0].ID})
		}
	}
	if len(f.buyers) == 0 {
		t.Fatal("the demo has no active buyer with a ship-to")
	}
	return f
}

// stockNow reads every SKU's stock of the fixture's product.
func (f fixture) stockNow(t *testing.T, c *apiClient) map[string]int64 {
	t.Helper()
	var p struct {
		SKUs []struct {
			ID    string `json:"id"`
			Stock int64  `json:"stock"`
		} `json:"skus"`
	}
	c.must(t, http.MethodGet, "/api/v1/products/"+f.product, nil, http.StatusOK, &p)
	got := map[string]int64{}
	for _, s := range p.SKUs {
		got[s.ID] = s.Stock
	}
	return got
}

// placedOrder is an order as listed by the API, reduced to what is checked.
type placedOrder struct {
	ID       string `json:"id"`
	Number   string `json:"number"`
	PONumber string `json:"po_number"`
}

// allOrders pages through GET /api/v1/orders.
func allOrders(t *testing.T, c *apiClient) []placedOrder {
	t.Helper()
	var all []placedOrder
	cursor := ""
	for range 10_000 {
		var page struct {
			Data       []placedOrder `json:"data"`
			NextCursor *string       `json:"next_cursor"`
		}
		c.must(t, http.MethodGet, "/api/v1/orders?limit=100&cursor="+cursor, nil, http.StatusOK, &page)
		all = append(all, page.Data...)
		if page.NextCursor == nil || *page.NextCursor == "" {
			return all
		}
		cursor = *page.NextCursor
	}
	t.Fatal("orders: too many pages")
	return nil
}

// newAPIClient talks to base with a short timeout: a killed server must
// not keep a client waiting. Each client comes from its own loopback
// address (127.0.0.from) with its own key, as separate integrations would,
// so that the per-address and per-key rate limits count each one apart.
func newAPIClient(base, key string, from byte) *apiClient {
	d := &net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, from)}}
	return &apiClient{base: base, key: key, http: &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{DisableKeepAlives: true, DialContext: d.DialContext}}}
}

// workerClients gives each of n workers its own key and address.
func workerClients(t *testing.T, nd *node, base string, n int) []*apiClient {
	t.Helper()
	cs := make([]*apiClient, n)
	for i := range cs {
		cs[i] = newAPIClient(base, newKey(t, nd, fmt.Sprintf("worker %d", i+1)), byte(10+i))
	}
	return cs
}
