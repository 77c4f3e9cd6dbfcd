package pdf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // lets image.DecodeConfig recognise JPEG
	"image/png"

	"github.com/signintech/gopdf"

	"github.com/oroshi-jp/oroshi"
)

// maxImageSide bounds a logo or seal, so a tiny file that claims a huge
// canvas cannot make a render allocate gigabytes.
const maxImageSide = 4000

// picture is an image ready for the PDF library, with its pixel size for
// keeping the aspect ratio.
type picture struct {
	holder gopdf.ImageHolder
	w, h   int
}

type pictures struct {
	logo, seal *picture
}

func prepareImages(is Issuer) (pictures, error) {
	v := &oroshi.ValidationError{}
	var p pictures
	var err error
	if p.logo, err = preparePicture(is.Logo); err != nil {
		v.Add("issuer.logo", "ロゴ画像: "+err.Error())
	}
	if p.seal, err = preparePicture(is.Seal); err != nil {
		v.Add("issuer.seal", "角印の画像: "+err.Error())
	}
	return p, v.Err()
}

// preparePicture checks that b is a PNG or JPEG of sane size. PNGs the PDF
// library cannot embed as they are (interlaced, 16-bit) are re-encoded.
func preparePicture(b []byte) (*picture, error) {
	if len(b) == 0 {
		return nil, nil
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || (format != "png" && format != "jpeg") {
		return nil, fmt.Errorf("PNG か JPEG の画像ではありません")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxImageSide || cfg.Height > maxImageSide {
		return nil, fmt.Errorf("大きさは縦横 %d ピクセル以下にしてください（%d×%d）", maxImageSide, cfg.Width, cfg.Height)
	}
	if format == "png" && !simplePNG(b) {
		if b, err = reencodePNG(b); err != nil {
			return nil, err
		}
	}
	h, err := gopdf.ImageHolderByBytes(b)
	if err != nil {
		return nil, fmt.Errorf("画像を読み込めません")
	}
	return &picture{holder: h, w: cfg.Width, h: cfg.Height}, nil
}

// simplePNG tells whether the PNG header is one the PDF library embeds
// directly: 8-bit depth, not interlaced.
func simplePNG(b []byte) bool {
	// signature (8) + IHDR length (4) + "IHDR" (4) + width, height (8)
	const ihdr = 16
	if len(b) < ihdr+13 || string(b[12:16]) != "IHDR" {
		return false
	}
	depth, interlace := b[ihdr+8], b[ihdr+12]
	return depth == 8 && interlace == 0 && binary.BigEndian.Uint32(b[ihdr:]) > 0
}

func reencodePNG(b []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("PNG 画像が壊れています")
	}
	rgba := image.NewNRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, rgba); err != nil {
		return nil, fmt.Errorf("PNG 画像を変換できません: %w", err)
	}
	return buf.Bytes(), nil
}

// fit scales p into a w×h box keeping its aspect ratio.
func (p *picture) fit(w, h float64) (float64, float64) {
	sw, sh := w/float64(p.w), h/float64(p.h)
	s := min(sw, sh)
	return float64(p.w) * s, float64(p.h) * s
}

// invalidImage is the error for an image the PDF library could not embed
// although its header looked right (e.g. a truncated file).
func invalidImage(field string) error {
	name := "ロゴ画像"
	if field == "issuer.seal" {
		name = "角印の画像"
	}
	return oroshi.Invalid(field, name+"を読み込めません（画像が壊れています）")
}
