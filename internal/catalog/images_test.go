package catalog

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

// halves is a w×h image, left half red and right half blue.
func halves(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{255, 0, 0, 255}
			if x >= w/2 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withOrientation inserts an EXIF APP1 segment with the orientation tag
// (and a fake GPS-looking payload name) right after the JPEG's SOI.
func withOrientation(jpg []byte, o uint16) []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00")
	binary.BigEndian.PutUint16(tiff[18:], o)
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(append(out, seg...), payload...)
	return append(out, jpg[2:]...)
}

// hugePNG is a valid PNG header claiming w×h pixels, with no image data:
// DecodeConfig believes it, a full decode would try to allocate it.
func hugePNG(w, h uint32, depth byte) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = depth, 6 // RGBA of 8 or 16 bits
	chunk := append([]byte("IHDR"), ihdr...)
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	_ = binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	b.Write(chunk)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func decodeDims(t *testing.T, data []byte) (int, int) {
	t.Helper()
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("stored version is not a JPEG: %v", err)
	}
	return cfg.Width, cfg.Height
}

func TestProcessImage(t *testing.T) {
	webpData := webpSample(t)
	transparent := image.NewNRGBA(image.Rect(0, 0, 30, 20)) // all transparent
	tests := []struct {
		name                 string
		data                 []byte
		w, h, thumbW, thumbH int
	}{
		{"large landscape jpeg", encodeJPEG(t, halves(2400, 1600)), 1200, 800, 240, 160},
		{"portrait png", encodePNG(t, halves(900, 1800)), 600, 1200, 120, 240},
		{"small png kept", encodePNG(t, halves(200, 100)), 200, 100, 200, 100},
		{"transparent png", encodePNG(t, transparent), 30, 20, 30, 20},
		{"webp", webpData, 150, 100, 150, 100},
		{"exif rotated jpeg", withOrientation(encodeJPEG(t, halves(400, 200)), 6), 200, 400, 120, 240},
		{"thin strip", encodePNG(t, halves(4000, 2)), 1200, 1, 240, 1},
	}
	for _, tt := range tests {
		up, err := ProcessImage(tt.data)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if w, h := decodeDims(t, up.Display); w != tt.w || h != tt.h || up.Image.Width != w || up.Image.Height != h {
			t.Errorf("%s: display %d×%d (meta %d×%d), want %d×%d", tt.name, w, h, up.Image.Width, up.Image.Height, tt.w, tt.h)
		}
		if w, h := decodeDims(t, up.Thumb); w != tt.thumbW || h != tt.thumbH {
			t.Errorf("%s: thumbnail %d×%d, want %d×%d", tt.name, w, h, tt.thumbW, tt.thumbH)
		}
		if w, h := ThumbDims(up.Image.Width, up.Image.Height); w != tt.thumbW || h != tt.thumbH {
			t.Errorf("%s: ThumbDims %d×%d", tt.name, w, h)
		}
		if up.Image.ContentType != "image/jpeg" || len(up.Image.SHA256) != 64 {
			t.Errorf("%s: meta %+v", tt.name, up.Image)
		}
		if bytes.Contains(up.Display, []byte("Exif")) {
			t.Errorf("%s: EXIF survived re-encoding", tt.name)
		}
	}
}

func TestProcessImageOrientation(t *testing.T) {
	// Turned 90° clockwise, the red left half of the source is on top.
	up, err := ProcessImage(withOrientation(encodeJPEG(t, halves(400, 200)), 6))
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(up.Display))
	if err != nil {
		t.Fatal(err)
	}
	top, bottom := img.At(100, 20), img.At(100, 380)
	if r, _, b, _ := top.RGBA(); r < 0xc000 || b > 0x4000 {
		t.Errorf("top pixel %v, want red", top)
	}
	if r, _, b, _ := bottom.RGBA(); b < 0xc000 || r > 0x4000 {
		t.Errorf("bottom pixel %v, want blue", bottom)
	}
	// A transparent PNG is flattened onto white, not black.
	up, err = ProcessImage(encodePNG(t, image.NewNRGBA(image.Rect(0, 0, 8, 8))))
	if err != nil {
		t.Fatal(err)
	}
	img, _ = jpeg.Decode(bytes.NewReader(up.Display))
	if r, g, b, _ := img.At(4, 4).RGBA(); r < 0xf000 || g < 0xf000 || b < 0xf000 {
		t.Errorf("transparent pixel became %v, want white", img.At(4, 4))
	}
}

