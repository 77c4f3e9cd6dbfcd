package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// adminPNG is a real PNG of w×h pixels in one colour.
func adminPNG(t *testing.T, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts a multipart form with one file (no file when name is "").
func (b *browser) upload(path, token, field, name string, data []byte) *page {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", token)
	if name != "" {
		fw, err := mw.CreateFormFile(field, name)
		if err != nil {
			b.t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, b.e.srv.URL+path, &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// getWith sends a GET with extra headers.
func (b *browser) getWith(path string, header ...string) *page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

func testAdminProductImages(t *testing.T, e *env, f *fixture) {
	p0 := e.addProduct(t, f, catalog.Product{Name: "焼き海苔", SKUs: []catalog.SKU{sku("NR-1", 900)}})
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	base := "/" + f.tenant.Slug + "/admin/products"
	path := base + "/" + p0.ID.String()
	token := b.csrf(b.get(path))

	p := b.upload(path+"/images", token, "image", "memo.txt", []byte("これは画像ではありません"))
	mustContain(t, "text file", p, http.StatusUnprocessableEntity, catalog.MsgImageFormat)
	p = b.upload(path+"/images", token, "image", "", nil)
	mustContain(t, "no file", p, http.StatusUnprocessableEntity, "画像ファイルを選んでください")
	p = b.upload(path+"/images", token, "image", "big.png", bytes.Repeat([]byte{0x89}, catalog.MaxImageBytes+10))
	mustContain(t, "too large", p, http.StatusUnprocessableEntity, catalog.MsgImageTooLarge)

	for _, c := range []color.Color{color.RGBA{200, 30, 30, 255}, color.RGBA{30, 30, 200, 255}} {
		p = b.upload(path+"/images", token, "image", "nori.png", adminPNG(t, 400, 300, c))
		mustContain(t, "upload", followFlash(t, b, p, path+"#images"), ok, "画像を登録しました。")
	}
	got := e.storedProduct(t, f, p0.ID)
	if len(got.Images) != 2 {
		t.Fatalf("%d images stored, want 2", len(got.Images))
	}
	first, second := got.Images[0], got.Images[1]
	thumb := path + "/images/" + first.ID.String() + "?size=thumb"
	mustContain(t, "detail with images", b.get(path), ok, `src="`+thumb+`"`, "メイン")
	mustContain(t, "list thumbnail", b.get(base), ok, `src="`+thumb+`"`)

	img := b.get(thumb)
	if img.status != ok || img.header.Get("Content-Type") != "image/jpeg" || !bytes.HasPrefix([]byte(img.body), []byte{0xFF, 0xD8}) {
		t.Fatalf("thumbnail: %d %q", img.status, img.header.Get("Content-Type"))
	}
	etag := img.header.Get("ETag")
	if !strings.Contains(etag, first.SHA256) || img.header.Get("Cache-Control") != "private, max-age=86400" {
		t.Errorf("thumbnail headers: ETag %q, Cache-Control %q", etag, img.header.Get("Cache-Control"))
	}
	if p := b.getWith(thumb, "If-None-Match", etag); p.status != http.StatusNotModified || p.body != "" {
		t.Errorf("revalidation: %d with %d bytes, want 304", p.status, len(p.body))
	}
	full := b.get(path + "/images/" + first.ID.String() + "?size=full")
	if full.status != ok || full.header.Get("ETag") != `"`+first.SHA256+`"` || len(full.body) <= len(img.body) {
		t.Errorf("full image: %d, ETag %q, %d bytes (thumbnail %d)", full.status, full.header.Get("ETag"), len(full.body), len(img.body))
	}
	if p := b.getWith(path+"/images/"+first.ID.String(), "If-None-Match", etag); p.status != ok {
		t.Errorf("the thumbnail's ETag matched the full image: %d", p.status)
	}

	adminImageOrderDelete(t, e, f, b, path, token, first, second)
	other := e.addProduct(t, f, catalog.Product{Name: "別の商品", SKUs: []catalog.SKU{sku("NR-2", 100)}})
	if p := b.get(base + "/" + other.ID.String() + "/images/" + first.ID.String()); p.status != http.StatusNotFound {
		t.Errorf("an image under another product's URL: %d, want 404", p.status)
	}
}

// adminImageOrderDelete moves the second image first, then deletes it.
func adminImageOrderDelete(t *testing.T, e *env, f *fixture, b *browser, path, token string, first, second catalog.Image) {
	p := b.post(path+"/images/order", url.Values{"csrf_token": {token}, "id": {second.ID.String(), first.ID.String()}})
	mustContain(t, "reorder", followFlash(t, b, p, path+"#images"), ok, "画像の並び順を変更しました。")
	if got := e.storedProduct(t, f, first.ProductID); got.Images[0].ID != second.ID {
		t.Errorf("order after moving: %v", got.Images)
	}
	p = b.post(path+"/images/order", url.Values{"csrf_token": {token}, "id": {second.ID.String()}})
	mustContain(t, "stale order", p, http.StatusConflict, "画像の並び順を保存できませんでした。")
	p = b.post(path+"/images/"+second.ID.String()+"/delete", url.Values{"csrf_token": {token}})
	mustContain(t, "delete image", followFlash(t, b, p, path+"#images"), ok, "画像を削除しました。")
	if p := b.get(path + "/images/" + second.ID.String() + "?size=thumb"); p.status != http.StatusNotFound {
		t.Errorf("deleted image: %d", p.status)
	}
	if got := e.storedProduct(t, f, first.ProductID); len(got.Images) != 1 || got.Images[0].ID != first.ID {
		t.Errorf("images after deleting: %v", got.Images)
	}
}

// testAdminImageOtherTenant: an image of one tenant is missing in another,
// even under a product URL of the other tenant.
func testAdminImageOtherTenant(t *testing.T, e *env, f *fixture) {
	theirs := e.fixture(t, 299)
	tp := e.addProduct(t, theirs, catalog.Product{Name: "他社の商品", SKUs: []catalog.SKU{sku("X-1", 100)}})
	img, err := e.catalogAdmin().AddImage(t.Context(), theirs.tenant.ID, tp.ID, bytes.NewReader(adminPNG(t, 50, 50, color.White)), system)
	if err != nil {
		t.Fatal(err)
	}
	mine := e.addProduct(t, f, catalog.Product{Name: "自社の商品", SKUs: []catalog.SKU{sku("X-1", 100)}})
	b, _ := e.signedIn(t, f, identity.RoleAdmin)
	base := "/" + f.tenant.Slug + "/admin/products/"
	for _, path := range []string{
		base + tp.ID.String() + "/images/" + img.ID.String() + "?size=thumb",
		base + mine.ID.String() + "/images/" + img.ID.String() + "?size=full",
	} {
		if p := b.get(path); p.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, p.status)
		}
	}
	token := b.csrf(b.get(base + mine.ID.String()))
	p := b.post(base+tp.ID.String()+"/images/"+img.ID.String()+"/delete", url.Values{"csrf_token": {token}})
	if p.status != http.StatusNotFound {
		t.Errorf("delete another tenant's image: %d, want 404", p.status)
	}
	if got := e.storedProduct(t, theirs, tp.ID); len(got.Images) != 1 {
		t.Errorf("the other tenant's image is gone")
	}
}
