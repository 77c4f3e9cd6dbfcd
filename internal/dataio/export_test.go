package dataio

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// fakeStore serves a few buyers and records what is written; methods a
// test does not need panic (the embedded interface is nil).
type fakeStore struct {
	Store
	buyers  []buyers.Buyer
	fields  []customfields.Field
	labels  map[string]string
	events  []audit.Event
	created []Import
}

func (f *fakeStore) EachBuyer(_ context.Context, _ oroshi.TenantID, fn func(buyers.Buyer) error) error {
	for _, b := range f.buyers {
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeStore) PriceGroups(context.Context, oroshi.TenantID) ([]buyers.PriceGroup, error) {
	return nil, nil
}

func (f *fakeStore) CustomFields(context.Context, oroshi.TenantID, customfields.Entity) ([]customfields.Field, error) {
	return f.fields, nil
}

func (f *fakeStore) FieldLabels(_ context.Context, _ oroshi.TenantID, e customfields.Entity) (map[string]string, error) {
	if e == customfields.EntityBuyer {
		return f.labels, nil
	}
	return nil, nil
}

func (f *fakeStore) RecordAudit(_ context.Context, e audit.Event) error {
	f.events = append(f.events, e)
	return nil
}

func (f *fakeStore) CreateImport(_ context.Context, im Import) (Import, error) {
	im.ID = oroshi.ID(len(f.created) + 1)
	f.created = append(f.created, im)
	return im, nil
}

var staff = audit.Actor{Realm: audit.RealmAdmin, ID: 7}

// A label CP932 cannot hold is refused like a cell, as the header row.
func TestExportRefusesHeaderAndCells(t *testing.T) {
	st := &fakeStore{
		labels: map[string]string{"name": "会社名♡"},
		buyers: []buyers.Buyer{{Code: "B1", Name: "丸山"}, {Code: "B2", Name: "🍣処"}, {Code: "B3", Name: "鮨𩸽"}},
	}
	s := &Service{Store: st}
	var out bytes.Buffer
	_, err := s.Export(context.Background(), 1, KindBuyers, csvio.ShiftJIS, staff, &out)
	var ee *EncodingError
	if !errors.As(err, &ee) {
		t.Fatalf("err %v, want *EncodingError", err)
	}
	want := "見出し行 「会社名♡」: '♡' (U+2661) は Shift_JIS で表現できません。UTF-8 を選んでください\n" +
		"行2 「会社名♡」: '🍣' (U+1F363) は Shift_JIS で表現できません。UTF-8 を選んでください\n" +
		"行3 「会社名♡」: '𩸽' (U+29E3D) は Shift_JIS で表現できません。UTF-8 を選んでください"
	if got := ee.Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if out.Len() != 0 || len(st.events) != 0 {
		t.Errorf("%d bytes written and %d events recorded before the refusal", out.Len(), len(st.events))
	}
	n, err := s.Export(context.Background(), 1, KindBuyers, csvio.UTF8BOM, staff, &out)
	if err != nil || n != 3 || !strings.Contains(out.String(), "鮨𩸽") || len(st.events) != 1 ||
		st.events[0].Action != "CSV出力（取引先）" {
		t.Errorf("UTF-8 export: %d rows, %v, %d events", n, err, len(st.events))
	}
}

func TestFilename(t *testing.T) {
	s := &Service{Now: func() time.Time { return time.Date(2026, 11, 25, 15, 30, 0, 0, time.UTC) }}
	name, ascii := s.Filename(KindBuyers)
	if name != "取引先_20261126.csv" || ascii != "buyers_20261126.csv" {
		t.Errorf("Filename = %q, %q (the day is the day in Japan)", name, ascii)
	}
}

func TestSubmitChecksTheUpload(t *testing.T) {
	st := &fakeStore{}
	s := &Service{Store: st}
	ctx := context.Background()
	_, err := s.Submit(ctx, 1, Upload{Kind: "orders", Data: make([]byte, MaxUploadBytes+1)}, staff)
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || ve.Fields["kind"] == "" || !strings.Contains(ve.Fields["file"], "最大 20 MB") {
		t.Errorf("err %v", err)
	}
	im, err := s.Submit(ctx, 1, Upload{Kind: KindBuyers, Filename: `C:\tmp\取引先.csv`, Encoding: csvio.Auto,
		DryRun: true, Data: []byte("x")}, staff)
	if err != nil || len(st.created) != 1 {
		t.Fatal(err)
	}
	if got := st.created[0]; got.Filename != "取引先.csv" || got.Encoding != "auto" || !got.DryRun ||
		got.Status != StatusPending || got.CreatedBy != 7 || im.ID != 1 {
		t.Errorf("stored %+v", got)
	}
}
