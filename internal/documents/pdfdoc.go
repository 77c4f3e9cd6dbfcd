package documents

import (
	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pdf"
)

// PDF renders sheets with the PDF engine (the fonts are parsed once, when
// the engine is made).
type PDF struct{ Engine *pdf.Engine }

// Render maps the sheet onto pdf.Document field by field and renders it.
func (p PDF) Render(sh Sheet) ([]byte, error) { return p.Engine.Render(PDFDocument(sh)) }

// PDFDocument is the sheet as the PDF engine's document.
func PDFDocument(sh Sheet) pdf.Document {
	cols := make([]pdf.Column, len(sh.Columns))
	for i, c := range sh.Columns {
		cols[i] = pdf.Column{Title: c.Title, Width: c.Width, Align: pdfAlign(c.Align)}
	}
	notes := make([]pdf.Note, len(sh.Notes))
	for i, n := range sh.Notes {
		notes[i] = pdf.Note{Title: n.Title, Text: n.Text}
	}
	return pdf.Document{Title: sh.Title, Number: sh.Number, IssuedOn: sh.IssuedOn, Recipient: sh.Recipient,
		RecipientSub: sh.RecipientSub, Greeting: sh.Greeting, Headline: kvs(sh.Headline), Meta: kvs(sh.Meta),
		Issuer:  pdf.Issuer{Name: sh.Issuer.Name, Lines: sh.Issuer.Lines, Logo: sh.Issuer.Logo, Seal: sh.Issuer.Seal},
		Columns: cols, Rows: sh.Rows, Totals: kvs(sh.Totals), TaxSummary: kvs(sh.TaxSummary), Notes: notes,
		Legend: sh.Legend, Footer: sh.Footer}
}

func kvs(fs []Field) []pdf.KV {
	out := make([]pdf.KV, len(fs))
	for i, f := range fs {
		out[i] = pdf.KV{Label: f.Label, Value: f.Value, Strong: f.Strong}
	}
	return out
}

func pdfAlign(a Align) pdf.Align {
	switch a {
	case AlignRight:
		return pdf.Right
	case AlignCenter:
		return pdf.Center
	}
	return pdf.Left
}

// ErrNoFonts is the answer of NoFonts: the server was started without the
// PDF fonts (`make fonts`, OROSHI_FONT_DIR), so documents cannot be made.
// Everything else keeps working; the start-up log says why.
var ErrNoFonts = &oroshi.ValidationError{Fields: map[string]string{
	"document": "帳票用フォントが見つからないため帳票を作成できません。運営者にお問い合わせください（OROSHI_FONT_DIR）"}}

// NoFonts is the Renderer of a server without fonts.
type NoFonts struct{}

func (NoFonts) Render(Sheet) ([]byte, error) { return nil, ErrNoFonts }

// RendererFor is PDF on eng, or NoFonts when eng is nil.
func RendererFor(eng *pdf.Engine) Renderer {
	if eng == nil {
		return NoFonts{}
	}
	return PDF{Engine: eng}
}
