package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
)

// productImage: GET /products/{id}/images/{image_id}?size=thumb|full. Images
// never change once stored (a new upload is a new image), so browsers keep
// them a day and revalidate by ETag, the SHA-256 of the stored JPEG.
func (s *Server) productImage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	imageID, err := pathID(r, "image_id")
	if err != nil {
		return err
	}
	thumb := r.URL.Query().Get("size") == "thumb"
	f, err := s.Catalog.ProductImage(r.Context(), reqCtx(r).tenant.ID, imageID, thumb)
	if err != nil {
		return err
	}
	if f.ProductID != id {
		return fmt.Errorf("image %s is not of product %s: %w", imageID, id, oroshi.ErrNotFound)
	}
	etag := `"` + f.SHA256 + `"`
	if thumb { // the thumbnail's bytes differ from the display image's
		etag = `"` + f.SHA256 + `-thumb"`
	}
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, max-age=86400")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, err = w.Write(f.Data)
	}
	return err
}

// etagMatches applies If-None-Match: a list of tags, weak or strong, or *.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// productImageAdd: POST /products/{id}/images, a multipart upload of one
// JPEG, PNG or WebP file of at most 5 MB.
func (s *Server) productImageAdd(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	file, _, err := r.FormFile("image")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		err = oroshi.Invalid("image", "画像ファイルを選んでください")
	} else if err == nil {
		defer file.Close()
		_, err = s.Catalog.AddImage(r.Context(), rc.tenant.ID, id, file, buyerActor(r))
	}
	if errs, ok := asFieldErrors(err); ok {
		return s.renderProductShow(w, r, http.StatusUnprocessableEntity, productShowState{Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "画像を登録しました。")
	http.Redirect(w, r, rc.base()+"/products/"+id.String()+"#images", http.StatusSeeOther)
	return nil
}

// productImageOrder: POST /products/{id}/images/order with every image's
// id in the new order (the up and down buttons each post one).
func (s *Server) productImageOrder(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var ids []oroshi.ID
	for _, v := range r.PostForm["id"] {
		imageID, err := oroshi.ParseID(v)
		if err != nil {
			return fmt.Errorf("image order: %w", errBadRequest)
		}
		ids = append(ids, imageID)
	}
	err = s.Catalog.ReorderImages(r.Context(), rc.tenant.ID, id, ids, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderProductShow(w, r, http.StatusConflict, productShowState{Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "画像の並び順を変更しました。")
	http.Redirect(w, r, rc.base()+"/products/"+id.String()+"#images", http.StatusSeeOther)
	return nil
}

// productImageDelete: POST /products/{id}/images/{image_id}/delete
func (s *Server) productImageDelete(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	imageID, err := pathID(r, "image_id")
	if err != nil {
		return err
	}
	if err := s.Catalog.DeleteImage(r.Context(), rc.tenant.ID, id, imageID, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "画像を削除しました。")
	http.Redirect(w, r, rc.base()+"/products/"+id.String()+"#images", http.StatusSeeOther)
	return nil
}
