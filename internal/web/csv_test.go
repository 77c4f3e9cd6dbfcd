package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// TestCSVPages runs the CSV scenarios through the real router with the
// real job runner working imports, on each engine.
func TestCSVPages(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *env, *fixture)
	}{
		{"Export", testCSVExport},
		{"ExportRefusedInShiftJIS", testCSVExportRefused},
		{"ImportDryRunThenCommit", testCSVImportFlow},
		{"ImportProblemsWriteNothing", testCSVImportProblems},
		{"Roles", testCSVRoles},
		{"TenantIsolation", testCSVIsolation},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newCSVEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, e, e.fixture(t, 300+i)) })
		}
	})
}

// newCSVEnv is newEnv with the services the CSV pages use, as app.Open
// wires them, and a running job queue.
func newCSVEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(e.log, nil))
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	srv, err := web.New(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs,
		Fields: &customfields.Service{Store: s}, CSV: &dataio.Service{Store: s}, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tuning := jobs.Tuning{FetchPollInterval: 50 * time.Millisecond, TestOnly: true}
	r, err := jobs.New(ctx, s, jobs.Deps{Tuning: tuning}, logger)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Errorf("stop jobs: %v", err)
		}
	})
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// csvGet is a raw response, for files.
func (b *browser) csvGet(path string) (*http.Response, []byte) {
	b.t.Helper()
	resp, err := b.c.Get(b.e.srv.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatalf("GET %s: %v", path, err)
	}
	return resp, body
}

