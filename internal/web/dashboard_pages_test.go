package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestAdminHomeDashboard: the seller admin home through the real router
// shows today's orders in the figures, the charts, the waiting orders with
// links and the month's top lists; a cancelled order is no sale, and
// another seller's orders never show.
func TestAdminHomeDashboard(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newBuyersEnv(t, s)
		w := e.orderWorld(t, 700)
		o1 := w.place(t, false, "", "STD-1:10") // ¥1,050
		o2 := w.place(t, true, "", "RED-1:3")   // ¥600
		gone := w.place(t, false, "", "STD-1:100")
		if _, err := w.svc.Cancel(context.Background(), w.tenant.ID, gone.ID, "重複", system); err != nil {
			t.Fatal(err)
		}
		other := e.orderWorld(t, 701)
		other.place(t, false, "", "STD-1:1000")
		b, _ := e.signedIn(t, w.fixture, identity.RoleViewer)
		p := b.get(w.admin() + "/")
		mustContain(t, "home", p, ok, `<svg class="chart daily"`, `<svg class="chart monthly"`, `role="img"`,
			"1,650円", "日別売上（直近30日）：合計 1,650円", `href="`+w.orderPath(o1)+`"`, o2.Number,
			"業務用ラップ", "本枯れ鰹節", "有限会社やまびこ", "注文日（日本時間）")
		if strings.Contains(p.body, gone.Number) || strings.Contains(p.body, "106,050円") || strings.Contains(p.body, "105,000円") {
			t.Errorf("the cancelled order or another seller's order shows on the dashboard")
		}
	})
}
