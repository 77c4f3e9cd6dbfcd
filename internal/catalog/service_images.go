package catalog

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// AddImage reads an upload (at most 5 MiB), scans it when a Scanner is
// set, checks it is a JPEG, PNG or WebP of at most 40 megapixels, and
// stores a display version and a thumbnail after the product's images.
func (s *Service) AddImage(ctx context.Context, t oroshi.TenantID, productID oroshi.ID, r io.Reader, actor audit.Actor) (Image, error) {
	p, err := s.Store.Product(ctx, t, productID)
	if err != nil {
		return Image{}, err
	}
	if len(p.Images) >= MaxImages {
		return Image{}, oroshi.Invalid("image", fmt.Sprintf("画像は1商品につき%d枚までです", MaxImages))
	}
	data, err := readUpload(r)
	if err != nil {
		return Image{}, err
	}
	if s.Scanner != nil {
		if err := s.Scanner.Scan(ctx, data); err != nil {
			return Image{}, fmt.Errorf("scan image for product %s: %w", productID, err)
		}
	}
	up, err := ProcessImage(data)
	if err != nil {
		return Image{}, err
	}
	up.Image.ProductID = productID
	ev := event(actor, t, ActionImageAdd, TargetProduct, productID)
	ev.Detail = map[string]any{"sha256": up.Image.SHA256, "width": up.Image.Width, "height": up.Image.Height}
	return s.Store.AddImage(ctx, t, up, ev)
}

// DeleteImage removes one image of a product.
func (s *Service) DeleteImage(ctx context.Context, t oroshi.TenantID, productID, imageID oroshi.ID, actor audit.Actor) error {
	ev := event(actor, t, ActionImageDelete, TargetProduct, productID)
	ev.Detail = map[string]any{"image_id": imageID.String()}
	return s.Store.DeleteImage(ctx, t, productID, imageID, ev)
}

// ReorderImages puts a product's images in the order of ids, which must
// name each of its images once.
func (s *Service) ReorderImages(ctx context.Context, t oroshi.TenantID, productID oroshi.ID, ids []oroshi.ID, actor audit.Actor) error {
	p, err := s.Store.Product(ctx, t, productID)
	if err != nil {
		return err
	}
	before := make([]oroshi.ID, len(p.Images))
	for i, img := range p.Images {
		before[i] = img.ID
	}
	if !sameIDs(before, ids) {
		return oroshi.Invalid("images", "画像の並び順を保存できませんでした。画面を開き直してください")
	}
	if slices.Equal(before, ids) {
		return nil
	}
	ev := event(actor, t, ActionProductUpdate, TargetProduct, productID)
	ev.Detail = map[string]any{"images": audit.Change{Before: idStrings(before), After: idStrings(ids)}}
	return s.Store.ReorderImages(ctx, t, productID, ids, ev)
}

// sameIDs reports whether a and b hold the same IDs (a, from the
// database, has no duplicates, so neither may b).
func sameIDs(a, b []oroshi.ID) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// ProductImage returns the display version, or the thumbnail, of an image
// for seller staff.
func (s *Service) ProductImage(ctx context.Context, t oroshi.TenantID, imageID oroshi.ID, thumb bool) (ImageFile, error) {
	return s.Store.ProductImage(ctx, t, imageID, thumb)
}

// BuyerImage returns an image of a product viewer may see; the image of a
// hidden product answers as missing.
func (s *Service) BuyerImage(ctx context.Context, t oroshi.TenantID, v Viewer, imageID oroshi.ID, thumb bool) (ImageFile, error) {
	if v.BuyerID <= 0 {
		return ImageFile{}, fmt.Errorf("buyer image: no buyer: %w", oroshi.ErrForbidden)
	}
	return s.Store.BuyerImage(ctx, t, v, imageID, thumb)
}
