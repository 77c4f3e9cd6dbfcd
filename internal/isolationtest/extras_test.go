package isolationtest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/salesnotify"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// moreExtras gives tenant tn the objects the demo does not make: a webhook
// delivery (a test ping), a product image and a CSV import.
func (e *env) moreExtras(t *testing.T, tn oroshi.TenantID, hook webhooks.Endpoint) {
	t.Helper()
	ctx, a := context.Background(), e.a
	if _, err := a.Webhooks.Ping(ctx, tn, hook.ID, system); err != nil {
		t.Fatalf("webhook ping: %v", err)
	}
	var product oroshi.ID
	if err := e.raw.QueryRowContext(ctx, e.bind(`SELECT id FROM products WHERE tenant_id = ? ORDER BY id LIMIT 1`), tn).Scan(&product); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Catalog.AddImage(ctx, tn, product, bytes.NewReader(tinyPNG(t)), system); err != nil {
		t.Fatalf("product image: %v", err)
	}
	e.notify(t, tn)
	csv := []byte("コード,名前\nZ900,取込テスト\n")
	if _, err := a.CSV.Submit(ctx, tn, dataio.Upload{Kind: dataio.KindBuyers, Filename: "buyers.csv",
		Encoding: csvio.Auto, DryRun: true, Data: csv}, system); err != nil {
		t.Fatalf("csv import: %v", err)
	}
}

// notify makes the in-site notices of the tenant's first sales events, as
// the dispatch job would.
func (e *env) notify(t *testing.T, tn oroshi.TenantID) {
	ctx := context.Background()
	rows, err := e.raw.QueryContext(ctx, e.bind(`SELECT id FROM sales_events WHERE tenant_id = ? ORDER BY id LIMIT 5`), tn)
	if err != nil {
		t.Fatal(err)
	}
	var ids []oroshi.ID
	for rows.Next() {
		var id oroshi.ID
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if err := (&salesnotify.Noticer{Store: e.a.Store}).Dispatch(ctx, tn, id); err != nil {
			t.Fatalf("notices of event %s: %v", id, err)
		}
	}
}

func tinyPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range 16 {
		img.Set(i, i, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
