package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/virusscan"
	"github.com/oroshi-jp/oroshi/internal/virusscan/clamdtest"
)

// TestAPIImageVirusScan: the EICAR file as a product image through the API
// is refused (422 on "image", recorded with the signature) by a real clamd;
// a clean image is stored; with clamd unreachable the upload is 503.
func TestAPIImageVirusScan(t *testing.T) {
	clamd := clamdtest.Start(t)
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		scanned := func(cl *virusscan.Client) {
			log := slog.New(slog.NewTextHandler(ce.log, nil))
			srv := newServer(Deps{Keys: ce.keys, Tenants: s, Logger: log, Catalog: ce.cat,
				VirusScan: &virusscan.Guard{Client: cl, Record: s.RecordAudit, Log: log}})
			ce.h = srv.handler(srv.routes())
		}
		scanned(clamd.Client())
		tn := ce.tenant(t, "maruyama")
		_, key := ce.key(t, tn, apikeys.CatalogWrite)
		p := ce.seed(t, tn, simpleProduct("鰹節", "KA-1", 3200))
		images := "/api/v1/products/" + p.ID.String() + "/images"

		w := ce.call("POST", images, "Bearer "+key, "image/png", clamdtest.EICAR)
		if er := errorOf(t, w); w.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(er.Fields["image"], "ウイルスが検出されたため、ファイルを受け付けませんでした（"+clamdtest.Signature) {
			t.Fatalf("EICAR upload: %d %+v", w.Code, er)
		}
		page, err := s.AuditHistory(context.Background(), tn.ID, audit.Filter{Action: "アップロード（拒否）"})
		if err != nil || len(page.Entries) != 1 || page.Entries[0].ActorRealm != audit.RealmAPI {
			t.Fatalf("history: %+v, %v", page.Entries, err)
		}
		if w := ce.call("POST", images, "Bearer "+key, "image/png", string(testPNG(t, 40, 20))); w.Code != http.StatusCreated {
			t.Fatalf("clean upload: %d %s", w.Code, w.Body)
		}
		scanned(virusscan.New("127.0.0.1:1", 0, 2*time.Second))
		w = ce.call("POST", images, "Bearer "+key, "image/png", string(testPNG(t, 40, 20)))
		if er := errorOf(t, w); w.Code != http.StatusServiceUnavailable || !strings.Contains(er.Message, "ウイルス検査を実行できない") {
			t.Fatalf("clamd down: %d %+v", w.Code, er)
		}
	})
}
