package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// AddImage stores a processed image after the product's other images; a
// product that is not the tenant's wraps ErrNotFound (foreign key).
func (s *Store) AddImage(ctx context.Context, t oroshi.TenantID, up catalog.ImageUpload, ev audit.Event) (catalog.Image, error) {
	img := up.Image
	img.ID, img.CreatedAt = s.NewID(), s.now()
	err := s.write(ctx, t, func(c *conn) error {
		err := c.row(ctx, `SELECT COALESCE(MAX(position) + 1, 0) FROM product_images WHERE tenant_id = ? AND product_id = ?`,
			t, img.ProductID).Scan(&img.Position)
		if err != nil {
			return s.translate(err)
		}
		_, err = c.exec(ctx, `INSERT INTO product_images (tenant_id, id, product_id, position, content_type, width, height,
			sha256, data, thumb, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t, img.ID, img.ProductID, img.Position, img.ContentType, img.Width, img.Height, img.SHA256,
			up.Display, up.Thumb, img.CreatedAt)
		if err != nil {
			return s.translate(err)
		}
		ev.Detail = withImageID(ev.Detail, img.ID)
		return s.imageChanged(ctx, c, t, ev)
	})
	if err != nil {
		return catalog.Image{}, fmt.Errorf("add image to product %s: %w", img.ProductID, err)
	}
	return img, nil
}

func withImageID(d map[string]any, id oroshi.ID) map[string]any {
	out := map[string]any{"image_id": id.String()}
	for k, v := range d {
		out[k] = v
	}
	return out
}

// DeleteImage deletes one image of a product.
func (s *Store) DeleteImage(ctx context.Context, t oroshi.TenantID, productID, imageID oroshi.ID, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `DELETE FROM product_images WHERE tenant_id = ? AND product_id = ? AND id = ?`,
			t, productID, imageID))
		if err != nil {
			return s.translate(err)
		}
		return s.imageChanged(ctx, c, t, ev)
	})
	if err != nil {
		return fmt.Errorf("delete image %s: %w", imageID, err)
	}
	return nil
}

// ReorderImages numbers a product's images in the order of ids, which must
// be exactly its images (checked again here, in the transaction).
func (s *Store) ReorderImages(ctx context.Context, t oroshi.TenantID, productID oroshi.ID, ids []oroshi.ID, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		imgs, err := s.productImages(ctx, c, t, productID)
		if err != nil {
			return err
		}
		have := make([]oroshi.ID, len(imgs))
		for i, img := range imgs {
			have[i] = img.ID
		}
		want := slices.Clone(ids)
		slices.Sort(have)
		slices.Sort(want)
		if !slices.Equal(have, want) {
			return oroshi.Invalid("images", "画像の並び順を保存できませんでした。画面を開き直してください")
		}
		for pos, id := range ids {
			if _, err := c.exec(ctx, `UPDATE product_images SET position = ? WHERE tenant_id = ? AND product_id = ? AND id = ?`,
				pos, t, productID, id); err != nil {
				return s.translate(err)
			}
		}
		return s.imageChanged(ctx, c, t, ev)
	})
	if err != nil {
		return fmt.Errorf("reorder images of product %s: %w", productID, err)
	}
	return nil
}

// imageChanged ends a write of a product's images: the listings show the
// first image, so the catalogue version moves on; then the history entry.
func (s *Store) imageChanged(ctx context.Context, c *conn, t oroshi.TenantID, ev audit.Event) error {
	if err := s.bumpCatalog(ctx, c, t); err != nil {
		return err
	}
	return s.recordAudit(ctx, c, ev)
}

// imageColumn picks the stored version; the two names are constants.
func imageColumn(thumb bool) string {
	if thumb {
		return "i.thumb"
	}
	return "i.data"
}

// ProductImage returns one version of an image of tenant t.
func (s *Store) ProductImage(ctx context.Context, t oroshi.TenantID, imageID oroshi.ID, thumb bool) (catalog.ImageFile, error) {
	return s.imageFile(ctx, t, imageID, thumb, "", nil)
}

// BuyerImage returns one version of an image of a product the viewer may
// see; any other image answers as missing.
func (s *Store) BuyerImage(ctx context.Context, t oroshi.TenantID, v catalog.Viewer, imageID oroshi.ID, thumb bool) (catalog.ImageFile, error) {
	cond, args := buyerVisible(v)
	return s.imageFile(ctx, t, imageID, thumb, cond, args)
}

func (s *Store) imageFile(ctx context.Context, t oroshi.TenantID, imageID oroshi.ID, thumb bool, cond string, args []any) (catalog.ImageFile, error) {
	q := `SELECT i.id, i.product_id, i.position, i.content_type, i.width, i.height, i.sha256, i.created_at, ` +
		imageColumn(thumb) + ` FROM product_images i JOIN products p ON p.tenant_id = i.tenant_id AND p.id = i.product_id
		WHERE i.tenant_id = ? AND i.id = ?`
	if cond != "" {
		q += " AND " + cond
	}
	var f catalog.ImageFile
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		f.Image, err = scanImage(c.row(ctx, q, append([]any{t, imageID}, args...)...), &f.Data)
		return err
	})
	if err != nil {
		return catalog.ImageFile{}, fmt.Errorf("image %s: %w", imageID, s.translate(err))
	}
	if thumb {
		f.Width, f.Height = catalog.ThumbDims(f.Width, f.Height)
	}
	return f, nil
}
