package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pdf"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// RegistrationNo is the demo seller's 適格請求書発行事業者登録番号: "T" and
// the 法人番号 of a made-up 会社法人等番号 0100-01-123456 (東京法務局,
// 株式会社), whose check digit 4 is CheckDigit("010001123456").
const RegistrationNo = "T4010001123456"

// demoLayout is the demo seller's 帳票設定, with seal its 角印.
func demoLayout(seal []byte) documents.Layout {
	return documents.Layout{
		CompanyName:    "さくら食品株式会社",
		Address:        "〒103-0022\n東京都中央区日本橋室町2-4-7 さくら日本橋ビル5階",
		Phone:          "03-6262-4150",
		RegistrationNo: RegistrationNo,
		Seal:           documents.Image{Data: seal},
		Greetings: map[documents.Kind]string{
			documents.KindQuote:             "平素は格別のお引き立てを賜り厚く御礼申し上げます。下記の通りお見積り申し上げます。",
			documents.KindOrderConfirmation: "このたびはご注文いただき誠にありがとうございます。下記の通りご注文をお請けいたします。",
			documents.KindDeliverySlip:      "毎度ありがとうございます。下記の通り納品いたしましたのでご査収ください。",
			documents.KindInvoice:           "毎度格別のお引き立てを賜り厚く御礼申し上げます。下記の通りご請求申し上げます。",
		},
		Notes: "商品の破損・数量違いがございましたら、納品日から7日以内にご連絡ください。\n" +
			"冷凍・冷蔵品はお受け取り後、速やかに所定の温度で保管してください。",
		BankAccount:    "みずほ銀行 日本橋支店 普通 1234567 サクラシヨクヒン(カ)",
		ShowCode:       true,
		ShowCaseQty:    true,
		TaxDisplay:     documents.TaxExclusive,
		RetentionYears: documents.DefaultRetained,
		Delivery:       documents.DeliveryLink,
	}
}

// seedLayout saves the demo's 帳票設定 as version 1 unless the tenant has
// saved settings already: those are the seller's own and are kept.
func (s *Seeder) seedLayout(ctx context.Context, t oroshi.TenantID) error {
	if s.Documents == nil {
		return nil
	}
	cur, err := s.Documents.Store.DocumentLayout(ctx, t)
	if err != nil || cur.Version > 0 {
		return err
	}
	seal, err := sealPNG(s.FontDir)
	if err != nil {
		return fmt.Errorf("demo seal: %w", err)
	}
	in := documents.LayoutInput{Layout: demoLayout(seal)}
	if _, err := s.Documents.SaveLayout(ctx, t, in, system); err != nil {
		return fmt.Errorf("demo document layout: %w", err)
	}
	return nil
}

// documented tells whether the demo issues documents for d: an order the
// seller approved gets its 注文請書, and each of its shipments a 納品書.
// (Every such demo order has a 発注番号, by which it is found again.)
func (d demoOrder) documented() bool { return d.po != "" && slices.Contains(d.steps, "approve") }

// docCount is the number of documents the demo issues.
func docCount() int {
	n := 0
	for _, d := range demoOrders {
		if d.documented() {
			n++ // the 注文請書; the demo ships each order at most once
		}
		if d.documented() && (slices.Contains(d.steps, "ship") || slices.Contains(d.steps, "ship-part")) {
			n++
		}
	}
	return n
}

// seedDocuments issues the demo orders' documents as seller staff would,
// once: a tenant that has documents keeps them. Without fonts (a server
// started without `make fonts`) nothing is issued and the next run tries
// again. It returns the number of demo documents, the same on every run
// (0 without a documents service).
func (s *Seeder) seedDocuments(ctx context.Context, t oroshi.TenantID) (int, error) {
	if s.Documents == nil {
		return 0, nil
	}
	existing, err := s.Documents.Store.Documents(ctx, t, documents.Query{Limit: 1})
	if err != nil || len(existing) > 0 {
		return docCount(), err
	}
	u, err := s.Identity.Store.UserByEmail(ctx, t, identity.RealmAdmin, demoStaff)
	if err != nil {
		return 0, fmt.Errorf("demo documents: staff: %w", err)
	}
	staff := audit.Actor{Realm: audit.RealmAdmin, ID: u.ID}
	for _, d := range demoOrders {
		if !d.documented() {
			continue
		}
		err := s.orderDocuments(ctx, t, d.po, staff)
		switch {
		case errors.Is(err, documents.ErrNoFonts):
			return 0, nil
		case errors.Is(err, oroshi.ErrNotFound) || errors.As(err, new(*oroshi.ValidationError)):
			// A demo seeded before documents existed, whose order was
			// since cancelled or is gone: the others still get theirs.
			continue
		case err != nil:
			return 0, fmt.Errorf("demo documents of %s: %w", d.po, err)
		}
	}
	return docCount(), nil
}

