package sqlstore_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

var salesStaff = audit.Actor{Realm: audit.RealmAdmin, ID: 42, ClientAddr: "192.0.2.1"}

func TestSalesLifecycle(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "life")
		o := w.place(w.proxyOrder(w.line("STD-1", 5), w.line("RED-1", 3)))
		if o.Status != sales.StatusReceived || !o.Proxy || o.PlacedByRealm != audit.RealmAdmin || w.stock("RED-1") != 7 {
			t.Fatalf("proxy order %+v", o)
		}
		step := func(name string, fn func() (sales.Order, error), want sales.Status) sales.Order {
			t.Helper()
			got, err := fn()
			if err != nil || got.Status != want {
				t.Fatalf("%s: %v, status %s want %s", name, err, got.Status, want)
			}
			return got
		}
		step("approve", func() (sales.Order, error) { return w.svc.Approve(ctx, w.tn, o.ID, salesStaff) }, sales.StatusApproved)
		step("cancel approval", func() (sales.Order, error) { return w.svc.CancelApproval(ctx, w.tn, o.ID, salesStaff) }, sales.StatusReceived)
		step("approve again", func() (sales.Order, error) { return w.svc.Approve(ctx, w.tn, o.ID, salesStaff) }, sales.StatusApproved)
		// Shipping before it is invoiced; over-shipping is refused.
		_, err := w.svc.Ship(ctx, w.tn, o.ID, sales.ShipmentInput{Lines: []sales.ShipmentLine{{LineNo: 1, Quantity: 6}}}, salesStaff)
		wantFieldError(t, err, "lines[0].quantity", "残数（5）")
		if _, err := w.svc.MarkInvoiced(ctx, w.tn, o.ID, salesStaff); !errors.Is(err, oroshi.ErrConflict) {
			t.Errorf("invoice before shipping: %v", err)
		}
		got := step("partial shipment", func() (sales.Order, error) {
			return w.svc.Ship(ctx, w.tn, o.ID, sales.ShipmentInput{Carrier: "ヤマト運輸", TrackingNumber: "1234-5678-9012",
				Lines: []sales.ShipmentLine{{LineNo: 1, Quantity: 2}}}, salesStaff)
		}, sales.StatusPartiallyShipped)
		if got.Lines[0].ShippedQty != 2 || len(got.Shipments) != 1 || got.Shipments[0].Carrier != "ヤマト運輸" ||
			got.Shipments[0].ShippedOn.String() != "2026-05-13" {
			t.Errorf("after partial shipment: %+v %+v", got.Lines, got.Shipments)
		}
		step("second partial", func() (sales.Order, error) {
			return w.svc.Ship(ctx, w.tn, o.ID, sales.ShipmentInput{Lines: []sales.ShipmentLine{{LineNo: 2, Quantity: 3}}}, salesStaff)
		}, sales.StatusPartiallyShipped)
		if _, err := w.svc.Cancel(ctx, w.tn, o.ID, "取引先都合", salesStaff); !errors.Is(err, oroshi.ErrConflict) {
			t.Errorf("cancel of a partly shipped order: %v", err)
		}
		got = step("last shipment", func() (sales.Order, error) {
			return w.svc.Ship(ctx, w.tn, o.ID, sales.ShipmentInput{All: true}, salesStaff)
		}, sales.StatusShipped)
		if !got.FullyShipped() || len(got.Shipments) != 3 || got.Shipments[2].Lines[0] != (sales.ShipmentLine{LineNo: 1, Quantity: 3}) {
			t.Errorf("shipped: %+v", got.Shipments)
		}
		if w.stock("RED-1") != 7 {
			t.Errorf("shipping moved stock: %d", w.stock("RED-1"))
		}
		step("invoice", func() (sales.Order, error) { return w.svc.MarkInvoiced(ctx, w.tn, o.ID, salesStaff) }, sales.StatusInvoiced)
		got = step("complete", func() (sales.Order, error) { return w.svc.Complete(ctx, w.tn, o.ID, salesStaff) }, sales.StatusCompleted)
		wantActions := []string{sales.ActionOrderProxy, sales.ActionOrderApprove, sales.ActionOrderCancelApproval,
			sales.ActionOrderApprove, sales.ActionOrderShip, sales.ActionOrderShip, sales.ActionOrderShip,
			sales.ActionOrderInvoice, sales.ActionOrderComplete}
		if a := w.actions(o.ID); !slices.Equal(a, wantActions) {
			t.Errorf("audit\n got %v\nwant %v", a, wantActions)
		}
		var types []sales.EventType
		for _, e := range got.Events {
			types = append(types, e.Type)
		}
		wantTypes := []sales.EventType{sales.EventOrderCreated, sales.EventOrderApproved, sales.EventOrderApprovalCancelled,
			sales.EventOrderApproved, sales.EventOrderShipped, sales.EventOrderShipped, sales.EventOrderShipped,
			sales.EventOrderInvoiced, sales.EventOrderCompleted}
		if !slices.Equal(types, wantTypes) || got.Events[1].Detail["number"] != o.Number {
			t.Errorf("timeline %v", types)
		}
		e, err := w.svc.SalesEvent(ctx, w.tn, got.Events[4].ID)
		if err != nil || e.OrderID != o.ID || e.Detail["shipment"] == nil {
			t.Errorf("sales event: %+v %v", e, err)
		}
	})
}