// csvUpload posts the import form with a file, taking the form's CSRF token.
func (b *browser) csvUpload(base, kind, mode, encoding string, file []byte) *page {
	b.t.Helper()
	token := b.csrf(b.get(base + "/csv/import"))
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"csrf_token": token, "kind": kind, "mode": mode, "encoding": encoding} {
		if err := mw.WriteField(k, v); err != nil {
			b.t.Fatal(err)
		}
	}
	if file != nil {
		fw, err := mw.CreateFormFile("file", "取引先.csv")
		if err != nil {
			b.t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, b.e.srv.URL+base+"/csv/import", &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// csvWait follows an import's page until it stops refreshing.
func (b *browser) csvWait(path string) *page {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		p := b.get(path)
		if p.status != http.StatusOK {
			b.t.Fatalf("GET %s: %d\n%s", path, p.status, p.body)
		}
		if !strings.Contains(p.body, `http-equiv="refresh"`) {
			return p
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("import at %s still running after 20 s:\n%s\nlog:\n%s", path, p.body, b.e.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func csvFile(t *testing.T, enc csvio.Encoding, rows ...[]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csvio.NewWriter(&buf, enc)
	for i, r := range rows {
		write := w.Write
		if i == 0 {
			write = w.WriteHeader
		}
		if err := write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testCSVExport(t *testing.T, e *env, f *fixture) {
	e.addBuyer(t, f, buyers.Buyer{Code: "B002", Name: "髙橋商事", Kana: "タカハシショウジ", CreditLimit: 300000})
	b, _ := e.signedIn(t, f, identity.RoleViewer)
	base := "/" + f.tenant.Slug + "/admin"
	mustContain(t, "CSV page", b.get(base+"/csv"), ok, "CSV入出力", `action="`+base+`/csv/export/buyers"`)
	day := time.Now().In(time.FixedZone("JST", 9*3600)).Format("20060102")
	for _, tc := range []struct{ query, charset string }{{"", "utf-8"}, {"?encoding=sjis", "Shift_JIS"}} {
		resp, body := b.csvGet(base + "/csv/export/buyers" + tc.query)
		h := resp.Header
		wantDisp := `attachment; filename="buyers_` + day + `.csv"; filename*=UTF-8''` + url.PathEscape("取引先_"+day+".csv")
		if resp.StatusCode != ok || h.Get("Content-Type") != "text/csv; charset="+tc.charset ||
			h.Get("Content-Disposition") != wantDisp || h.Get("Cache-Control") != "no-store" {
			t.Errorf("download%s: %d %v", tc.query, resp.StatusCode, h)
		}
		r, err := csvio.NewReader(bytes.NewReader(body), csvio.Auto)
		if err != nil {
			t.Fatal(err)
		}
		var rows [][]string
		for rec, err := r.Read(); err == nil; rec, err = r.Read() {
			rows = append(rows, rec)
		}
		if len(rows) != 3 || rows[0][0] != "取引先コード" || rows[2][1] != "髙橋商事" || rows[2][11] != "300000" {
			t.Errorf("download%s rows: %q", tc.query, rows)
		}
	}
	resp, _ := b.csvGet(base + "/csv/export/ship_tos?encoding=utf8bom")
	if resp.StatusCode != ok {
		t.Errorf("ship-to download: %d", resp.StatusCode)
	}
	if resp, _ := b.csvGet(base + "/csv/export/orders"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown kind: %d, want 404", resp.StatusCode)
	}
	if resp, _ := b.csvGet(base + "/csv/export/buyers?encoding=ebcdic"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown encoding: %d, want 400", resp.StatusCode)
	}
}

func testCSVExportRefused(t *testing.T, e *env, f *fixture) {
	e.addBuyer(t, f, buyers.Buyer{Code: "B002", Name: "𠮷野商店", Kana: "ヨシノショウテン"})
	b, _ := e.signedIn(t, f, identity.RoleViewer)
	p := b.get("/" + f.tenant.Slug + "/admin/csv/export/buyers?encoding=sjis")
	mustContain(t, "refused download", p, http.StatusUnprocessableEntity, "ダウンロードを中止しました",
		"行2 「取引先名」: &#39;𠮷&#39; (U&#43;20BB7) は Shift_JIS で表現できません。UTF-8 を選んでください")
	if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || p.header.Get("Content-Disposition") != "" {
		t.Errorf("refused download sent %q %q", ct, p.header.Get("Content-Disposition"))
	}
}

var csvImportRE = regexp.MustCompile(`/csv/imports/(\d+)$`)

func testCSVImportFlow(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	base := "/" + f.tenant.Slug + "/admin"
	file := csvFile(t, csvio.ShiftJIS,
		[]string{"取引先コード", "取引先名", "締め日", "支払条件", "与信限度額"},
		[]string{"B001", "株式会社まるやま商店", "20日", "翌月末払い", "1,000,000"},
		[]string{"B777", "新規商会", "末日", "翌々月10日払い", "0"})
	p := b.csvUpload(base, "buyers", "dry_run", "auto", file)
	if p.status != http.StatusSeeOther || !csvImportRE.MatchString(p.location) {
		t.Fatalf("upload: %d → %q\n%s", p.status, p.location, p.body)
	}
	id := csvImportRE.FindStringSubmatch(p.location)[1]
	p = b.csvWait(p.location)
	mustContain(t, "dry run", p, ok, "まだ何も変更していません", "この内容で取り込む", "shift_jis")
	if e.buyerCount(t, f) != 1 {
		t.Fatal("the dry run wrote buyers")
	}
	p = b.post(base+"/csv/imports/"+id+"/commit", url.Values{"csrf_token": {b.csrf(p)}})
	if p.status != http.StatusSeeOther || p.location == base+"/csv/imports/"+id {
		t.Fatalf("commit: %d → %q", p.status, p.location)
	}
	p = b.csvWait(p.location)
	mustContain(t, "commit", p, ok, "すべての行を取り込みました。")
	if n := e.buyerCount(t, f); n != 2 {
		t.Errorf("%d buyers after the import, want 2", n)
	}
	got, err := e.s.BuyerByCode(context.Background(), f.tenant.ID, "B001")
	if err != nil || got.ClosingDay != 20 || got.CreditLimit != 1_000_000 {
		t.Errorf("B001 after the import: %+v %v", got, err)
	}
	mustContain(t, "list of imports", b.get(base+"/csv"), ok, "取り込み完了", "確認済み（エラーなし）")
}

func testCSVImportProblems(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	base := "/" + f.tenant.Slug + "/admin"
	rows := [][]string{{"取引先コード", "取引先名", "締め日"}}
	for i := 1; i <= 50; i++ {
		rows = append(rows, []string{fmt.Sprintf("N%03d", i), fmt.Sprintf("取引先%d", i), "末日"})
	}
	rows[20][2] = "毎月"
	p := b.csvUpload(base, "buyers", "commit", "auto", csvFile(t, csvio.UTF8BOM, rows...))
	p = b.csvWait(p.location)
	mustContain(t, "failed import", p, ok, "何も取り込んでいません",
		"<td class=\"num\">20</td><td>締め日</td><td>締め日は5日・10日・15日・20日・25日・末日のいずれかを入力してください</td>")
	if n := e.buyerCount(t, f); n != 1 {
		t.Errorf("%d buyers after a failed import, want 1 (nothing written)", n)
	}
	p = b.csvUpload(base, "buyers", "commit", "auto", []byte("取引先名\r\n丸山\r\n"))
	mustContain(t, "missing column", b.csvWait(p.location), ok, "必須の列「取引先コード」がありません")
	p = b.csvUpload(base, "buyers", "commit", "utf-8", csvFile(t, csvio.ShiftJIS, []string{"取引先コード"}, []string{"B1"}))
	mustContain(t, "wrong encoding", b.csvWait(p.location), ok, "文字化けした文字 (U&#43;FFFD) があります")
	p = b.csvUpload(base, "buyers", "commit", "auto", []byte("取引先コード,取引先名\r\nB9,\"丸山\r\n"))
	mustContain(t, "broken quotes", b.csvWait(p.location), ok, "引用符 (&#34;) が閉じられていません")
	mustContain(t, "no file", b.csvUpload(base, "buyers", "commit", "auto", nil), http.StatusUnprocessableEntity,
		"CSV ファイルを選択してください")
	mustContain(t, "no kind", b.csvUpload(base, "", "commit", "auto", []byte("a\r\n")), http.StatusUnprocessableEntity,
		"取り込むデータの種類を選択してください")
}

func testCSVRoles(t *testing.T, e *env, f *fixture) {
	base := "/" + f.tenant.Slug + "/admin"
	viewer, _ := e.signedIn(t, f, identity.RoleViewer)
	p := viewer.get(base + "/csv")
	mustContain(t, "viewer's CSV page", p, ok, "ダウンロード")
	if strings.Contains(p.body, base+"/csv/import") {
		t.Error("the viewer is offered the import")
	}
	mustContain(t, "viewer's import form", viewer.get(base+"/csv/import"), deny, "アクセス権限がありません")
	token := viewer.csrf(p)
	p = viewer.post(base+"/csv/import", url.Values{"csrf_token": {token}, "kind": {"buyers"}})
	mustContain(t, "viewer's upload", p, deny)
	shop, _ := e.signedIn(t, f, identity.RoleBuyerAdmin)
	if p := shop.get(base + "/csv/export/buyers"); p.status != away {
		t.Errorf("buyer user download: %d, want a redirect to the admin sign-in", p.status)
	}
}

func testCSVIsolation(t *testing.T, e *env, f *fixture) {
	other := e.fixture(t, 399)
	ob, _ := e.signedIn(t, other, identity.RoleStaff)
	p := ob.csvUpload("/"+other.tenant.Slug+"/admin", "buyers", "dry_run", "auto",
		csvFile(t, csvio.UTF8BOM, []string{"取引先コード", "取引先名"}, []string{"B001", "別の会社"}))
	theirs := csvImportRE.FindStringSubmatch(p.location)[1]
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	base := "/" + f.tenant.Slug + "/admin"
	mustContain(t, "another tenant's import", b.get(base+"/csv/imports/"+theirs), http.StatusNotFound)
	resp, body := b.csvGet(base + "/csv/export/buyers")
	if resp.StatusCode != ok || strings.Contains(string(body), "別の会社") {
		t.Errorf("export holds another tenant's rows: %s", body)
	}
}
