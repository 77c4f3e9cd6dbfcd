package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func mustField(t *testing.T, svc *customfields.Service, tn oroshi.TenantID, e customfields.Entity, key, label string, typ customfields.Type, choices ...string) customfields.Field {
	t.Helper()
	f, err := svc.CreateField(context.Background(), customfields.Field{Tenant: tn, Entity: e, Key: key, Label: label,
		Type: typ, Choices: choices}, buyerStaff)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func fieldKeys(t *testing.T, svc *customfields.Service, tn oroshi.TenantID, e customfields.Entity) []string {
	t.Helper()
	fs, err := svc.Fields(context.Background(), tn, e)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, f := range fs {
		keys = append(keys, f.Key)
	}
	return keys
}

func TestCustomFieldDefinitions(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &customfields.Service{Store: s}
		kind := mustField(t, svc, tenantA, customfields.EntityBuyer, "kind", "得意先区分", customfields.TypeChoice, "卸", "小売")
		since := mustField(t, svc, tenantA, customfields.EntityBuyer, "since", "取引開始日", customfields.TypeDate)
		score := mustField(t, svc, tenantA, customfields.EntityBuyer, "score", "評点", customfields.TypeNumber)
		mustField(t, svc, tenantA, customfields.EntityProduct, "kind", "商品区分", customfields.TypeText)
		got, err := svc.Field(ctx, tenantA, kind.ID)
		if err != nil || !cmp.Equal(got, kind) {
			t.Errorf("Field = %+v, %v; want %+v", got, err, kind)
		}
		if keys := fieldKeys(t, svc, tenantA, customfields.EntityBuyer); fmt.Sprint(keys) != "[kind since score]" {
			t.Errorf("buyer fields %v", keys)
		}
		nEvents := len(buyerAudit(t, s, tenantA))
		refusals := []struct {
			f          customfields.Field
			field, msg string
		}{
			{customfields.Field{Key: "kind", Label: "別の区分", Type: customfields.TypeText}, "key", "この項目キーは既に使われています"},
			{customfields.Field{Key: "kind2", Label: "評点", Type: customfields.TypeText}, "label", "この項目名は既に使われています"},
			{customfields.Field{Key: "kind3", Label: "取引先名", Type: customfields.TypeText}, "label", "この項目名は標準の項目で使われています"},
			{customfields.Field{Key: "Bad", Label: "x", Type: customfields.TypeText}, "key", ""},
		}
		for _, r := range refusals {
			r.f.Tenant, r.f.Entity = tenantA, customfields.EntityBuyer
			_, err := svc.CreateField(ctx, r.f, buyerStaff)
			var ve *oroshi.ValidationError
			if !errors.As(err, &ve) || ve.Fields[r.field] == "" || (r.msg != "" && ve.Fields[r.field] != r.msg) {
				t.Errorf("create %s: %v, want %s: %q", r.f.Key, err, r.field, r.msg)
			}
		}
		upd := kind
		upd.Type = customfields.TypeText
		_, err = svc.UpdateField(ctx, upd, buyerStaff)
		wantField(t, err, "type", "項目の種類は変更できません。新しい項目を作成してください")
		upd = kind
		upd.Key = "other"
		_, err = svc.UpdateField(ctx, upd, buyerStaff)
		wantField(t, err, "key", "項目キーは変更できません")
		if _, err := svc.UpdateField(ctx, kind, buyerStaff); err != nil { // no change, no event
			t.Fatal(err)
		}
		if n := len(buyerAudit(t, s, tenantA)); n != nEvents {
			t.Errorf("refusals and no-ops wrote %d events", n-nEvents)
		}
		upd = kind
		upd.Label, upd.Choices, upd.Required = "得意先種別", []string{"卸", "小売", "直販"}, true
		got, err = svc.UpdateField(ctx, upd, buyerStaff)
		if err != nil || got.Label != "得意先種別" || len(got.Choices) != 3 || !got.Required || got.Key != "kind" {
			t.Errorf("update: %+v, %v", got, err)
		}
		if err := svc.ReorderFields(ctx, tenantA, customfields.EntityBuyer, []oroshi.ID{score.ID, kind.ID, since.ID}, buyerStaff); err != nil {
			t.Fatal(err)
		}
		if keys := fieldKeys(t, svc, tenantA, customfields.EntityBuyer); fmt.Sprint(keys) != "[score kind since]" {
			t.Errorf("after reorder %v", keys)
		}
		for _, ids := range [][]oroshi.ID{{score.ID, kind.ID}, {score.ID, kind.ID, kind.ID}, {score.ID, kind.ID, 42}} {
			err := svc.ReorderFields(ctx, tenantA, customfields.EntityBuyer, ids, buyerStaff)
			wantField(t, err, "order", "項目の並び順が正しくありません。画面を再読み込みしてください")
		}
		if err := svc.DeleteField(ctx, tenantA, since.ID, buyerStaff); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Field(ctx, tenantA, since.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("deleted field: %v", err)
		}
		var actions []string
		for _, e := range buyerAudit(t, s, tenantA)[nEvents:] {
			actions = append(actions, e.Action)
		}
		if fmt.Sprint(actions) != "[項目設定（更新） 項目設定（更新） 項目設定（削除）]" {
			t.Errorf("events %v", actions)
		}
	})
}

