package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// buyerStaff acts in the buyer tests as trusted code (no user row needed).
var buyerStaff = audit.Actor{Realm: audit.RealmSystem, ClientAddr: "192.0.2.10"}

type buyerAuditRow struct {
	Action, TargetType, TargetID string
	Detail                       map[string]any
}

// buyerAudit reads tenant tn's history in order, as the application sees it.
func buyerAudit(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) []buyerAuditRow {
	t.Helper()
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if s.Engine() == "postgres" {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("SELECT set_config('app.tenant_id', '%d', true)", tn)); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT action, target_type, target_id, detail
		FROM audit_events WHERE tenant_id = %d ORDER BY id`, tn))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []buyerAuditRow
	for rows.Next() {
		var r buyerAuditRow
		var detail string
		if err := rows.Scan(&r.Action, &r.TargetType, &r.TargetID, &detail); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(detail), &r.Detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// buyerRows counts tenant tn's rows of table as the application sees them.
func buyerRows(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, table string) int {
	t.Helper()
	return scopedCount(t, s, tn, fmt.Sprintf("SELECT count(*) FROM %s WHERE tenant_id = %d", table, tn))
}

// wantField fails unless err is a validation error with msg on field.
func wantField(t *testing.T, err error, field, msg string) {
	t.Helper()
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || ve.Fields[field] != msg {
		t.Errorf("err = %v, want %s: %q", err, field, msg)
	}
}

func mustGroup(t *testing.T, svc *buyers.Service, tn oroshi.TenantID, code string) buyers.PriceGroup {
	t.Helper()
	g, err := svc.CreatePriceGroup(context.Background(), buyers.PriceGroup{Tenant: tn, Code: code, Name: code + "ランク"}, buyerStaff)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func mustBuyer(t *testing.T, svc *buyers.Service, b buyers.Buyer) buyers.Buyer {
	t.Helper()
	if b.Name == "" {
		b.Name = "取引先" + b.Code
	}
	got, err := svc.Create(context.Background(), b, buyerStaff)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestBuyerCreateAndRead(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		fields := &customfields.Service{Store: s}
		if _, err := fields.CreateField(ctx, customfields.Field{Tenant: tenantA, Entity: customfields.EntityBuyer,
			Key: "kind", Label: "得意先区分", Type: customfields.TypeChoice, Choices: []string{"卸", "小売"}, Required: true}, buyerStaff); err != nil {
			t.Fatal(err)
		}
		if _, err := fields.CreateField(ctx, customfields.Field{Tenant: tenantA, Entity: customfields.EntityBuyer,
			Key: "score", Label: "評点", Type: customfields.TypeNumber}, buyerStaff); err != nil {
			t.Fatal(err)
		}
		g := mustGroup(t, svc, tenantA, "A")
		in := buyers.Buyer{Tenant: tenantA, Code: "Ｂ００１", Name: "株式会社まるやま商店", Kana: "まるやましょうてん",
			PostalCode: "1500001", Address: "東京都渋谷区神宮前１－２－３", Phone: "０３－１２３４－５６７８",
			BillingName: "経理 花子", BillingEmail: "keiri@maruyama.example", PriceGroupID: g.ID, ClosingDay: 20,
			PaymentTerms: buyers.PaymentTerms{MonthOffset: 2, Day: 10}, CreditLimit: 3_000_000,
			PaymentMethod: buyers.PaymentAccount, Custom: map[string]any{"kind": "卸", "score": "０１２.５０"}}
		b, err := svc.Create(ctx, in, buyerStaff)
		if err != nil {
			t.Fatal(err)
		}
		want := buyers.Buyer{ID: b.ID, Tenant: tenantA, Code: "B001", Name: "株式会社まるやま商店", Kana: "マルヤマショウテン",
			PostalCode: "150-0001", Address: "東京都渋谷区神宮前1-2-3", Phone: "03-1234-5678", BillingName: "経理 花子",
			BillingEmail: "keiri@maruyama.example", PriceGroupID: g.ID, ClosingDay: 20,
			PaymentTerms: buyers.PaymentTerms{MonthOffset: 2, Day: 10}, CreditLimit: 3_000_000,
			PaymentMethod: buyers.PaymentAccount, Status: buyers.StatusActive,
			Custom: map[string]any{"kind": "卸", "score": "12.5"}, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt}
		if diff := cmp.Diff(want, b); diff != "" {
			t.Errorf("created (-want +got):\n%s", diff)
		}
		for name, read := range map[string]func() (buyers.Buyer, error){
			"Buyer":       func() (buyers.Buyer, error) { return s.Buyer(ctx, tenantA, b.ID) },
			"BuyerByCode": func() (buyers.Buyer, error) { return s.BuyerByCode(ctx, tenantA, "B001") },
		} {
			got, err := read()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		}
		ev := buyerAudit(t, s, tenantA)
		last := ev[len(ev)-1]
		if last.Action != "顧客データ（作成）" || last.TargetID != b.ID.String() || last.Detail["code"] != "B001" {
			t.Errorf("last event = %+v", last)
		}
	})
}

func TestBuyerCreateRefusals(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "B001"})
		foreign := mustGroup(t, svc, tenantB, "X")
		nBuyers, nEvents := buyerRows(t, s, tenantA, "buyers"), len(buyerAudit(t, s, tenantA))

		_, err := svc.Create(ctx, buyers.Buyer{Tenant: tenantA, Code: "B001", Name: "別会社"}, buyerStaff)
		wantField(t, err, "code", "この取引先コードは既に使われています")
		_, err = svc.Create(ctx, buyers.Buyer{Tenant: tenantA, Code: "ｂ００１", Name: "別会社"}, buyerStaff)
		if err != nil { // codes are case-sensitive: b001 is another code
			t.Errorf("b001: %v", err)
		}
		_, err = svc.Create(ctx, buyers.Buyer{Tenant: tenantA, Code: "B002", Name: "x", PriceGroupID: foreign.ID}, buyerStaff)
		wantField(t, err, "price_group", "価格グループが見つかりません")
		_, err = svc.Create(ctx, buyers.Buyer{Tenant: tenantA, Code: "B003", Name: "x", Custom: map[string]any{"nope": "1"}}, buyerStaff)
		wantField(t, err, "custom.nope", "この項目は定義されていません")
		_, err = svc.Create(ctx, buyers.Buyer{Tenant: tenantA, Code: "", Name: "", ClosingDay: 3}, buyerStaff)
		var ve *oroshi.ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != 3 {
			t.Errorf("several problems reported as %v", err)
		}
		if n := buyerRows(t, s, tenantA, "buyers"); n != nBuyers+1 {
			t.Errorf("%d buyers, want %d (only b001 added)", n, nBuyers+1)
		}
		if n := len(buyerAudit(t, s, tenantA)); n != nEvents+1 {
			t.Errorf("%d events, want %d", n, nEvents+1)
		}
	})
}

func TestBuyerUpdate(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		g := mustGroup(t, svc, tenantA, "A")
		b := mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "B001", Name: "まるやま"})
		mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "B002"})
		before := len(buyerAudit(t, s, tenantA))

		same, err := svc.Update(ctx, b, buyerStaff)
		if err != nil || !same.UpdatedAt.Equal(b.UpdatedAt) || len(buyerAudit(t, s, tenantA)) != before {
			t.Errorf("no-op update wrote: %v", err)
		}
		edit := b
		edit.Name, edit.PriceGroupID, edit.ClosingDay, edit.Status = "まるやま商店", g.ID, 25, buyers.StatusSuspended
		got, err := svc.Update(ctx, edit, buyerStaff)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "まるやま商店" || got.PriceGroupID != g.ID || got.Status != buyers.StatusActive ||
			!got.CreatedAt.Equal(b.CreatedAt) {
			t.Errorf("updated = %+v (status must not change through Update)", got)
		}
		ev := buyerAudit(t, s, tenantA)
		last := ev[len(ev)-1]
		wantDetail := map[string]any{
			"name":        map[string]any{"before": "まるやま", "after": "まるやま商店"},
			"price_group": map[string]any{"before": "", "after": g.ID.String()},
			"closing_day": map[string]any{"before": "末日", "after": "25日"},
		}
		if last.Action != "顧客データ（更新）" || !cmp.Equal(last.Detail, wantDetail) {
			t.Errorf("update event = %+v, want detail %v", last, wantDetail)
		}
		_, err = svc.Update(ctx, edit, buyerStaff) // edit still carries the version read before
		if !errors.Is(err, buyers.ErrStale) || !errors.Is(err, oroshi.ErrConflict) {
			t.Errorf("update from a stale read: %v, want ErrStale", err)
		}
		if _, err := s.UpdateBuyer(ctx, edit, sys); !errors.Is(err, buyers.ErrStale) {
			t.Errorf("store update from a stale read: %v, want ErrStale", err)
		}
		if _, err := svc.CreateShipTo(ctx, shipTo(got, "本店", false), buyerStaff); err != nil {
			t.Fatal(err)
		}
		edit = got // ship-to changes do not make the buyer's form stale
		edit.Code = "B002"
		_, err = svc.Update(ctx, edit, buyerStaff)
		wantField(t, err, "code", "この取引先コードは既に使われています")
		if got, _ := s.Buyer(ctx, tenantA, b.ID); got.Code != "B001" {
			t.Errorf("conflicting update changed the code to %s", got.Code)
		}
		if _, err := svc.Update(ctx, buyers.Buyer{Tenant: tenantA, ID: 12345, Code: "B9", Name: "x"}, buyerStaff); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("update of a missing buyer: %v", err)
		}
	})
}

func TestBuyerList(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		g := mustGroup(t, svc, tenantA, "A")
		for _, b := range []buyers.Buyer{
			{Code: "B001", Name: "株式会社まるやま商店", Kana: "マルヤマショウテン", PriceGroupID: g.ID},
			{Code: "B002", Name: "海鮮居酒屋かもめ", Kana: "カイセンイザカヤカモメ"},
			{Code: "C100", Name: "ABC Foods 100%", Kana: "エービーシーフーズ", PriceGroupID: g.ID},
			{Code: "C101", Name: "グリーンキッチン", Kana: "グリーンキッチン"},
		} {
			b.Tenant = tenantA
			mustBuyer(t, svc, b)
		}
		mustBuyer(t, svc, buyers.Buyer{Tenant: tenantB, Code: "B003", Name: "他社のまるやま"})
		c101, _ := s.BuyerByCode(ctx, tenantA, "C101")
		if err := svc.Suspend(ctx, tenantA, c101.ID, buyerStaff); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			f     buyers.Filter
			codes []string
			total int
		}{
			{"all", buyers.Filter{}, []string{"B001", "B002", "C100", "C101"}, 4},
			{"code lower case", buyers.Filter{Query: "c10"}, []string{"C100", "C101"}, 2},
			{"name", buyers.Filter{Query: "まるやま"}, []string{"B001"}, 1},
			{"kana in hiragana", buyers.Filter{Query: "かもめ"}, []string{"B002"}, 1},
			{"kana half width", buyers.Filter{Query: "ｲｻﾞｶﾔ"}, []string{"B002"}, 1},
			{"full-width latin", buyers.Filter{Query: "ａｂｃ"}, []string{"C100"}, 1},
			{"percent is literal", buyers.Filter{Query: "%"}, []string{"C100"}, 1},
			{"underscore is literal", buyers.Filter{Query: "_"}, nil, 0},
			{"group", buyers.Filter{PriceGroupID: g.ID}, []string{"B001", "C100"}, 2},
			{"suspended", buyers.Filter{Status: buyers.StatusSuspended}, []string{"C101"}, 1},
			{"active with C", buyers.Filter{Status: buyers.StatusActive, Query: "C"}, []string{"C100"}, 1},
			{"page 2", buyers.Filter{Limit: 3, Offset: 3}, []string{"C101"}, 4},
			{"past the end", buyers.Filter{Limit: 3, Offset: 9}, nil, 4},
		}
		for _, tt := range tests {
			p, err := svc.List(ctx, tenantA, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var codes []string
			for _, b := range p.Buyers {
				codes = append(codes, b.Code)
			}
			if !cmp.Equal(codes, tt.codes) || p.Total != tt.total {
				t.Errorf("%s: %v (total %d), want %v (total %d)", tt.name, codes, p.Total, tt.codes, tt.total)
			}
		}
		if _, err := svc.List(ctx, tenantA, buyers.Filter{Status: "gone"}); err == nil {
			t.Error("unknown status filter accepted")
		}
	})
}

// TestBuyerStanding: the shop's narrow read of a company follows its price
// group and status, and never reads another tenant's company.
func TestBuyerStanding(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &buyers.Service{Store: s}
		g := mustGroup(t, svc, tenantA, "S")
		b := mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "ST01", Name: "立場商店", PriceGroupID: g.ID})
		none := mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "ST02", Name: "無所属商店"})
		if err := svc.Suspend(ctx, tenantA, none.ID, buyerStaff); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			t    oroshi.TenantID
			id   oroshi.ID
			want buyers.Standing
			err  error
		}{
			{"active, in a group", tenantA, b.ID, buyers.Standing{ID: b.ID, PriceGroupID: g.ID, Status: buyers.StatusActive}, nil},
			{"suspended, no group", tenantA, none.ID, buyers.Standing{ID: none.ID, Status: buyers.StatusSuspended}, nil},
			{"another tenant's", tenantB, b.ID, buyers.Standing{}, oroshi.ErrNotFound},
		}
		for _, tt := range tests {
			got, err := svc.Standing(ctx, tt.t, tt.id)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Errorf("%s: %+v, %v; want %+v, %v", tt.name, got, err, tt.want, tt.err)
			}
		}
		if got := (buyers.Standing{Status: buyers.StatusActive}); !got.Active() {
			t.Error("an active standing is not Active")
		}
	})
}
