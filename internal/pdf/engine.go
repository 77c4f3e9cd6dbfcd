package pdf

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/signintech/gopdf"
)

// Font files Load expects in its directory (`make fonts` puts them there).
const (
	RegularFile = "NotoSansJP-Regular.ttf"
	BoldFile    = "NotoSansJP-Bold.ttf"
)

// Family names double as the embedded font names; the six capitals and "+"
// mark them as subsets (PDF 32000 §9.6.4), as pdffonts reports.
const (
	familyRegular = "OROSHR+NotoSansJP-Regular"
	familyBold    = "OROSHB+NotoSansJP-Bold"
)

// Engine renders documents. Fonts are parsed once in New; Render only copies
// the parsed tables, so an Engine is safe for concurrent use.
type Engine struct {
	fonts *gopdf.FontContainer
}

// New parses the Regular and Bold TrueType fonts (Noto Sans JP).
func New(regular, bold []byte) (*Engine, error) {
	fc := &gopdf.FontContainer{}
	for _, f := range []struct {
		family string
		data   []byte
	}{{familyRegular, regular}, {familyBold, bold}} {
		if len(f.data) == 0 {
			return nil, fmt.Errorf("pdf: font %s: empty data", f.family)
		}
		if err := parseFont(fc, f.family, f.data); err != nil {
			return nil, err
		}
	}
	e := &Engine{fonts: fc}
	if err := e.selfCheck(); err != nil {
		return nil, err
	}
	return e, nil
}

// parseFont adds one font, turning a panic of the parser on a truncated or
// foreign file into an error.
func parseFont(fc *gopdf.FontContainer, family string, data []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("pdf: font %s: not a TrueType font (%v)", family, p)
		}
	}()
	if err := fc.AddTTFFontData(family, data); err != nil {
		return fmt.Errorf("pdf: font %s: %w", family, err)
	}
	return nil
}

// selfCheck fails start-up when the fonts cannot show Japanese, instead of
// failing every document later.
func (e *Engine) selfCheck() error {
	gp, err := e.start()
	if err != nil {
		return err
	}
	const sample = "請求書御中¥0123456789ABCabc（）、。※"
	for _, fam := range []string{familyRegular, familyBold} {
		if err := gp.SetFont(fam, "", 10); err != nil {
			return fmt.Errorf("pdf: font %s: %w", fam, err)
		}
		for _, r := range sample {
			if ok, err := gp.IsCurrFontContainGlyph(r); err != nil || !ok {
				return fmt.Errorf("pdf: font %s has no glyph for %q: not a Japanese font", fam, r)
			}
		}
	}
	return nil
}

// Load reads NotoSansJP-Regular.ttf and NotoSansJP-Bold.ttf from dir.
func Load(dir string) (*Engine, error) {
	regular, err := os.ReadFile(filepath.Join(dir, RegularFile))
	if err != nil {
		return nil, fmt.Errorf("pdf: read font (run `make fonts` or set OROSHI_FONT_DIR): %w", err)
	}
	bold, err := os.ReadFile(filepath.Join(dir, BoldFile))
	if err != nil {
		return nil, fmt.Errorf("pdf: read font (run `make fonts` or set OROSHI_FONT_DIR): %w", err)
	}
	return New(regular, bold)
}

// start opens an A4 document (unit: points) with both fonts registered.
func (e *Engine) start() (*gopdf.GoPdf, error) {
	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	for _, fam := range []string{familyRegular, familyBold} {
		if err := gp.AddTTFFontFromFontContainer(fam, e.fonts); err != nil {
			return nil, fmt.Errorf("pdf: add font %s: %w", fam, err)
		}
	}
	if err := gp.SetFont(familyRegular, "", 10); err != nil {
		return nil, fmt.Errorf("pdf: set font: %w", err)
	}
	return gp, nil
}

// Render lays out d and returns the PDF. Bad input gives a
// *oroshi.ValidationError (or *MissingGlyphsError) and no PDF.
func (e *Engine) Render(d Document) ([]byte, error) {
	d = normalize(d)
	if err := validate(&d); err != nil {
		return nil, err
	}
	gp, err := e.start()
	if err != nil {
		return nil, err
	}
	if err := checkGlyphs(gp, &d); err != nil {
		return nil, err
	}
	imgs, err := prepareImages(d.Issuer)
	if err != nil {
		return nil, err
	}
	gp.SetInfo(gopdf.PdfInfo{Title: joinNonEmpty(" ", d.Title, d.Number), Creator: "oroshi"})
	r := newRenderer(gp, &d, imgs)
	r.layout()
	if r.err != nil {
		return nil, r.err
	}
	out, err := gp.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("pdf: write %s: %w", d.Title, err)
	}
	out, err = fixToUnicode(out)
	if err != nil {
		return nil, fmt.Errorf("pdf: %s: %w", d.Title, err)
	}
	return out, nil
}
