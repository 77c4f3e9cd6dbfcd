package sqlstore_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func gradient(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	return img
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, gradient(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, gradient(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegSize(t *testing.T, data []byte) (int, int) {
	t.Helper()
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a JPEG: %v", err)
	}
	return cfg.Width, cfg.Height
}

func TestCatalogImages(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "marukawa")
		svc := &catalog.Service{Store: s}
		p, err := svc.CreateProduct(ctx, tn, katsuobushi(), catActor)
		if err != nil {
			t.Fatal(err)
		}
		jpg, err := svc.AddImage(ctx, tn, p.ID, bytes.NewReader(testJPEG(t, 2400, 1600)), catActor)
		if err != nil {
			t.Fatal(err)
		}
		pngImg, err := svc.AddImage(ctx, tn, p.ID, bytes.NewReader(testPNG(t, 300, 600)), catActor)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			id    oroshi.ID
			thumb bool
			w, h  int
		}{
			{jpg.ID, false, 1200, 800}, {jpg.ID, true, 240, 160},
			{pngImg.ID, false, 300, 600}, {pngImg.ID, true, 120, 240},
		}
		for _, tt := range tests {
			f, err := svc.ProductImage(ctx, tn, tt.id, tt.thumb)
			if err != nil {
				t.Fatal(err)
			}
			if w, h := jpegSize(t, f.Data); w != tt.w || h != tt.h || f.Width != w || f.Height != h {
				t.Errorf("image %s thumb=%v: %d×%d (meta %d×%d), want %d×%d", tt.id, tt.thumb, w, h, f.Width, f.Height, tt.w, tt.h)
			}
		}
		rejects := []struct {
			name string
			data []byte
			want string
		}{
			{"text renamed .jpg", []byte("発注書メモ\n品番 KB-001 10袋\n"), "JPEG・PNG・WebP の画像を選んでください"},
			{"too large", append(testJPEG(t, 16, 16), make([]byte, catalog.MaxImageBytes)...), "画像は5MB以下にしてください"},
		}
		for _, tt := range rejects {
			_, err := svc.AddImage(ctx, tn, p.ID, bytes.NewReader(tt.data), catActor)
			wantFieldError(t, err, "image", tt.want)
		}
		got, _ := svc.Product(ctx, tn, p.ID)
		if len(got.Images) != 2 || got.Images[0].ID != jpg.ID || got.ImageID != jpg.ID {
			t.Fatalf("images = %+v", got.Images)
		}
		if err := svc.ReorderImages(ctx, tn, p.ID, []oroshi.ID{pngImg.ID, jpg.ID}, catActor); err != nil {
			t.Fatal(err)
		}
		err = svc.ReorderImages(ctx, tn, p.ID, []oroshi.ID{pngImg.ID, pngImg.ID}, catActor)
		wantFieldError(t, err, "images", "並び順")
		list, _ := s.Products(ctx, tn, catalog.ProductFilter{})
		if len(list.Products) != 1 || list.Products[0].ImageID != pngImg.ID {
			t.Errorf("listing's first image = %v, want %s", list.Products, pngImg.ID)
		}
		if err := svc.DeleteImage(ctx, tn, p.ID, pngImg.ID, catActor); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ProductImage(ctx, tn, pngImg.ID, true); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("deleted image: %v", err)
		}
		var actions []string
		for _, l := range auditLines(t, s, tn) {
			if strings.HasPrefix(l, "商品画像") {
				actions = append(actions, strings.Fields(l)[0])
			}
		}
		if want := []string{"商品画像（登録）", "商品画像（登録）", "商品画像（削除）"}; !slices.Equal(actions, want) {
			t.Errorf("image audit = %v, want %v", actions, want)
		}
	})
}

func TestCatalogStock(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "marukawa")
		svc := &catalog.Service{Store: s}
		p, err := svc.CreateProduct(ctx, tn, katsuobushi(), catActor)
		if err != nil {
			t.Fatal(err)
		}
		sku := p.SKUs[1] // stock 30
		steps := []struct {
			delta, want int64
			err         bool
		}{{+10, 40, false}, {-33, 7, false}, {-8, 7, true}, {-7, 0, false}, {-1, 0, true}}
		for _, st := range steps {
			got, err := svc.AdjustStock(ctx, tn, sku.ID, st.delta, "入荷", catActor)
			if st.err {
				wantFieldError(t, err, "delta", "在庫数が0未満")
				if !errors.Is(err, catalog.ErrOutOfStock) {
					t.Errorf("delta %d: %v does not wrap ErrOutOfStock", st.delta, err)
				}
				continue
			}
			if err != nil || got != st.want {
				t.Errorf("delta %d: stock %d, %v; want %d", st.delta, got, err, st.want)
			}
		}
		if _, err := svc.AdjustStock(ctx, tn, 12345, 1, "入荷", catActor); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("unknown SKU: %v", err)
		}
		// Twenty buyers race for seven units: exactly seven succeed.
		if _, err := svc.AdjustStock(ctx, tn, sku.ID, 7, "棚卸差異", catActor); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, out := 0, 0
		for range 20 {
			wg.Go(func() {
				_, err := s.AdjustStock(ctx, tn, sku.ID, -1, "出荷", catActorEvent(tn))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errors.Is(err, catalog.ErrOutOfStock):
					out++
				default:
					t.Errorf("race: %v", err)
				}
			})
		}
		wg.Wait()
		got, _ := svc.Product(ctx, tn, p.ID)
		if ok != 7 || out != 13 || got.SKUs[1].Stock != 0 {
			t.Errorf("race: %d reserved, %d refused, stock %d; want 7, 13, 0", ok, out, got.SKUs[1].Stock)
		}
		lines := auditLines(t, s, tn)
		if !strings.Contains(strings.Join(lines, "\n"), `在庫（更新） product:`+p.ID.String()) {
			t.Errorf("stock audit missing:\n%s", strings.Join(lines, "\n"))
		}
		// Each adjustment's entry has its reason with the stock before and
		// after (in whatever key order the history stores).
		for _, want := range []struct {
			reason        string
			before, after int
		}{{"入荷", 30, 40}, {"棚卸差異", 0, 7}, {"出荷", 7, 6}} {
			if !slices.ContainsFunc(lines, func(l string) bool {
				return strings.Contains(l, `"reason":"`+want.reason+`"`) &&
					strings.Contains(l, fmt.Sprintf(`"before":%d`, want.before)) && strings.Contains(l, fmt.Sprintf(`"after":%d`, want.after))
			}) {
				t.Errorf("no entry %+v:\n%s", want, strings.Join(lines, "\n"))
			}
		}
	})
}

func catActorEvent(tn oroshi.TenantID) audit.Event {
	ev := catActor.Event(catalog.ActionStockUpdate, catalog.TargetProduct, "")
	ev.Tenant = tn
	return ev
}
