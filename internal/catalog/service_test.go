package catalog

import (
	"bytes"
	"context"
	"errors"
	"image"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// fakeStore holds one product; methods the tests do not expect panic
// through the nil embedded interface.
type fakeStore struct {
	Store
	product Product
	events  []audit.Event
	updated *Product
	images  int
}

func (f *fakeStore) Product(_ context.Context, _ oroshi.TenantID, id oroshi.ID) (Product, error) {
	if id != f.product.ID {
		return Product{}, oroshi.ErrNotFound
	}
	return f.product, nil
}

func (f *fakeStore) CreateProduct(_ context.Context, p Product, ev audit.Event) (Product, error) {
	f.events = append(f.events, ev)
	p.ID = 7
	return p, nil
}

func (f *fakeStore) UpdateProduct(_ context.Context, p Product, ev audit.Event) (Product, error) {
	f.events = append(f.events, ev)
	f.updated = &p
	return p, nil
}

func (f *fakeStore) AddImage(_ context.Context, _ oroshi.TenantID, up ImageUpload, ev audit.Event) (Image, error) {
	f.events = append(f.events, ev)
	f.images++
	return up.Image, nil
}

var testActor = audit.Actor{Realm: audit.RealmAdmin, ID: 3}

func storedProduct() Product {
	p := validProduct()
	Tidy(&p)
	p.ID, p.Tenant, p.Custom = 7, 1, map[string]any{"grade": float64(1)}
	p.UpdatedAt = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	p.SKUs[0].ID, p.SKUs[0].Stock = 70, 12
	return p
}

func TestServiceCustomFields(t *testing.T) {
	hookErr := &oroshi.ValidationError{Fields: map[string]string{"custom.origin": "産地を選んでください"}}
	svc := &Service{Store: &fakeStore{}, ValidateCustom: func(context.Context, oroshi.TenantID, map[string]any) (map[string]any, error) { return nil, hookErr }}
	p := validProduct()
	p.Name = ""
	_, err := svc.CreateProduct(context.Background(), 1, p, testActor)
	checkFields(t, "merged", err, map[string]string{"name": "商品名", "custom.origin": "産地"})

	boom := errors.New("definitions unavailable")
	svc.ValidateCustom = func(context.Context, oroshi.TenantID, map[string]any) (map[string]any, error) { return nil, boom }
	if _, err := svc.CreateProduct(context.Background(), 1, validProduct(), testActor); !errors.Is(err, boom) {
		t.Errorf("hook failure: got %v", err)
	}
	// Values are stored as JSON would give them back.
	st := &fakeStore{}
	svc = &Service{Store: st}
	p = validProduct()
	p.Custom = map[string]any{"grade": 1, "tags": []string{"a"}}
	got, err := svc.CreateProduct(context.Background(), 1, p, testActor)
	if err != nil || got.Custom["grade"] != float64(1) || len(st.events) != 1 || st.events[0].Action != "商品データ（作成）" ||
		st.events[0].Tenant != 1 || st.events[0].TargetType != "product" {
		t.Errorf("create: %+v, %v, events %+v", got.Custom, err, st.events)
	}
}

func TestServiceUpdateDiff(t *testing.T) {
	st := &fakeStore{product: storedProduct()}
	svc := &Service{Store: st}
	ctx := context.Background()
	// Nothing changed (the stock typed in the form is not a change): no write.
	same := storedProduct()
	same.SKUs[0].Stock = 999
	if _, err := svc.UpdateProduct(ctx, 1, same, testActor); err != nil || st.updated != nil {
		t.Fatalf("no-op update wrote: %v, %+v", err, st.updated)
	}
	edit := storedProduct()
	edit.SKUs[0].ListPrice, edit.SKUs[0].Code, edit.SKUs[0].Stock = 3500, "KB-010", 0
	edit.SKUs = append(edit.SKUs, SKU{Code: "KB-001", ListPrice: 1}) // the old code, on a new SKU
	if _, err := svc.UpdateProduct(ctx, 1, edit, testActor); err != nil {
		t.Fatal(err)
	}
	if st.updated.SKUs[0].Stock != 12 {
		t.Errorf("stock overwritten by the form: %d", st.updated.SKUs[0].Stock)
	}
	d := st.events[0].Detail
	for _, key := range []string{"skus[KB-001].list_price", "skus[KB-001].code", "skus[KB-001（追加）].code"} {
		if _, ok := d[key]; !ok {
			t.Errorf("diff lacks %s: %v", key, d)
		}
	}
	if c := d["skus[KB-001].code"].(audit.Change); c.Before != "KB-001" || c.After != "KB-010" {
		t.Errorf("code change = %+v", c)
	}
	// A SKU ID the product does not have, and a stale form.
	bad := storedProduct()
	bad.SKUs[0].ID = 99
	_, err := svc.UpdateProduct(ctx, 1, bad, testActor)
	checkFields(t, "foreign sku", err, map[string]string{"skus[0].code": "見つかりません"})
	stale := storedProduct()
	stale.UpdatedAt = stale.UpdatedAt.Add(-time.Second)
	if _, err := svc.UpdateProduct(ctx, 1, stale, testActor); !errors.Is(err, oroshi.ErrConflict) {
		t.Errorf("stale form: %v", err)
	}
}

type refusingScanner struct{ calls int }

var errInfected = errors.New("Eicar-Signature FOUND")

func (r *refusingScanner) Scan(context.Context, []byte) error {
	r.calls++
	return errInfected
}

func TestServiceAddImage(t *testing.T) {
	st := &fakeStore{product: storedProduct()}
	scan := &refusingScanner{}
	svc := &Service{Store: st, Scanner: scan}
	ctx := context.Background()
	png := encodePNG(t, image.NewRGBA(image.Rect(0, 0, 10, 10)))
	if _, err := svc.AddImage(ctx, 1, 7, bytes.NewReader(png), testActor); !errors.Is(err, errInfected) || st.images != 0 || scan.calls != 1 {
		t.Errorf("infected upload: %v, stored %d", err, st.images)
	}
	svc.Scanner = nil
	img, err := svc.AddImage(ctx, 1, 7, bytes.NewReader(png), testActor)
	if err != nil || img.ProductID != 7 || st.images != 1 || st.events[0].Action != "商品画像（登録）" {
		t.Errorf("upload: %+v, %v, %+v", img, err, st.events)
	}
	if _, err := svc.AddImage(ctx, 1, 8, bytes.NewReader(png), testActor); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("unknown product: %v", err)
	}
	st.product.Images = make([]Image, MaxImages)
	_, err = svc.AddImage(ctx, 1, 7, strings.NewReader("x"), testActor)
	checkFields(t, "too many images", err, map[string]string{"image": "20枚まで"})
}

