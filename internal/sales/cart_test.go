package sales

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

func TestCheckLine(t *testing.T) {
	plain := catalog.SKU{MinQty: 1, OrderLot: 1}
	lot6 := catalog.SKU{MinQty: 12, OrderLot: 6}
	stocked := catalog.SKU{MinQty: 1, OrderLot: 1, TrackStock: true, Stock: 3}
	untracked := catalog.SKU{MinQty: 1, OrderLot: 1, Stock: 0}
	tests := []struct {
		name string
		sku  catalog.SKU
		qty  int64
		want []string
	}{
		{"fine", plain, 5, nil},
		{"zero", plain, 0, []string{"数量を1以上で入力してください"}},
		{"negative", plain, -3, []string{"数量を1以上で入力してください"}},
		{"too many", plain, catalog.MaxQuantity + 1, []string{"数量は1000000以下で入力してください"}},
		{"under minimum and off lot", lot6, 8, []string{"最小発注数量は12です", "発注単位（ロット）6の倍数で入力してください"}},
		{"under minimum on lot", lot6, 6, []string{"最小発注数量は12です"}},
		{"off lot", lot6, 13, []string{"発注単位（ロット）6の倍数で入力してください"}},
		{"on lot", lot6, 18, nil},
		{"short stock", stocked, 4, []string{"在庫が不足しています（残り3）"}},
		{"all stock", stocked, 3, nil},
		{"no stock", catalog.SKU{MinQty: 1, OrderLot: 1, TrackStock: true}, 1, []string{"在庫がありません"}},
		{"stock not tracked", untracked, 100, nil},
	}
	for _, tc := range tests {
		if got := CheckLine(tc.sku, tc.qty); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestParseQuickOrder(t *testing.T) {
	rows, err := parseQuickOrder("A-1 12\r\n\n　Ｂ－２　３\nC-3,4\nD-4\t10\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []quickRow{{0, "A-1", 12}, {2, "B-2", 3}, {3, "C-3", 4}, {4, "D-4", 10}}
	if !slices.Equal(rows, want) {
		t.Errorf("rows %+v, want %+v", rows, want)
	}
	_, err = parseQuickOrder("A-1 12\nB-2\nC-3 x\nD-4 0")
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 3 || ve.Fields["rows[1]"] != "2行目: 「品番 数量」の形で入力してください" ||
		ve.Fields["rows[2]"] == "" || ve.Fields["rows[3]"] == "" {
		t.Errorf("bad rows: %v", err)
	}
	if _, err := parseQuickOrder(" \n "); !errors.As(err, &ve) || ve.Fields["rows"] == "" {
		t.Errorf("empty: %v", err)
	}
}

func TestEarliestDelivery(t *testing.T) {
	at := func(y int, m time.Month, d, h int) func() time.Time {
		return func() time.Time { return time.Date(y, m, d, h, 0, 0, 0, jst) }
	}
	holidays := map[string]bool{"2026-05-04": true, "2026-05-05": true, "2026-05-06": true}
	tests := []struct {
		name string
		now  func() time.Time
		bd   func(time.Time) bool
		want string
	}{
		{"Wednesday → Thursday", at(2026, 5, 13, 10), nil, "2026-05-14"},
		{"Friday → Monday", at(2026, 5, 15, 10), nil, "2026-05-18"},
		{"Saturday → Monday", at(2026, 5, 16, 10), nil, "2026-05-18"},
		// 23:30 JST on Thursday is still Thursday; UTC would say Thursday too but 00:30 JST Friday is Friday.
		{"just after midnight JST Friday", func() time.Time { return time.Date(2026, 5, 14, 15, 30, 0, 0, time.UTC) }, nil, "2026-05-18"},
		{"Golden Week skipped with a holiday calendar", at(2026, 5, 1, 10), func(d time.Time) bool {
			return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday && !holidays[d.Format(time.DateOnly)]
		}, "2026-05-07"},
	}
	for _, tc := range tests {
		s := &Service{Now: tc.now, BusinessDay: tc.bd}
		if got := s.EarliestDelivery().String(); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestFingerprint(t *testing.T) {
	p100 := oroshi.Yen(100)
	base := PlaceInput{BuyerID: 1, ShipToID: 2, PONumber: "PO-1", Note: "n", DesiredDate: pricing.NewDate(2026, 5, 20),
		Lines: []LineInput{{SKUID: 3, Quantity: 4}}}
	same := base
	same.IdemKey, same.ClientAddr = "other key", "192.0.2.9" // not part of the content
	if fingerprint(base) != fingerprint(same) {
		t.Error("key or address changed the fingerprint")
	}
	changes := map[string]func(*PlaceInput){
		"ship-to":  func(p *PlaceInput) { p.ShipToID = 9 },
		"date":     func(p *PlaceInput) { p.DesiredDate = pricing.Date{} },
		"po":       func(p *PlaceInput) { p.PONumber = "PO-2" },
		"note":     func(p *PlaceInput) { p.Note = "m" },
		"quantity": func(p *PlaceInput) { p.Lines = []LineInput{{SKUID: 3, Quantity: 5}} },
		"sku":      func(p *PlaceInput) { p.Lines = []LineInput{{SKUID: 4, Quantity: 4}} },
		"price":    func(p *PlaceInput) { p.Lines = []LineInput{{SKUID: 3, Quantity: 4, Price: &p100}} },
		"cart":     func(p *PlaceInput) { p.FromCart, p.CartRevision, p.Lines = true, 7, nil },
	}
	for name, change := range changes {
		p := base
		change(&p)
		if fingerprint(p) == fingerprint(base) {
			t.Errorf("%s did not change the fingerprint", name)
		}
	}
}

func TestCheckShipment(t *testing.T) {
	s := &Service{Now: func() time.Time { return time.Date(2026, 5, 15, 1, 0, 0, 0, time.UTC) }}
	o := Order{Lines: []Line{{No: 1, Quantity: 10, ShippedQty: 4}, {No: 2, Quantity: 5}}}
	sh, err := s.checkShipment(o, ShipmentInput{Lines: []ShipmentLine{{LineNo: 1, Quantity: 6}, {LineNo: 2, Quantity: 0}}})
	if err != nil || len(sh.Lines) != 1 || sh.ShippedOn.String() != "2026-05-15" || shipsAll(o, sh) {
		t.Errorf("partial: %+v %v", sh, err)
	}
	sh, err = s.checkShipment(o, ShipmentInput{All: true, Carrier: " ヤマト運輸 "})
	if err != nil || len(sh.Lines) != 2 || !shipsAll(o, sh) || sh.Carrier != "ヤマト運輸" {
		t.Errorf("all: %+v %v", sh, err)
	}
	bad := []ShipmentInput{
		{Lines: []ShipmentLine{{LineNo: 1, Quantity: 7}}},                           // over the remaining 6
		{Lines: []ShipmentLine{{LineNo: 3, Quantity: 1}}},                           // no such line
		{Lines: []ShipmentLine{{LineNo: 2, Quantity: 1}, {LineNo: 2, Quantity: 1}}}, // twice
		{Lines: []ShipmentLine{{LineNo: 2, Quantity: 0}}},                           // nothing
		{},
	}
	for i, in := range bad {
		var ve *oroshi.ValidationError
		if _, err := s.checkShipment(o, in); !errors.As(err, &ve) {
			t.Errorf("bad shipment %d accepted: %v", i, err)
		}
	}
}
