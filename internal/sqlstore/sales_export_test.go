package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

var jstZone = time.FixedZone("JST", 9*60*60)

// exportRows runs an order export and parses the file (UTF-8 with BOM,
// or Shift_JIS decoded back).
func exportRows(t *testing.T, run func(w *bytes.Buffer) error, enc csvio.Encoding) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := run(&buf); err != nil {
		t.Fatalf("export: %v", err)
	}
	b := buf.Bytes()
	if enc == csvio.ShiftJIS {
		var err error
		if b, err = japanese.ShiftJIS.NewDecoder().Bytes(b); err != nil {
			t.Fatal(err)
		}
	} else if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Fatal("no BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestSalesExportOrders: the orders and order lines files, both
// encodings, the filters, formula neutralising, and a buyer's own export
// that never shows another company's orders.
func TestSalesExportOrders(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx, must := context.Background(), mustOrder(t)
		w := newSalesWorld(t, s, "export")
		svc := &dataio.Service{Store: s}
		in := w.proxyOrder(w.line("STD-1", 5), w.line("RED-1", 2))
		in.PONumber, in.Note = "=HYPERLINK(1)", "午前着希望"
		mine := w.place(in)
		other := w.place(sales.PlaceInput{Tenant: w.tn, BuyerID: w.other, UserID: w.staff.ID, Proxy: true,
			ShipToID: w.otherShip, Lines: []sales.LineInput{w.line("HID-1", 1)}, IdemKey: w.key()})
		other = must(w.svc.Cancel(ctx, w.tn, other.ID, "重複", salesStaff))

		export := func(k dataio.Kind, f dataio.OrderFilter, enc csvio.Encoding) [][]string {
			return exportRows(t, func(b *bytes.Buffer) error {
				_, err := svc.ExportOrders(ctx, w.tn, k, f, enc, salesStaff, b)
				return err
			}, enc)
		}
		rows := export(dataio.KindOrders, dataio.OrderFilter{}, csvio.UTF8BOM)
		if len(rows) != 3 || strings.Join(rows[0], ",") != "注文番号,注文日時,取引先コード,取引先名,ステータス,発注番号,希望納品日,納品先,小計,消費税(10%),消費税(8%),合計,代理入力,備考" {
			t.Fatalf("orders file %q", rows)
		}
		got := rows[2] // newest first: the other company's order leads
		want := []string{mine.Number, mine.PlacedAt.In(jstZone).Format("2006/01/02 15:04:05"), "B001", "株式会社まるやま商店",
			"受付", "'=HYPERLINK(1)", "", "本店 〒123-4567 東京都中央区日本橋1-1-1", "925", "52", "32", "1009", "○", "午前着希望"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("order row\n got %q\nwant %q", got, want)
		}
		if rows[1][0] != other.Number || rows[1][4] != "キャンセル" {
			t.Errorf("other order row %q", rows[1])
		}
		sj := export(dataio.KindOrders, dataio.OrderFilter{}, csvio.ShiftJIS)
		if strings.Join(sj[2], "|") != strings.Join(want, "|") {
			t.Errorf("Shift_JIS row %q", sj[2])
		}
		cancelled := export(dataio.KindOrders, dataio.OrderFilter{Status: sales.StatusCancelled}, csvio.UTF8BOM)
		if len(cancelled) != 2 || cancelled[1][0] != other.Number {
			t.Errorf("status filter: %q", cancelled)
		}
		today := pricing.DateOf(mine.PlacedAt)
		if n := len(export(dataio.KindOrders, dataio.OrderFilter{From: today.AddDays(1)}, csvio.UTF8BOM)); n != 1 {
			t.Errorf("from tomorrow: %d rows, want the header only", n)
		}
		if n := len(export(dataio.KindOrders, dataio.OrderFilter{From: today, To: today}, csvio.UTF8BOM)); n != 3 {
			t.Errorf("today: %d rows, want 3", n)
		}
		lines := export(dataio.KindOrderLines, dataio.OrderFilter{}, csvio.UTF8BOM)
		if len(lines) != 4 || lines[3][0] != mine.Number || lines[3][6] != "2" || lines[3][7] != "RED-1" ||
			lines[3][9] != "本枯れ鰹節" || lines[3][13] != "2" || lines[3][14] != "200" || lines[3][15] != "8%" || lines[3][16] != "400" {
			t.Errorf("lines file %q", lines)
		}

		// A buyer's own export: every status of its own orders, none of the other's.
		buyer := exportRows(t, func(b *bytes.Buffer) error {
			_, err := svc.ExportBuyerOrders(ctx, w.tn, w.other, dataio.KindOrderLines, dataio.OrderFilter{BuyerID: w.buyer},
				csvio.UTF8BOM, salesStaff, b)
			return err
		}, csvio.UTF8BOM)
		if len(buyer) != 2 || buyer[1][0] != other.Number || buyer[1][7] != "HID-1" {
			t.Errorf("buyer's own export %q (the form's buyer must be ignored)", buyer)
		}

		// Refusals: a bad filter, and text Shift_JIS cannot hold, before any byte.
		var buf bytes.Buffer
		_, err := svc.ExportOrders(ctx, w.tn, dataio.KindOrders, dataio.OrderFilter{From: today, To: today.AddDays(-1)},
			csvio.UTF8BOM, salesStaff, &buf)
		var ve *oroshi.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.Fields["to"], "終了日") || buf.Len() != 0 {
			t.Errorf("reversed dates: %v (%d bytes)", err, buf.Len())
		}
		in = w.proxyOrder(w.line("STD-1", 1))
		in.Note = "𠮷野家さん向け"
		w.place(in)
		_, err = svc.ExportOrders(ctx, w.tn, dataio.KindOrders, dataio.OrderFilter{}, csvio.ShiftJIS, salesStaff, &buf)
		var ee *dataio.EncodingError
		if !errors.As(err, &ee) || buf.Len() != 0 || !strings.Contains(ee.Error(), "備考") {
			t.Errorf("Shift_JIS with 𠮷: %v (%d bytes)", err, buf.Len())
		}
		if _, err := svc.ExportBuyerOrders(ctx, w.tn, 0, dataio.KindOrders, dataio.OrderFilter{}, csvio.UTF8BOM, salesStaff,
			&buf); !errors.Is(err, oroshi.ErrForbidden) {
			t.Errorf("buyer export without a buyer: %v", err)
		}
	})
}
