package web_test

import (
	"bytes"
	"context"
	"image/color"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/virusscan"
	"github.com/oroshi-jp/oroshi/internal/virusscan/clamdtest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// TestVirusScanUploads uploads the EICAR test file through the real router
// to a real clamd (product image and CSV import): refused with the
// signature and recorded; a clean file is accepted; with clamd stopped,
// every upload is refused.
func TestVirusScanUploads(t *testing.T) {
	clamd := clamdtest.Start(t)
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newVirusScanEnv(t, s, clamd.Client())
		f := e.fixture(t, 900)
		b, _ := e.signedIn(t, f, identity.RoleAdmin)
		p0 := e.addProduct(t, f, catalog.Product{Name: "焼き海苔", SKUs: []catalog.SKU{sku("NR-1", 900)}})
		base := "/" + f.tenant.Slug + "/admin"
		images := base + "/products/" + p0.ID.String() + "/images"
		token := b.csrf(b.get(base + "/products/" + p0.ID.String()))
		eicar := []byte(clamdtest.EICAR)
		png := adminPNG(t, 4, 4, color.RGBA{200, 0, 0, 255})
		csv := []byte("取引先コード,取引先名\nB900,株式会社テスト\n")
		infected := "ウイルスが検出されたため、ファイルを受け付けませんでした（" + clamdtest.Signature

		p := b.upload(images, token, "image", "eicar.png", eicar)
		mustContain(t, "eicar image", p, http.StatusUnprocessableEntity, infected)
		p = b.csvUpload(base, "buyers", "dry", "auto", eicar)
		mustContain(t, "eicar csv", p, http.StatusUnprocessableEntity, infected)
		if n := rejectedUploads(t, s, f); n != 2 {
			t.Fatalf("history: %d アップロード（拒否） entries, want 2", n)
		}
		if got := productImages(t, e, f, p0); got != 0 {
			t.Fatalf("%d images stored after the infected upload", got)
		}

		p = b.upload(images, token, "image", "nori.png", png)
		if got := productImages(t, e, f, p0); got != 1 || p.status >= 400 {
			t.Fatalf("clean image: status %d, %d images stored\n%s", p.status, got, p.body)
		}
		p = b.csvUpload(base, "buyers", "dry", "auto", csv)
		if strings.Contains(p.body, "ファイルを受け付けませんでした") || p.status >= 400 {
			t.Fatalf("clean CSV: status %d\n%s", p.status, p.body)
		}

		// clamd unreachable: refused (fail closed).
		down := newVirusScanEnv(t, s, virusscan.New("127.0.0.1:1", 0, 2*time.Second))
		fd := down.fixture(t, 901)
		bd, _ := down.signedIn(t, fd, identity.RoleAdmin)
		status, body := rawUpload(t, bd, "/"+fd.tenant.Slug+"/admin/csv/import", bd.csrf(bd.get("/"+fd.tenant.Slug+"/admin/csv/import")), csv)
		if status != http.StatusServiceUnavailable || !strings.Contains(body, "ウイルス検査を実行できないため、ファイルを受け付けませんでした") {
			t.Fatalf("clamd down: status %d\n%s", status, body)
		}
	})
	clamd.Stop()
}

// rawUpload posts a CSV import without the browser's checks (which treat
// any 5xx as a failure: here a 503 is the point).
func rawUpload(t *testing.T, b *browser, path, token string, data []byte) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", token)
	_ = mw.WriteField("kind", "buyers")
	fw, _ := mw.CreateFormFile("file", "a.csv")
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func productImages(t *testing.T, e *env, f *fixture, p catalog.Product) int {
	t.Helper()
	got, err := e.catalogAdmin().Product(context.Background(), f.tenant.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(got.Images)
}

func rejectedUploads(t *testing.T, s *sqlstore.Store, f *fixture) int {
	t.Helper()
	page, err := s.AuditHistory(context.Background(), f.tenant.ID, audit.Filter{Action: "アップロード（拒否）"})
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range page.Entries {
		if sig, _ := en.Detail["signature"].(string); !strings.HasPrefix(sig, clamdtest.Signature) {
			t.Errorf("entry %v lacks the signature", en)
		}
	}
	return len(page.Entries)
}

// newVirusScanEnv is the catalogue and CSV pages with uploads scanned by cl.
func newVirusScanEnv(t *testing.T, s *sqlstore.Store, cl *virusscan.Client) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(e.log, nil))
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	guard := &virusscan.Guard{Client: cl, Record: s.RecordAudit, Log: logger}
	srv, err := web.New(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs, Fields: &customfields.Service{Store: s},
		Catalog: e.catalogAdmin(), CSV: &dataio.Service{Store: s}, Logger: logger, VirusScan: guard})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.New(context.Background(), s, jobs.Deps{Tuning: jobs.Tuning{TestOnly: true}}, logger); err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}
