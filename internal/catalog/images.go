package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"

	"github.com/oroshi-jp/oroshi"
)

// Messages about uploads.
const (
	MsgImageTooLarge = "画像は5MB以下にしてください"
	MsgImageFormat   = "JPEG・PNG・WebP の画像を選んでください"
	msgImageBroken   = "画像を読み込めませんでした。ファイルが壊れていないか確かめてください"
	msgImagePixels   = "画像の画素数が多すぎます（4000万画素まで）。縮小してから登録してください"
)

const jpegQuality = 85

// readUpload reads at most MaxImageBytes; one byte more means too large.
func readUpload(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read image: %w", err)
	}
	if len(data) > MaxImageBytes {
		return nil, oroshi.Invalid("image", MsgImageTooLarge)
	}
	return data, nil
}

// format is a decoder the catalogue accepts, found by magic bytes: the
// file name and the browser's content type are not trusted.
type format struct {
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
	exif         bool // may carry an EXIF orientation we read
}

func sniff(data []byte) (format, bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return format{jpeg.DecodeConfig, jpeg.Decode, true}, true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return format{png.DecodeConfig, png.Decode, false}, true
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return format{webp.DecodeConfig, webp.Decode, false}, true
	}
	return format{}, false
}

// ProcessImage turns an upload into what is stored: a display JPEG of at
// most DisplaySize pixels on its long side and a ThumbSize thumbnail, both
// at quality 85, upright (an EXIF orientation is applied) and with
// transparency flattened onto white.
//
// Re-encoding keeps nothing but pixels, which is the point: EXIF and other
// metadata (GPS position, camera serial, author) never reach the store, and
// neither does anything hidden after the image data.
func ProcessImage(data []byte) (ImageUpload, error) {
	f, ok := sniff(data)
	if !ok {
		return ImageUpload{}, oroshi.Invalid("image", MsgImageFormat)
	}
	// The header alone gives the size: refuse decompression bombs before
	// decoding allocates width × height × 4 bytes.
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return ImageUpload{}, oroshi.Invalid("image", msgImageBroken)
	}
	if int64(cfg.Width)*int64(cfg.Height)*bytesPerPixel(cfg.ColorModel) > MaxImagePixels*4 {
		return ImageUpload{}, oroshi.Invalid("image", msgImagePixels)
	}
	src, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return ImageUpload{}, oroshi.Invalid("image", msgImageBroken)
	}
	display := fit(src, DisplaySize)
	if f.exif {
		display = orient(display, jpegOrientation(data))
	}
	return encodeVersions(display)
}

// bytesPerPixel is what a decoded pixel costs in memory. A 16-bit PNG
// takes twice the bytes of an 8-bit one, so it gets half the pixel budget:
// the guard is really on memory (40 megapixels × 4 bytes = 160 MB).
func bytesPerPixel(m color.Model) int64 {
	if m == color.RGBA64Model || m == color.NRGBA64Model {
		return 8
	}
	return 4
}

func encodeVersions(display *image.RGBA) (ImageUpload, error) {
	var d, t bytes.Buffer
	if err := jpeg.Encode(&d, display, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return ImageUpload{}, fmt.Errorf("encode image: %w", err)
	}
	if err := jpeg.Encode(&t, fit(display, ThumbSize), &jpeg.Options{Quality: jpegQuality}); err != nil {
		return ImageUpload{}, fmt.Errorf("encode thumbnail: %w", err)
	}
	sum := sha256.Sum256(d.Bytes())
	b := display.Bounds()
	return ImageUpload{
		Image:   Image{ContentType: "image/jpeg", Width: b.Dx(), Height: b.Dy(), SHA256: hex.EncodeToString(sum[:])},
		Display: d.Bytes(),
		Thumb:   t.Bytes(),
	}, nil
}

// ThumbDims is the size of the thumbnail of a display image of w × h, for
// the width and height attributes of an <img>.
func ThumbDims(w, h int) (int, int) { return scaleDims(w, h, ThumbSize) }