func TestSalesCancelReleasesStock(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "cancel")
		o := w.place(w.proxyOrder(w.line("RED-1", 4), w.line("STD-1", 1), w.line("RED-1", 2)))
		if w.stock("RED-1") != 4 {
			t.Fatalf("stock after order %d", w.stock("RED-1"))
		}
		_, err := w.svc.Cancel(ctx, w.tn, o.ID, "  ", salesStaff)
		wantFieldError(t, err, "reason", "キャンセル理由")
		if _, err := w.svc.Approve(ctx, w.tn, o.ID, salesStaff); err != nil {
			t.Fatal(err)
		}
		got, err := w.svc.Cancel(ctx, w.tn, o.ID, "電話にて取消の連絡あり", salesStaff)
		if err != nil || got.Status != sales.StatusCancelled || got.CancelReason != "電話にて取消の連絡あり" {
			t.Fatalf("cancel: %+v %v", got, err)
		}
		if w.stock("RED-1") != 10 {
			t.Errorf("stock after cancel %d, want 10", w.stock("RED-1"))
		}
		if _, err := w.svc.Cancel(ctx, w.tn, o.ID, "二度目", salesStaff); !errors.Is(err, oroshi.ErrConflict) || w.stock("RED-1") != 10 {
			t.Errorf("second cancel: %v, stock %d", err, w.stock("RED-1"))
		}
		if a := w.actions(o.ID); !slices.Equal(a, []string{sales.ActionOrderProxy, sales.ActionOrderApprove, sales.ActionOrderCancel}) {
			t.Errorf("audit %v", a)
		}
	})
}

func TestSalesStaleTransition(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "stale")
		o := w.place(w.proxyOrder(w.line("STD-1", 1)))
		// Two staff read the order; the first approves, the second's change
		// is refused by the guarded UPDATE, not applied twice.
		tr := sales.Transition{OrderID: o.ID, From: o.Status, To: sales.StatusApproved, Version: o.Version}
		if err := s.ApplyTransition(ctx, w.tn, tr); err != nil {
			t.Fatal(err)
		}
		if err := s.ApplyTransition(ctx, w.tn, tr); !errors.Is(err, sales.ErrChanged) {
			t.Errorf("second apply: %v", err)
		}
		tr.OrderID = 999
		if err := s.ApplyTransition(ctx, w.tn, tr); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("missing order: %v", err)
		}
		res := w.svc.ApproveMany(ctx, w.tn, []oroshi.ID{w.place(w.proxyOrder(w.line("STD-1", 2))).ID, o.ID, 12345}, salesStaff)
		if res[0].Err != nil || res[0].Order.Status != sales.StatusApproved || !errors.Is(res[1].Err, oroshi.ErrConflict) ||
			!errors.Is(res[2].Err, oroshi.ErrNotFound) {
			t.Errorf("approve many: %+v", res)
		}
	})
}

