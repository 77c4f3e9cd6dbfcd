package catalog

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Audit actions (操作履歴) and target types.
const (
	ActionCategoryCreate = "カテゴリ（作成）"
	ActionCategoryUpdate = "カテゴリ（更新）"
	ActionCategoryDelete = "カテゴリ（削除）"
	ActionProductCreate  = "商品データ（作成）"
	ActionProductUpdate  = "商品データ（更新）"
	ActionProductDelete  = "商品データ（削除）"
	ActionImageAdd       = "商品画像（登録）"
	ActionImageDelete    = "商品画像（削除）"
	ActionStockUpdate    = "在庫（更新）"

	TargetProduct  = "product"
	TargetCategory = "category"
)

// Scanner checks an upload for malware before it is stored (ClamAV comes
// with a later issue). An infected file makes Scan return an error that is
// passed on to the caller.
type Scanner interface {
	Scan(ctx context.Context, data []byte) error
}

// Service holds the rules of the catalogue.
type Service struct {
	Store Store
	// ValidateCustom checks custom field values (the customfields
	// package); nil accepts any values.
	ValidateCustom func(ctx context.Context, t oroshi.TenantID, values map[string]any) (map[string]any, error)
	// Scanner checks uploaded images; nil means no scan.
	Scanner Scanner

	trees     treeCache     // buyers' category trees by catalogue version
	audiences audienceCache // buyers named on visibility lists, by catalogue version
}

func event(actor audit.Actor, t oroshi.TenantID, action, target string, id oroshi.ID) audit.Event {
	idText := ""
	if id != 0 {
		idText = id.String()
	}
	ev := actor.Event(action, target, idText)
	ev.Tenant = t
	return ev
}

// Categories lists the tenant's categories (unordered; see Tree).
func (s *Service) Categories(ctx context.Context, t oroshi.TenantID) ([]Category, error) {
	return s.Store.Categories(ctx, t)
}

// CategoryTree returns the tenant's categories as a tree.
//
// The categories are read once per catalogue version (a product page shows
// its category's trail from it; see treeCache): the version is read first,
// so what is kept under it is never older than it.
func (s *Service) CategoryTree(ctx context.Context, t oroshi.TenantID) ([]*CategoryNode, error) {
	version, err := s.Store.CatalogVersion(ctx, t)
	if err != nil {
		return nil, err
	}
	all, ok := s.trees.categories(t, version)
	if !ok {
		if all, err = s.Store.Categories(ctx, t); err != nil {
			return nil, err
		}
		s.trees.putCategories(t, version, all)
	}
	return Tree(all), nil
}

// CreateCategory adds a category under c.ParentID (0 for a root).
func (s *Service) CreateCategory(ctx context.Context, t oroshi.TenantID, c Category, actor audit.Actor) (Category, error) {
	c.Tenant, c.ID = t, 0
	TidyCategory(&c)
	if err := ValidateCategory(c); err != nil {
		return Category{}, err
	}
	all, err := s.Store.Categories(ctx, t)
	if err != nil {
		return Category{}, err
	}
	if err := checkPlacement(all, 0, c.ParentID); err != nil {
		return Category{}, err
	}
	ev := event(actor, t, ActionCategoryCreate, TargetCategory, 0)
	ev.Detail = categorySnapshot(c)
	return s.Store.CreateCategory(ctx, c, ev)
}

// UpdateCategory renames or moves a category (name, kana, parent,
// position). Nothing is written, nor recorded, when nothing changed.
func (s *Service) UpdateCategory(ctx context.Context, t oroshi.TenantID, c Category, actor audit.Actor) (Category, error) {
	c.Tenant = t
	TidyCategory(&c)
	if err := ValidateCategory(c); err != nil {
		return Category{}, err
	}
	all, err := s.Store.Categories(ctx, t)
	if err != nil {
		return Category{}, err
	}
	before, err := findCategory(all, c.ID)
	if err != nil {
		return Category{}, err
	}
	if c.ParentID != before.ParentID {
		if err := checkPlacement(all, c.ID, c.ParentID); err != nil {
			return Category{}, err
		}
	}
	diff := audit.Diff(categorySnapshot(before), categorySnapshot(c))
	if len(diff) == 0 {
		return before, nil
	}
	ev := event(actor, t, ActionCategoryUpdate, TargetCategory, c.ID)
	ev.Detail = diff
	return s.Store.UpdateCategory(ctx, c, ev)
}

// DeleteCategory removes an empty category; one with subcategories or
// products is refused with a Japanese message saying why.
func (s *Service) DeleteCategory(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) error {
	all, err := s.Store.Categories(ctx, t)
	if err != nil {
		return err
	}
	before, err := findCategory(all, id)
	if err != nil {
		return err
	}
	ev := event(actor, t, ActionCategoryDelete, TargetCategory, id)
	ev.Detail = categorySnapshot(before)
	return s.Store.DeleteCategory(ctx, t, id, ev)
}

func findCategory(all []Category, id oroshi.ID) (Category, error) {
	for _, c := range all {
		if c.ID == id {
			return c, nil
		}
	}
	return Category{}, fmt.Errorf("category %s: %w", id, oroshi.ErrNotFound)
}

func categorySnapshot(c Category) map[string]any {
	return map[string]any{"name": c.Name, "kana": c.Kana, "parent_id": c.ParentID.String(), "position": c.Position}
}