// orderDocuments issues the 注文請書 of the demo order with 発注番号 po and
// the 納品書 of each of its shipments.
func (s *Seeder) orderDocuments(ctx context.Context, t oroshi.TenantID, po string, staff audit.Actor) error {
	o, err := s.demoOrder(ctx, t, po)
	if err != nil {
		return err
	}
	if _, err := s.Documents.IssueOrderConfirmation(ctx, t, o.ID, staff); err != nil {
		return err
	}
	for _, sh := range o.Shipments {
		if _, err := s.Documents.IssueDeliverySlip(ctx, t, o.ID, sh.ID, staff); err != nil {
			return err
		}
	}
	return nil
}

// demoOrder finds the first order placed with 発注番号 po (the demo's: any
// later one with the same number is the seller's own), with its shipments.
func (s *Seeder) demoOrder(ctx context.Context, t oroshi.TenantID, po string) (sales.Order, error) {
	var first sales.Order
	f := sales.Filter{PONumber: po, Limit: 100}
	for {
		l, err := s.Sales.Orders(ctx, t, f)
		if err != nil {
			return sales.Order{}, err
		}
		for _, o := range l.Orders { // newest first
			if o.PONumber == po {
				first = o
			}
		}
		if l.NextCursor == "" {
			break
		}
		f.Cursor = l.NextCursor
	}
	if first.ID == 0 {
		return sales.Order{}, fmt.Errorf("demo order %s: %w", po, oroshi.ErrNotFound)
	}
	return s.Sales.Order(ctx, t, first.ID)
}

// Seal geometry: a 240-pixel square, two frames and the company name in a
// 3×3 grid read in columns from the right, as a 角印 is cut.
const (
	sealSize = 240
	sealText = "さくら食品株式会社"
)

var sealRed = color.NRGBA{R: 200, G: 32, B: 40, A: 255}

// sealPNG draws the demo 角印 as a PNG with a transparent ground, so the
// company name printed under it shows through. The name is drawn with the
// PDF's bold font from fontDir; without the font the seal is the two
// frames alone.
func sealPNG(fontDir string) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, sealSize, sealSize))
	frame(img, 6, 14)
	frame(img, 28, 4)
	face, err := sealFace(fontDir)
	if err != nil {
		return nil, err
	}
	if face != nil {
		drawSealText(img, face)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode seal: %w", err)
	}
	return buf.Bytes(), nil
}

// frame paints a square ring width pixels wide, inset from the edge.
func frame(img *image.NRGBA, inset, width int) {
	for y := inset; y < sealSize-inset; y++ {
		for x := inset; x < sealSize-inset; x++ {
			if x < inset+width || x >= sealSize-inset-width || y < inset+width || y >= sealSize-inset-width {
				img.SetNRGBA(x, y, sealRed)
			}
		}
	}
}

// sealFace is the bold PDF font at the seal's character size; nil when
// fontDir has no font (the seal is then drawn without text).
func sealFace(fontDir string) (font.Face, error) {
	if fontDir == "" {
		return nil, nil
	}
	b, err := os.ReadFile(filepath.Join(fontDir, pdf.BoldFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("seal font: %w", err)
	}
	f, err := opentype.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("seal font %s: %w", pdf.BoldFile, err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 52, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("seal font face: %w", err)
	}
	return face, nil
}

// drawSealText writes sealText in three columns of three, the first column
// on the right, each character centred in its cell inside the inner frame.
func drawSealText(img *image.NRGBA, face font.Face) {
	const inner, cells = 36, 3
	cell := (sealSize - 2*inner) / cells
	m := face.Metrics()
	height := (m.Ascent + m.Descent).Ceil()
	d := font.Drawer{Dst: img, Src: image.NewUniform(sealRed), Face: face}
	for i, r := range []rune(sealText) {
		col, row := cells-1-i/cells, i%cells
		ch := string(r)
		x := inner + col*cell + (cell-d.MeasureString(ch).Round())/2
		y := inner + row*cell + (cell-height)/2 + m.Ascent.Round()
		d.Dot = fixed.P(x, y)
		d.DrawString(ch)
	}
}