func TestFieldLabels(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &customfields.Service{Store: s}
		mustField(t, svc, tenantA, customfields.EntityBuyer, "area", "エリア", customfields.TypeText)
		labels, err := svc.Labels(ctx, tenantA, customfields.EntityBuyer)
		if err != nil || labels["code"] != "取引先コード" || len(labels) != 14 {
			t.Fatalf("defaults: %v, %v", labels, err)
		}
		if err := svc.SetLabels(ctx, tenantA, customfields.EntityBuyer, map[string]string{"code": "得意先コード", "name": "得意先名"}, buyerStaff); err != nil {
			t.Fatal(err)
		}
		if err := svc.SetLabels(ctx, tenantA, customfields.EntityBuyer, map[string]string{"code": "得意先コード"}, buyerStaff); err != nil {
			t.Fatal(err) // the same again: no change, no event
		}
		labels, _ = svc.Labels(ctx, tenantA, customfields.EntityBuyer)
		if labels["code"] != "得意先コード" || labels["name"] != "得意先名" || labels["kana"] != "フリガナ" {
			t.Errorf("after set: %v", labels)
		}
		if other, _ := svc.Labels(ctx, tenantB, customfields.EntityBuyer); other["code"] != "取引先コード" {
			t.Errorf("tenant B sees A's label %q", other["code"])
		}
		if p, _ := svc.Labels(ctx, tenantA, customfields.EntityProduct); p["name"] != "商品名" {
			t.Errorf("product labels changed: %v", p["name"])
		}
		err = svc.SetLabels(ctx, tenantA, customfields.EntityBuyer, map[string]string{"address": "エリア"}, buyerStaff)
		wantField(t, err, "labels.address", "「エリア」は他の項目で使われています")
		err = svc.SetLabels(ctx, tenantA, customfields.EntityBuyer, map[string]string{"phone": "得意先名"}, buyerStaff)
		wantField(t, err, "labels.phone", "「得意先名」は他の項目で使われています")
		if err := svc.SetLabels(ctx, tenantA, customfields.EntityBuyer, map[string]string{"code": "", "name": "取引先名"}, buyerStaff); err != nil {
			t.Fatal(err)
		}
		labels, _ = svc.Labels(ctx, tenantA, customfields.EntityBuyer)
		if labels["code"] != "取引先コード" || labels["name"] != "取引先名" {
			t.Errorf("after reset: %v", labels)
		}
		if n := buyerRows(t, s, tenantA, "field_labels"); n != 0 {
			t.Errorf("%d label rows after reset, want 0", n)
		}
		var events []buyerAuditRow
		for _, e := range buyerAudit(t, s, tenantA) {
			if e.Action == "項目名（更新）" {
				events = append(events, e)
			}
		}
		want := map[string]any{"code": map[string]any{"before": "取引先コード", "after": "得意先コード"},
			"name": map[string]any{"before": "取引先名", "after": "得意先名"}}
		if len(events) != 2 || !cmp.Equal(events[0].Detail, want) {
			t.Errorf("label events %+v", events)
		}
	})
}

// TestBuyerCustomValues stores every type of value through the buyer
// service, reads it back unchanged, and shows what deleting a field does.
func TestBuyerCustomValues(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		fields := &customfields.Service{Store: s}
		svc := &buyers.Service{Store: s}
		mustField(t, fields, tenantA, customfields.EntityBuyer, "note", "備考", customfields.TypeText)
		mustField(t, fields, tenantA, customfields.EntityBuyer, "amount", "年間見込", customfields.TypeNumber)
		since := mustField(t, fields, tenantA, customfields.EntityBuyer, "since", "取引開始日", customfields.TypeDate)
		mustField(t, fields, tenantA, customfields.EntityBuyer, "kind", "得意先区分", customfields.TypeChoice, "卸", "小売")
		in := map[string]any{"note": "月末は\n午前中納品", "amount": "12345678901234.123456", "since": "2026/4/1", "kind": "小売"}
		b := mustBuyer(t, svc, buyers.Buyer{Tenant: tenantA, Code: "B001", Custom: in})
		want := map[string]any{"note": "月末は\n午前中納品", "amount": "12345678901234.123456", "since": "2026-04-01", "kind": "小売"}
		got, err := s.Buyer(ctx, tenantA, b.ID)
		if err != nil || !cmp.Equal(got.Custom, want) {
			t.Errorf("custom round trip: %v, %v; want %v", got.Custom, err, want)
		}
		_, err = svc.Create(ctx, buyers.Buyer{Tenant: tenantA, Code: "B002", Name: "x", Custom: map[string]any{"kind": "直販"}}, buyerStaff)
		wantField(t, err, "custom.kind", "「得意先区分」は選択肢から選んでください")

		if err := fields.DeleteField(ctx, tenantA, since.ID, buyerStaff); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Buyer(ctx, tenantA, b.ID)
		if got.Custom["since"] != "2026-04-01" {
			t.Errorf("deleting a field removed its stored value: %v", got.Custom)
		}
		defs, _ := fields.Fields(ctx, tenantA, customfields.EntityBuyer)
		if _, ok := customfields.Visible(defs, got.Custom)["since"]; ok {
			t.Error("a deleted field's value is still visible")
		}
		edit := got
		edit.Custom = customfields.Visible(defs, got.Custom)
		edit.Custom["note"] = ""
		saved, err := svc.Update(ctx, edit, buyerStaff)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := saved.Custom["since"]; ok || saved.Custom["note"] != nil {
			t.Errorf("after saving: %v (deleted field's value and cleared note should be gone)", saved.Custom)
		}
		ev := buyerAudit(t, s, tenantA)
		detail := ev[len(ev)-1].Detail
		if _, ok := detail["custom.since"]; !ok || detail["custom.note"] == nil {
			t.Errorf("update detail %v should list custom.since and custom.note", detail)
		}
	})
}