func TestServiceGuards(t *testing.T) {
	svc := &Service{Store: &fakeStore{}}
	ctx := context.Background()
	if _, err := svc.BuyerProducts(ctx, 1, Viewer{}, BuyerFilter{}); !errors.Is(err, oroshi.ErrForbidden) {
		t.Errorf("listing without buyer: %v", err)
	}
	_, err := svc.Products(ctx, 1, ProductFilter{Query: strings.Repeat("あ", 101)})
	checkFields(t, "long query", err, map[string]string{"q": "100文字"})
	_, err = svc.AdjustStock(ctx, 1, 5, 0, "入荷", testActor)
	checkFields(t, "zero delta", err, map[string]string{"delta": "0以外"})
	_, err = svc.AdjustStock(ctx, 1, 5, 3, " 　", testActor)
	checkFields(t, "no reason", err, map[string]string{"reason": "理由を入力"})
	_, err = svc.AdjustStock(ctx, 1, 5, 3, strings.Repeat("破", MaxStockReason+1), testActor)
	checkFields(t, "long reason", err, map[string]string{"reason": "200文字以内"})
	_, err = svc.AdjustStock(ctx, 1, 5, 3, "入荷\n破損", testActor)
	checkFields(t, "reason on two lines", err, map[string]string{"reason": "改行"})
	_, err = svc.AdjustStock(ctx, 1, 5, 0, "", testActor)
	checkFields(t, "both", err, map[string]string{"delta": "0以外", "reason": "理由を入力"})
	err = svc.SetStatus(ctx, 1, 5, "sold", testActor)
	checkFields(t, "bad status", err, map[string]string{"status": "状態"})
	err = svc.SetVisibility(ctx, 1, 5, Visibility{Mode: Restricted}, testActor)
	checkFields(t, "restricted to nobody", err, map[string]string{"visibility": "1つ以上"})
}
