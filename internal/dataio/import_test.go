package dataio

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

var testRec = recorder{actor: audit.Actor{Realm: audit.RealmAdmin, ID: 7}, tenant: 1, importID: 99}

func testRefs() refs {
	return refs{
		buyerLabels:   customfields.Labels(customfields.EntityBuyer, nil),
		productLabels: customfields.Labels(customfields.EntityProduct, nil),
		fields: []customfields.Field{
			{Key: "rep", Label: "担当営業", Type: customfields.TypeText, Required: true},
			{Key: "since", Label: "取引開始日", Type: customfields.TypeDate},
		},
	}
}

// planText checks a file, given as text, against snap.
func planText(t *testing.T, k Kind, data string, snap Snapshot) (Plan, string) {
	t.Helper()
	r := testRefs()
	f, err := readFile([]byte(data), csvio.Auto, columnsFor(k, r))
	if err != nil || f.fatal {
		t.Fatalf("read: %v %s", err, f.errs.Japanese())
	}
	imp := newImporter(k, testRec, f.tb, r)
	imp.parse(f, &f.errs)
	p := imp.plan(snap, &f.errs)
	f.errs.Sort()
	return p, f.errs.Japanese()
}

func storedBuyer() buyers.Buyer {
	return buyers.Normalize(buyers.Buyer{ID: 501, Tenant: 1, Code: "B1", Name: "丸山商店", Phone: "03-1234-5678",
		PriceGroupID: 10, ClosingDay: 20, CreditLimit: 1000, Status: buyers.StatusSuspended,
		Custom: map[string]any{"rep": "佐藤", "gone": "deleted field's value"}})
}

func buyersSnap() Snapshot {
	return Snapshot{Groups: []buyers.PriceGroup{{ID: 10, Code: "A"}, {ID: 11, Code: "B"}},
		Buyers: map[string]buyers.Buyer{"B1": storedBuyer()}}
}

// A column the file leaves out keeps the stored value; the history shows
// only what changed, as the buyers service records it.
func TestBuyerImportKeepsAbsentColumns(t *testing.T) {
	p, errs := planText(t, KindBuyers, "取引先コード,与信限度額\r\nB1,\"5,000\"\r\n", buyersSnap())
	if errs != "" {
		t.Fatal(errs)
	}
	want := storedBuyer()
	want.CreditLimit, want.Custom = 5000, map[string]any{"rep": "佐藤"}
	if len(p.Buyers) != 1 || !cmp.Equal(p.Buyers[0].Buyer, want) || p.Buyers[0].EndSessions {
		t.Fatalf("writes %+v, want %+v", p.Buyers, want)
	}
	ev := p.Buyers[0].Events
	wantDetail := map[string]any{"credit_limit": audit.Change{Before: int64(1000), After: int64(5000)}, "csv_import": "99"}
	if len(ev) != 1 || ev[0].Action != buyers.ActionUpdate || ev[0].TargetID != "501" || !cmp.Equal(ev[0].Detail, wantDetail) {
		t.Errorf("events %+v", ev)
	}
	if p.Counts != (Counts{Updated: 1}) {
		t.Errorf("counts %+v", p.Counts)
	}
}

func TestBuyerImportStatusAndNew(t *testing.T) {
	data := "取引先コード,取引先名,締め日,状態,担当営業,価格グループ\r\n" +
		"B1,丸山商店,,有効,佐藤,B\r\n" + // resumed; empty 締め日 is 末日
		"N1,新規,15日,,鈴木,\r\n"
	p, errs := planText(t, KindBuyers, data, buyersSnap())
	if errs != "" {
		t.Fatal(errs)
	}
	b1 := p.Buyers[0]
	if b1.Buyer.Status != buyers.StatusActive || b1.Buyer.ClosingDay != buyers.EndOfMonth || b1.Buyer.PriceGroupID != 11 {
		t.Errorf("B1 %+v", b1.Buyer)
	}
	if len(b1.Events) != 2 || b1.Events[1].Action != buyers.ActionResume {
		t.Errorf("B1 events %+v", b1.Events)
	}
	n1 := p.Buyers[1]
	if n1.Buyer.ID != 0 || n1.Buyer.Status != buyers.StatusActive || n1.Events[0].Action != buyers.ActionCreate ||
		n1.Events[0].TargetID != "" || n1.Events[0].Detail["custom.rep"] != "鈴木" {
		t.Errorf("N1 %+v", n1)
	}
	p, _ = planText(t, KindBuyers, "取引先コード,状態\r\nB1,停止\r\n", Snapshot{Buyers: map[string]buyers.Buyer{
		"B1": func() buyers.Buyer { b := storedBuyer(); b.Status = buyers.StatusActive; return b }()}})
	if len(p.Buyers) != 1 || !p.Buyers[0].EndSessions || p.Buyers[0].Events[0].Action != buyers.ActionSuspend {
		t.Errorf("suspension %+v", p.Buyers)
	}
}

