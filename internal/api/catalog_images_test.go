package api

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http/httptest"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// testPNG is a real w × h PNG (a gradient).
func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: uint8(x), G: uint8(y), B: 128, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// getImage fetches an image path with an optional If-None-Match.
func getImage(e *env, path, key, ifNoneMatch string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	r.Header.Set("Authorization", "Bearer "+key)
	if ifNoneMatch != "" {
		r.Header.Set("If-None-Match", ifNoneMatch)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

// decodeBody reads a JSON answer into out.
func decodeBody(t *testing.T, w *httptest.ResponseRecorder, out any) {
	t.Helper()
	if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
		t.Fatalf("%v: %s", err, w.Body)
	}
}

// jpegDims decodes a JPEG answer, failing the test unless it is one.
func jpegDims(t *testing.T, w *httptest.ResponseRecorder) (int, int) {
	t.Helper()
	if w.Code != 200 || w.Header().Get("Content-Type") != "image/jpeg" || w.Header().Get("ETag") == "" {
		t.Fatalf("image answer %d %v", w.Code, w.Header())
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatalf("not a JPEG: %v", err)
	}
	return cfg.Width, cfg.Height
}

func TestAPIProductImages(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		tn := ce.tenant(t, "maruyama")
		_, key := ce.key(t, tn, apikeys.CatalogWrite)
		p := ce.seed(t, tn, simpleProduct("鰹節", "KA-1", 3200))
		q := ce.seed(t, tn, simpleProduct("昆布", "KO-1", 800))
		images := "/api/v1/products/" + p.ID.String() + "/images"

		var img ProductImage
		w := ce.call("POST", images, "Bearer "+key, "image/png", string(testPNG(t, 1600, 800)))
		if w.Code != 201 {
			t.Fatalf("upload: %d %s", w.Code, w.Body)
		}
		decodeBody(t, w, &img)
		if img.Width != 1200 || img.Height != 600 || img.ThumbWidth != 240 || img.ThumbHeight != 120 ||
			img.ContentType != "image/jpeg" || img.ProductID != p.ID.String() || img.Position != 0 ||
			img.URL != images+"/"+img.ID+"?size=full" || img.ThumbURL != images+"/"+img.ID+"?size=thumb" {
			t.Errorf("uploaded %+v", img)
		}
		var got Product
		ce.send(t, "GET", "/api/v1/products/"+p.ID.String(), key, "", 200, &got)
		if len(got.Images) != 1 || got.Images[0] != img {
			t.Errorf("product images %+v, want %+v", got.Images, img)
		}
		var l ProductList
		ce.send(t, "GET", "/api/v1/products", key, "", 200, &l)
		if l.Data[1].ThumbnailURL == nil || *l.Data[1].ThumbnailURL != img.ThumbURL || l.Data[0].ThumbnailURL != nil {
			t.Errorf("list thumbnails %v %v", l.Data[0].ThumbnailURL, l.Data[1].ThumbnailURL)
		}

		// The bytes, with an ETag per version; a matching one is 304.
		full := getImage(ce.env, img.URL, key, "")
		if w, h := jpegDims(t, full); w != 1200 || h != 600 {
			t.Errorf("full %dx%d", w, h)
		}
		thumb := getImage(ce.env, img.ThumbURL, key, "")
		if w, h := jpegDims(t, thumb); w != 240 || h != 120 {
			t.Errorf("thumb %dx%d", w, h)
		}
		etag := full.Header().Get("ETag")
		if etag == thumb.Header().Get("ETag") || etag != `"`+img.SHA256+`"` {
			t.Errorf("etags %s %s", etag, thumb.Header().Get("ETag"))
		}
		if w := getImage(ce.env, img.URL, key, `"other", `+etag); w.Code != 304 || w.Body.Len() != 0 {
			t.Errorf("If-None-Match: %d, %d bytes", w.Code, w.Body.Len())
		}
		if w := getImage(ce.env, img.ThumbURL, key, etag); w.Code != 200 {
			t.Errorf("thumb with the full image's ETag: %d", w.Code)
		}
		ce.fails(t, "GET", images+"/"+img.ID+"?size=huge", key, "", 400, CodeBadRequest)
		// The image is p's: under q's path it does not exist.
		other := "/api/v1/products/" + q.ID.String() + "/images/" + img.ID
		ce.fails(t, "GET", other, key, "", 404, CodeNotFound)
		ce.fails(t, "DELETE", other, key, "", 404, CodeNotFound)

		ce.send(t, "DELETE", images+"/"+img.ID, key, "", 204, nil)
		ce.fails(t, "GET", img.URL, key, "", 404, CodeNotFound)
		ce.fails(t, "DELETE", images+"/"+img.ID, key, "", 404, CodeNotFound)
	})
}

func TestAPIProductImageRefusals(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		tn := ce.tenant(t, "maruyama")
		_, key := ce.key(t, tn, apikeys.CatalogWrite)
		p := ce.seed(t, tn, simpleProduct("鰹節", "KA-1", 3200))
		images := "/api/v1/products/" + p.ID.String() + "/images"
		upload := func(ct, body string, status int, code string) ErrorBody {
			t.Helper()
			w := ce.call("POST", images, "Bearer "+key, ct, body)
			if w.Code != status {
				t.Fatalf("%s upload of %d bytes: %d, want %d: %.200s", ct, len(body), w.Code, status, w.Body)
			}
			eb := errorOf(t, w)
			if eb.Code != code || !hasJapanese(eb.Message) {
				t.Errorf("%s upload: %+v", ct, eb)
			}
			return eb
		}
		eb := upload("image/png", "これは画像ではありません", 422, CodeValidationFailed)
		if eb.Fields["image"] != catalog.MsgImageFormat {
			t.Errorf("non-image: %v", eb.Fields)
		}
		upload("image/jpeg", "", 422, CodeValidationFailed)
		upload("text/plain", string(testPNG(t, 8, 8)), 415, CodeUnsupportedMediaType)
		upload("", string(testPNG(t, 8, 8)), 415, CodeUnsupportedMediaType)
		big := append(testPNG(t, 8, 8), make([]byte, catalog.MaxImageBytes)...)
		upload("image/png", string(big), 413, CodePayloadTooLarge)
		var got Product
		ce.send(t, "GET", "/api/v1/products/"+p.ID.String(), key, "", 200, &got)
		if len(got.Images) != 0 {
			t.Errorf("a refused upload was stored: %+v", got.Images)
		}
		// Exactly at the limit is not too large (and a PNG with trailing
		// bytes is still a PNG).
		atLimit := append(testPNG(t, 8, 8), make([]byte, catalog.MaxImageBytes)...)[:catalog.MaxImageBytes]
		if w := ce.call("POST", images, "Bearer "+key, "image/png", string(atLimit)); w.Code != 201 {
			t.Errorf("upload at the limit: %d %.200s", w.Code, w.Body)
		}
	})
}