func TestOrientXYRoundTrip(t *testing.T) {
	// Every orientation maps a w×h grid one-to-one onto the upright grid.
	const w, h = 5, 3
	for o := 2; o <= 8; o++ {
		dw, dh := w, h
		if o >= 5 {
			dw, dh = h, w
		}
		seen := map[[2]int]bool{}
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				dx, dy := orientXY(o, x, y, w, h)
				if dx < 0 || dy < 0 || dx >= dw || dy >= dh || seen[[2]int{dx, dy}] {
					t.Fatalf("orientation %d: (%d,%d) → (%d,%d) out of range or twice", o, x, y, dx, dy)
				}
				seen[[2]int{dx, dy}] = true
			}
		}
	}
}

func TestProcessImageRejects(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"text renamed .jpg", []byte("これは画像ではありません\n"), MsgImageFormat},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), MsgImageFormat},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`), MsgImageFormat},
		{"empty", nil, MsgImageFormat},
		{"truncated jpeg", encodeJPEG(t, halves(64, 64))[:200], "読み込めません"},
		{"bomb 100 megapixels", hugePNG(10000, 10000, 8), "4000万画素"},
		{"just over 40 megapixels", hugePNG(8000, 5001, 8), "4000万画素"},
		{"16-bit over 20 megapixels", hugePNG(5000, 4001, 16), "4000万画素"},
		// Exactly 40 megapixels passes the guard and fails only for want of data.
		{"40 megapixels header only", hugePNG(8000, 5000, 8), "読み込めません"},
	}
	for _, tt := range tests {
		_, err := ProcessImage(tt.data)
		var ve *oroshi.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.Fields["image"], tt.want) {
			t.Errorf("%s: got %v, want image error %q", tt.name, err, tt.want)
		}
	}
}

func TestReadUpload(t *testing.T) {
	if _, err := readUpload(bytes.NewReader(make([]byte, MaxImageBytes))); err != nil {
		t.Errorf("exactly 5 MiB: %v", err)
	}
	_, err := readUpload(bytes.NewReader(make([]byte, MaxImageBytes+1)))
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) || ve.Fields["image"] != MsgImageTooLarge {
		t.Errorf("5 MiB + 1: got %v", err)
	}
}

func TestJPEGOrientation(t *testing.T) {
	plain := encodeJPEG(t, halves(8, 8))
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"none", plain, 1},
		{"six", withOrientation(plain, 6), 6},
		{"eight", withOrientation(plain, 8), 8},
		{"out of range", withOrientation(plain, 9), 1},
		{"garbage after SOI", []byte{0xFF, 0xD8, 0x00, 0x01}, 1},
		{"short segment", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF}, 1},
	}
	for _, tt := range tests {
		if got := jpegOrientation(tt.data); got != tt.want {
			t.Errorf("%s: orientation %d, want %d", tt.name, got, tt.want)
		}
	}
}

func BenchmarkProcessImage(b *testing.B) {
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, halves(4000, 3000), &jpeg.Options{Quality: 90})
	for b.Loop() {
		if _, err := ProcessImage(buf.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}

// webpSample reads a WebP file from the golang.org/x/image module's own test
// data in the module cache (we have no WebP encoder, and third-party files
// are not copied into this repository).
func webpSample(t *testing.T) []byte {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/image").Output()
	if err != nil {
		t.Fatalf("locate golang.org/x/image: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "testdata", "blue-purple-pink.lossy.webp"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
