package catalog

import (
	"image"
	"image/color"

	"golang.org/x/image/draw"
)

// fit scales src down (never up) to at most side pixels on its long side,
// onto an opaque white canvas, since JPEG has no transparency.
//
// A large photo is first shrunk by a whole factor with a box filter (each
// output pixel the mean of a k×k block), then finished with Catmull-Rom:
// Catmull-Rom straight from a 12-megapixel JPEG took 1.5 s per upload
// here; with the box pass the whole ProcessImage takes 0.55 s, most of it
// JPEG decoding, and the result looks the same.
func fit(src image.Image, side int) *image.RGBA {
	b := src.Bounds()
	w, h := scaleDims(b.Dx(), b.Dy(), side)
	if k := min(b.Dx()/w, b.Dy()/h); k >= 2 {
		src = shrink(src, k)
		b = src.Bounds()
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	if w == b.Dx() && h == b.Dy() {
		draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Over)
		return dst
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	return dst
}

// scaleDims keeps the aspect ratio and never returns a zero side.
func scaleDims(w, h, side int) (int, int) {
	if w <= side && h <= side {
		return w, h
	}
	if w >= h {
		return side, max(1, int((int64(h)*int64(side)+int64(w)/2)/int64(w)))
	}
	return max(1, int((int64(w)*int64(side)+int64(h)/2)/int64(h))), side
}

// shrink averages k×k blocks of src (premultiplied, so transparent pixels
// do not darken their neighbours). Trailing rows and columns that do not
// fill a block are dropped: at most k-1 pixels of a large photo.
func shrink(src image.Image, k int) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx()/k, b.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	pixel := pixelReader(src)
	n := uint64(k * k)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var r, g, bl, a uint64
			for sy := b.Min.Y + y*k; sy < b.Min.Y+(y+1)*k; sy++ {
				for sx := b.Min.X + x*k; sx < b.Min.X+(x+1)*k; sx++ {
					pr, pg, pb, pa := pixel(sx, sy)
					r, g, bl, a = r+uint64(pr), g+uint64(pg), bl+uint64(pb), a+uint64(pa)
				}
			}
			i := dst.PixOffset(x, y)
			dst.Pix[i+0] = uint8(r / n >> 8)
			dst.Pix[i+1] = uint8(g / n >> 8)
			dst.Pix[i+2] = uint8(bl / n >> 8)
			dst.Pix[i+3] = uint8(a / n >> 8)
		}
	}
	return dst
}

// pixelReader returns a fast reader of premultiplied 16-bit RGBA for the
// image types decoders return most (YCbCr from JPEG and lossy WebP), and
// the generic, slower At for the rest.
func pixelReader(src image.Image) func(x, y int) (r, g, b, a uint32) {
	switch m := src.(type) {
	case *image.YCbCr:
		return func(x, y int) (uint32, uint32, uint32, uint32) {
			yi, ci := m.YOffset(x, y), m.COffset(x, y)
			return color.YCbCr{Y: m.Y[yi], Cb: m.Cb[ci], Cr: m.Cr[ci]}.RGBA()
		}
	case *image.RGBA:
		return func(x, y int) (uint32, uint32, uint32, uint32) {
			i := m.PixOffset(x, y)
			p := m.Pix[i : i+4 : i+4]
			return uint32(p[0]) * 0x101, uint32(p[1]) * 0x101, uint32(p[2]) * 0x101, uint32(p[3]) * 0x101
		}
	}
	return func(x, y int) (uint32, uint32, uint32, uint32) { return src.At(x, y).RGBA() }
}
