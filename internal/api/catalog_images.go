package api

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// Product images: /api/v1/products/{id}/images. An upload is the raw image
// as the request body (not multipart), at most catalog.MaxImageBytes; the
// bytes are sniffed, so the declared type only has to be one of the three.

// The route's body limit of uploads is the catalogue's own.
const imageBodyLimit = catalog.MaxImageBytes

// imageTypes are the Content-Types an upload may declare.
var imageTypes = []string{"image/jpeg", "image/png", "image/webp"}

func checkImageType(ct string) error {
	mt, _, err := mime.ParseMediaType(ct)
	for _, t := range imageTypes {
		if err == nil && mt == t {
			return nil
		}
	}
	return newError(http.StatusUnsupportedMediaType,
		fmt.Sprintf("Content-Type %q には対応していません（%s のいずれかで画像のバイト列を送ってください）",
			ct, strings.Join(imageTypes, "、")))
}

// uploadProductImage answers POST /api/v1/products/{id}/images: 201 with
// the stored image's metadata; a body that is not a JPEG, PNG or WebP
// image is 422 on field "image", one over the limit 413.
func (s *server) uploadProductImage(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := checkImageType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	data, err := io.ReadAll(r.Body) // bounded by the route's maxBody
	if tooLarge(err) {
		return decodeError(err)
	}
	if err != nil {
		return fmt.Errorf("read image upload: %w", err)
	}
	if err := s.scanUpload(r, p.Tenant.ID, actor, "image", data); err != nil {
		return err
	}
	img, err := s.catalog.AddImage(r.Context(), p.Tenant.ID, id, bytes.NewReader(data), actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, imageOut(img))
	return nil
}

// imageSize reads ?size=thumb|full (default full).
func imageSize(r *http.Request) (thumb bool, err error) {
	q, err := queryOf(r)
	if err != nil {
		return false, err
	}
	switch q.Get("size") {
	case "", "full":
		return false, nil
	case "thumb":
		return true, nil
	}
	return false, badParam("size", "size は thumb または full を指定してください")
}

// getProductImage answers GET /api/v1/products/{id}/images/{image_id}: the
// JPEG bytes, with an ETag (the thumbnail's differs from the full
// image's); a matching If-None-Match answers 304.
func (s *server) getProductImage(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	productID, imageID, err := imageParams(r)
	if err != nil {
		return err
	}
	thumb, err := imageSize(r)
	if err != nil {
		return err
	}
	f, err := s.catalog.ProductImage(r.Context(), p.Tenant.ID, imageID, thumb)
	if err != nil {
		return err
	}
	if f.ProductID != productID {
		return fmt.Errorf("image %s of product %s: %w", imageID, productID, oroshi.ErrNotFound)
	}
	etag := `"` + f.SHA256 + `"`
	if thumb {
		etag = `"` + f.SHA256 + `-thumb"`
	}
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, no-cache") // kept, but checked with the ETag each time
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(f.Data) // the status is sent; a write error is a gone client
	return nil
}

// etagMatches reports whether an If-None-Match header names etag (weak
// comparison, RFC 9110 §13.1.2) or is "*".
func etagMatches(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag {
			return true
		}
	}
	return false
}

func imageParams(r *http.Request) (productID, imageID oroshi.ID, err error) {
	if productID, err = idParam(r, "id"); err != nil {
		return 0, 0, err
	}
	if imageID, err = idParam(r, "image_id"); err != nil {
		return 0, 0, err
	}
	return productID, imageID, nil
}

// deleteProductImage answers DELETE /api/v1/products/{id}/images/{image_id}.
func (s *server) deleteProductImage(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	productID, imageID, err := imageParams(r)
	if err != nil {
		return err
	}
	if err := s.catalog.DeleteImage(r.Context(), p.Tenant.ID, productID, imageID, actor); err != nil {
		return err
	}
	noContent(w)
	return nil
}