func TestBuyerImportProblems(t *testing.T) {
	data := "取引先コード,取引先名,価格グループ,締め日,取引開始日\r\n" +
		"N1,新規,Z,25,2026-02-30\r\n" +
		"N1,重複,,,\r\n" +
		"N2,,,,\r\n" +
		",名無し,,,\r\n"
	_, errs := planText(t, KindBuyers, data, buyersSnap())
	want := strings.Join([]string{
		"行1 「価格グループ」: 価格グループ「Z」が見つかりません",
		"行1 「担当営業」: 「担当営業」を入力してください",
		"行1 「取引開始日」: 「取引開始日」は日付（例: 2026-04-01）で入力してください",
		"行2 「取引先コード」: 取引先コード「N1」が行1と重複しています",
		"行3 「取引先名」: 取引先名を100文字以内で入力してください",
		"行3 「担当営業」: 「担当営業」を入力してください",
		"行4 「取引先コード」: 取引先コードを入力してください",
	}, "\n")
	if errs != want {
		t.Errorf("problems:\n%s\nwant:\n%s", errs, want)
	}
}

// The messages of the pricing validators land on the row of the break
// they are about.
func TestBreakProblemsByRow(t *testing.T) {
	snap := Snapshot{
		Groups: []buyers.PriceGroup{{ID: 10, Code: "A"}},
		Lists:  []pricing.PriceList{{ID: 20, GroupID: 10, Name: "標準", Kind: pricing.KindFixed}},
		SKUs:   map[string]pricing.SKUInfo{"S1": {ID: 30, Code: "S1"}},
		Items:  map[ItemKey][]pricing.Break{{List: 20, SKU: 30}: {{MinQty: 1, Price: 100}}},
	}
	data := "価格グループ,価格表名,品番,数量下限,単価\r\nA,標準,S1,1,100\r\nA,標準,S1,10,90\r\nA,標準,S1,10,80\r\n"
	p, errs := planText(t, KindPriceItems, data, snap)
	if want := "行3 「数量下限」: 数量の下限が重複しています"; errs != want || len(p.Items) != 0 {
		t.Errorf("problems:\n%s\nwant:\n%s", errs, want)
	}
	p, errs = planText(t, KindPriceItems, "価格グループ,価格表名,品番,数量下限,単価\r\nA,標準,S1,1,100\r\n", snap)
	if errs != "" || p.Counts != (Counts{Unchanged: 1}) {
		t.Errorf("an unchanged item: %+v %s", p.Counts, errs)
	}
}

func TestShipToDefaults(t *testing.T) {
	b := buyers.Buyer{ID: 501, Code: "B1"}
	stored := []buyers.ShipTo{
		{ID: 1, BuyerID: 501, Label: "本店", PostalCode: "100-0001", Address: "東京", IsDefault: true},
		{ID: 2, BuyerID: 501, Label: "倉庫", PostalCode: "100-0002", Address: "埼玉", Position: 1},
	}
	snap := Snapshot{Buyers: map[string]buyers.Buyer{"B1": b}, ShipTos: map[oroshi.ID][]buyers.ShipTo{501: stored}}
	// Without 既定, the stored default stays; addresses not in the file stay.
	p, errs := planText(t, KindShipTos, "取引先コード,納品先名,宛名\r\nB1,倉庫,物流課\r\nB1,本店,\r\n", snap)
	if errs != "" || len(p.ShipTos) != 1 || p.ShipTos[0].ShipTo.Recipient != "物流課" || p.ShipTos[0].ShipTo.IsDefault {
		t.Errorf("%s %+v", errs, p.ShipTos)
	}
	// The default left out: the first row becomes the default; 本店 is deleted.
	p, _ = planText(t, KindShipTos, "取引先コード,納品先名\r\nB1,倉庫\r\n", snap)
	if len(p.ShipTos) != 2 || !p.ShipTos[0].ShipTo.IsDefault || p.ShipTos[1].Op != OpDelete || p.ShipTos[1].ShipTo.ID != 1 {
		t.Errorf("%+v", p.ShipTos)
	}
	if p.Counts != (Counts{Updated: 1, Deleted: 1}) {
		t.Errorf("counts %+v", p.Counts)
	}
}
