package api

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// act posts to an order's action and checks the status it ends in.
func (w *orderWorld) act(t *testing.T, o Order, action, body string, status int, want string) Order {
	t.Helper()
	var out Order
	w.env.send(t, "POST", "/api/v1/orders/"+o.ID+"/"+action, w.write, body, status, &out)
	if out.Status != want || out.StatusLabel != sales.Status(want).Label() {
		t.Fatalf("%s: status %s (%s), want %s", action, out.Status, out.StatusLabel, want)
	}
	return out
}

// refused posts an action the order's status does not allow.
func (w *orderWorld) refused(t *testing.T, o Order, action, body, label string) {
	t.Helper()
	eb := w.env.fails(t, "POST", "/api/v1/orders/"+o.ID+"/"+action, w.write, body, 409, CodeInvalidTransition)
	if !strings.Contains(eb.Message, "「"+label+"」") {
		t.Errorf("%s: message %q does not name the status %s", action, eb.Message, label)
	}
}

func TestAPIOrderLifecycle(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat := newOrdersEnv(t, s, true)
		w := newOrderWorld(t, e, cat, "orders-life")
		other := newOrderWorld(t, e, cat, "orders-life-b")
		o := w.order(t, `[`+w.line("STD-1", 5)+`,`+w.line("RED-1", 4)+`]`, "")
		ship := `{"lines":[{"line_no":1,"quantity":2}],"carrier":"ヤマト運輸","tracking_number":"1234-5678-9012","shipped_on":"2026-05-13"}`
		w.refused(t, o, "shipments", ship, "受付")
		w.refused(t, o, "invoiced", "", "受付")
		o = w.act(t, o, "approve", "", 200, "approved")
		if strings.Join(o.AllowedActions, ",") != "cancel_approval,ship,cancel" {
			t.Errorf("allowed %v", o.AllowedActions)
		}
		w.refused(t, o, "approve", "", "承認")
		o = w.act(t, o, "cancel-approval", "", 200, "received")
		o = w.act(t, o, "approve", "", 200, "approved")

		// Partial shipment, refusals, then the rest.
		// Another tenant's key finds no such order, whatever the action.
		for _, action := range []string{"shipments", "approve", "cancel-approval", "invoiced", "complete", "cancel"} {
			body := map[string]string{"shipments": ship, "cancel": `{"reason":"誤発注"}`}[action]
			e.fails(t, "POST", "/api/v1/orders/"+o.ID+"/"+action, other.write, body, 404, CodeNotFound)
		}
		o = w.act(t, o, "shipments", ship, 201, "partially_shipped")
		if len(o.Shipments) != 1 || o.Shipments[0].Carrier != "ヤマト運輸" || o.Shipments[0].ShippedOn != "2026-05-13" ||
			o.Lines[0].ShippedQty != 2 || o.Lines[1].ShippedQty != 0 {
			t.Fatalf("after partial shipment %+v %+v", o.Shipments, o.Lines)
		}
		eb := e.fails(t, "POST", "/api/v1/orders/"+o.ID+"/shipments", w.write, `{"lines":[{"line_no":1,"quantity":4}]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "lines[0].quantity")
		eb = e.fails(t, "POST", "/api/v1/orders/"+o.ID+"/shipments", w.write, `{"all":true,"shipped_on":"2026/05/14"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "shipped_on")
		eb = e.fails(t, "POST", "/api/v1/orders/"+o.ID+"/shipments", w.write, `{"lines":[{"line_no":9,"quantity":1}]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "lines[0].line_no")
		w.refused(t, o, "cancel", `{"reason":"誤発注"}`, "一部出荷")
		o = w.act(t, o, "shipments", `{"all":true,"carrier":"佐川急便"}`, 201, "shipped")
		if len(o.Shipments) != 2 || o.Lines[0].ShippedQty != 5 || o.Lines[1].ShippedQty != 4 {
			t.Fatalf("after the rest %+v %+v", o.Shipments, o.Lines)
		}
		w.refused(t, o, "shipments", `{"all":true}`, "出荷済")
		w.refused(t, o, "complete", "", "出荷済")
		o = w.act(t, o, "invoiced", "", 200, "invoiced")
		o = w.act(t, o, "complete", "", 200, "completed")
		if len(o.AllowedActions) != 0 {
			t.Errorf("completed allows %v", o.AllowedActions)
		}
		w.refused(t, o, "cancel", `{"reason":"誤発注"}`, "完了")
		w.refused(t, o, "cancel-approval", "", "完了")
		types := make([]string, len(o.Events))
		for i, ev := range o.Events {
			types[i] = ev.Type
			if ev.ActorRealm != audit.RealmAPI {
				t.Errorf("event %s by %s", ev.Type, ev.ActorRealm)
			}
		}
		if got := strings.Join(types, " "); got != "order.created order.approved order.approval_cancelled order.approved "+
			"order.shipped order.shipped order.invoiced order.completed" {
			t.Errorf("timeline %s", got)
		}
		if got := w.stock(t, "RED-1"); got != 6 {
			t.Errorf("stock after shipping %d, want 6 (shipping takes no more)", got)
		}
	})
}

// Cancelling gives the reserved stock back, with a reason.
func TestAPIOrderCancel(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat := newOrdersEnv(t, s, true)
		w := newOrderWorld(t, e, cat, "orders-cancel")
		other := newOrderWorld(t, e, cat, "orders-cancel-b")
		c := w.order(t, `[`+w.line("RED-1", 4)+`]`, "")
		c = w.act(t, c, "approve", "", 200, "approved")
		eb := e.fails(t, "POST", "/api/v1/orders/"+c.ID+"/cancel", w.write, `{"reason":"  "}`, 422, CodeValidationFailed)
		wantFields(t, eb, "reason")
		e.fails(t, "POST", "/api/v1/orders/"+c.ID+"/cancel", w.write, `{}`, 422, CodeValidationFailed)
		e.fails(t, "POST", "/api/v1/orders/"+c.ID+"/cancel", other.write, `{"reason":"誤発注"}`, 404, CodeNotFound)
		if got := w.stock(t, "RED-1"); got != 6 {
			t.Fatalf("stock before cancel %d", got)
		}
		c = w.act(t, c, "cancel", `{"reason":"取引先から電話で取消"}`, 200, "cancelled")
		if c.CancelReason != "取引先から電話で取消" || w.stock(t, "RED-1") != 10 || len(c.AllowedActions) != 0 {
			t.Errorf("cancelled %q, stock %d", c.CancelReason, w.stock(t, "RED-1"))
		}
		var action, realm string
		inTenant(t, s, w.tenant.ID, func(tx *sql.Tx) error {
			return tx.QueryRow(fmt.Sprintf(`SELECT action, actor_realm FROM audit_events WHERE tenant_id = %d
				AND target_id = '%s' AND action = '%s'`, w.tenant.ID, c.ID, sales.ActionOrderCancel)).Scan(&action, &realm)
		})
		if realm != audit.RealmAPI {
			t.Errorf("cancel audited as %s by %s", action, realm)
		}
	})
}

func TestAPIOrderSettings(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat := newOrdersEnv(t, s, true)
		w := newOrderWorld(t, e, cat, "orders-settings")
		other := newOrderWorld(t, e, cat, "orders-settings-b")
		path := "/api/v1/buyers/" + w.yamada + "/order-settings"
		var bs BuyerOrderSettings
		e.send(t, "GET", path, w.read, "", 200, &bs)
		if bs.BuyerID != w.yamada || bs.AutoApprove || bs.BuyerApproval || bs.ApproverUserID != nil || bs.UpdatedAt != nil {
			t.Fatalf("defaults %+v", bs)
		}
		e.send(t, "PUT", path, w.write, `{"auto_approve":true}`, 200, &bs)
		if !bs.AutoApprove || bs.BuyerApproval || bs.UpdatedAt == nil {
			t.Fatalf("saved %+v", bs)
		}
		o := w.order(t, `[`+w.line("STD-1", 1)+`]`, "")
		if o.Status != "approved" || len(o.Events) != 2 || o.Events[1].Type != "order.approved" || o.Events[1].ActorRealm != audit.RealmSystem {
			t.Errorf("auto-approved order %s %+v", o.Status, o.Events)
		}

		eb := e.fails(t, "PUT", path, w.write, `{"approver_user_id":"abc"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "approver_user_id")
		eb = e.fails(t, "PUT", path, w.write, `{"approver_user_id":"123"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "approver_user_id")
		staff, err := s.CreateUser(context.Background(), identity.User{Tenant: w.tenant.ID, Realm: identity.RealmAdmin,
			Role: identity.RoleStaff, Email: "eigyo@orders.example", Name: "営業 花子", PasswordHash: "$argon2id$fake",
			Status: identity.StatusActive}, audit.Event{Tenant: w.tenant.ID, ActorRealm: audit.RealmSystem, Action: "テスト"})
		if err != nil {
			t.Fatal(err)
		}
		e.send(t, "PUT", path, w.write, `{"buyer_approval":true,"approver_user_id":"`+staff.ID.String()+`"}`, 200, &bs)
		if bs.AutoApprove || !bs.BuyerApproval || bs.ApproverUserID == nil || *bs.ApproverUserID != staff.ID.String() {
			t.Errorf("replaced %+v", bs)
		}
		e.send(t, "GET", path, w.read, "", 200, &bs)
		if !bs.BuyerApproval || bs.ApproverUserID == nil {
			t.Errorf("read back %+v", bs)
		}

		e.fails(t, "PUT", path, w.read, `{"auto_approve":true}`, 403, CodeForbidden)
		e.fails(t, "GET", path, other.read, "", 404, CodeNotFound)
		e.fails(t, "PUT", path, other.write, `{"auto_approve":true}`, 404, CodeNotFound)
		e.fails(t, "GET", "/api/v1/buyers/123/order-settings", w.read, "", 404, CodeNotFound)
		e.fails(t, "PUT", "/api/v1/buyers/123/order-settings", w.write, `{}`, 404, CodeNotFound)
		e.fails(t, "PUT", path, w.write, `{"auto_approve":"yes"}`, 400, CodeBadRequest)
	})
}