func TestSalesBuyerApproval(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "bapp")
		if err := w.svc.SaveBuyerSettings(ctx, w.tn, sales.BuyerSettings{BuyerID: w.buyer, BuyerApproval: true,
			ApproverUserID: w.staff.ID}, salesStaff); err != nil {
			t.Fatal(err)
		}
		err := w.svc.SaveBuyerSettings(ctx, w.tn, sales.BuyerSettings{BuyerID: w.buyer, ApproverUserID: w.purchaser.ID}, salesStaff)
		wantFieldError(t, err, "approver_user_id", "承認担当者")
		if err := w.svc.SaveUserLimit(ctx, w.tn, sales.UserLimit{UserID: w.purchaser.ID, OrderLimit: 1000}, salesStaff); err != nil {
			t.Fatal(err)
		}
		order := func(u string, qty int64) sales.Order {
			usr := w.purchaser
			if u == "admin" {
				usr = w.admin
			}
			v := w.addToCart(usr, "STD-1", qty)
			return w.place(w.cartOrder(usr, v.Revision))
		}
		small := order("purchaser", 9)  // ¥945 + ¥94 = ¥1,039 > ¥1,000
		within := order("purchaser", 8) // ¥840 + ¥84 = ¥924
		boss := order("admin", 20)      // buyer admins have no limit
		if small.Status != sales.StatusBuyerApproval || within.Status != sales.StatusReceived || boss.Status != sales.StatusReceived {
			t.Fatalf("statuses %s %s %s", small.Status, within.Status, boss.Status)
		}
		if small.Events[0].Type != sales.EventOrderBuyerApprovalRequested {
			t.Errorf("events %+v", small.Events)
		}
		seller, _ := w.svc.Orders(ctx, w.tn, sales.Filter{})
		mine, _ := w.svc.BuyerOrders(ctx, w.tn, w.buyer, sales.Filter{})
		if len(seller.Orders) != 2 || len(mine.Orders) != 3 {
			t.Errorf("seller sees %d, buyer %d", len(seller.Orders), len(mine.Orders))
		}
		purchaserActor := audit.Actor{Realm: audit.RealmShop, ID: w.purchaser.ID}
		if _, err := w.svc.BuyerApprove(ctx, w.tn, w.buyer, small.ID, purchaserActor); !errors.Is(err, oroshi.ErrForbidden) {
			t.Errorf("purchaser approving: %v", err)
		}
		adminActor := audit.Actor{Realm: audit.RealmShop, ID: w.admin.ID}
		if _, err := w.svc.BuyerApprove(ctx, w.tn, w.other, small.ID, adminActor); !errors.Is(err, oroshi.ErrForbidden) {
			t.Errorf("approving for another company: %v", err)
		}
		// With auto-approval on, the buyer's approval sends it straight to 承認.
		if err := w.svc.SaveBuyerSettings(ctx, w.tn, sales.BuyerSettings{BuyerID: w.buyer, BuyerApproval: true, AutoApprove: true},
			salesStaff); err != nil {
			t.Fatal(err)
		}
		got, err := w.svc.BuyerApprove(ctx, w.tn, w.buyer, small.ID, adminActor)
		if err != nil || got.Status != sales.StatusApproved {
			t.Fatalf("buyer approve: %+v %v", got.Status, err)
		}
		if a := w.actions(small.ID); !slices.Equal(a, []string{sales.ActionOrderPlace, sales.ActionOrderBuyerApprove, sales.ActionOrderAutoApprove}) {
			t.Errorf("audit %v", a)
		}
		auto := w.place(w.proxyOrder(w.line("STD-1", 1)))
		if auto.Status != sales.StatusApproved || !slices.Equal(w.actions(auto.ID), []string{sales.ActionOrderProxy, sales.ActionOrderAutoApprove}) {
			t.Errorf("auto-approved order %s %v", auto.Status, w.actions(auto.ID))
		}
		// A rejection cancels with the reason and gives stock back.
		v := w.addToCart(w.purchaser, "RED-1", 10)
		big := w.place(w.cartOrder(w.purchaser, v.Revision))
		if big.Status != sales.StatusBuyerApproval || w.stock("RED-1") != 0 {
			t.Fatalf("big order %s, stock %d", big.Status, w.stock("RED-1"))
		}
		got, err = w.svc.BuyerReject(ctx, w.tn, w.buyer, big.ID, "予算超過のため", adminActor)
		if err != nil || got.Status != sales.StatusCancelled || got.CancelReason != "予算超過のため" || w.stock("RED-1") != 10 {
			t.Errorf("reject: %s %v, stock %d", got.Status, err, w.stock("RED-1"))
		}
		settings := 0
		for _, l := range auditLines(t, s, w.tn) {
			if strings.HasPrefix(l, sales.ActionBuyerSettings+" ") {
				settings++
			}
		}
		if settings != 3 { // two saves of the company's settings, one limit
			t.Errorf("%d settings events, want 3", settings)
		}
	})
}

func TestSalesTaxRoundingSetting(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "round")
		err := w.svc.SaveSettings(ctx, w.tn, sales.Settings{TaxRounding: "banker"}, salesStaff)
		wantFieldError(t, err, "tax_rounding", "端数処理")
		if err := w.svc.SaveSettings(ctx, w.tn, sales.Settings{TaxRounding: pricing.RoundHalfUp}, salesStaff); err != nil {
			t.Fatal(err)
		}
		o := w.place(w.proxyOrder(w.line("STD-1", 3))) // ¥315 × 10 % = 31.5 → 32
		if o.Totals.Tax != 32 || o.TaxRounding != pricing.RoundHalfUp || o.Totals.Total != 347 {
			t.Errorf("half-up order: %+v", o.Totals)
		}
		found := false
		for _, l := range auditLines(t, s, w.tn) {
			found = found || strings.HasPrefix(l, sales.ActionSettings+" ")
		}
		if !found {
			t.Error("settings change not audited")
		}
	})
}
