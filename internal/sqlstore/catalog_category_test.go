package sqlstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestCatalogCategories(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "marukawa")
		svc := &catalog.Service{Store: s}
		mk := func(name string, parent oroshi.ID) catalog.Category {
			t.Helper()
			c, err := svc.CreateCategory(ctx, tn, catalog.Category{Name: name, Kana: "ｶﾝﾌﾞﾂ", ParentID: parent}, catActor)
			if err != nil {
				t.Fatalf("create %s: %v", name, err)
			}
			return c
		}
		food := mk("食品", 0)
		dried := mk("乾物", food.ID)
		bonito := mk("鰹節", dried.ID)
		hon := mk("本枯れ", bonito.ID)
		if hon.Kana != "カンブツ" {
			t.Errorf("kana not width-folded: %q", hon.Kana)
		}
		_, err := svc.CreateCategory(ctx, tn, catalog.Category{Name: "五階層目", ParentID: hon.ID}, catActor)
		wantFieldError(t, err, "parent_id", "4階層")
		// Moving 乾物 under 本枯れ would be a cycle.
		move := dried
		move.ParentID = hon.ID
		_, err = svc.UpdateCategory(ctx, tn, move, catActor)
		wantFieldError(t, err, "parent_id", "自身")
		// Rename and move 本枯れ to the top.
		hon.Name, hon.ParentID = "本枯れ節", 0
		if hon, err = svc.UpdateCategory(ctx, tn, hon, catActor); err != nil || hon.ParentID != 0 || hon.Name != "本枯れ節" {
			t.Fatalf("rename/move: %+v, %v", hon, err)
		}
		tree, err := svc.CategoryTree(ctx, tn)
		if err != nil || len(tree) != 2 {
			t.Fatalf("tree = %v, %v", tree, err)
		}
		// Roots sort by position, then name: 本 (U+672C) before 食 (U+98DF).
		if top := tree[1]; top.ID != food.ID || len(top.Children) != 1 || top.Children[0].Children[0].Depth != 3 {
			t.Errorf("tree = %+v", tree)
		}
		// 乾物 has a subcategory; 鰹節 gets a product: both are refused.
		err = svc.DeleteCategory(ctx, tn, dried.ID, catActor)
		wantFieldError(t, err, "category", "下位カテゴリが1件あるため削除できません")
		p := katsuobushi()
		p.CategoryID = bonito.ID
		if _, err := svc.CreateProduct(ctx, tn, p, catActor); err != nil {
			t.Fatal(err)
		}
		err = svc.DeleteCategory(ctx, tn, bonito.ID, catActor)
		wantFieldError(t, err, "category", "商品が1件登録されているため削除できません")
		if err := svc.DeleteCategory(ctx, tn, hon.ID, catActor); err != nil {
			t.Errorf("delete empty category: %v", err)
		}
		if err := svc.DeleteCategory(ctx, tn, hon.ID, catActor); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("delete twice: %v", err)
		}
		_, err = svc.CreateCategory(ctx, tn, catalog.Category{Name: "迷子", ParentID: hon.ID}, catActor)
		wantFieldError(t, err, "parent_id", "見つかりません")
		var actions []string
		for _, l := range auditLines(t, s, tn) {
			if strings.Contains(l, " category:") {
				actions = append(actions, strings.Fields(l)[0])
			}
		}
		want := "カテゴリ（作成） カテゴリ（作成） カテゴリ（作成） カテゴリ（作成） カテゴリ（更新） カテゴリ（削除）"
		if got := strings.Join(actions, " "); got != want {
			t.Errorf("category audit = %s\nwant %s", got, want)
		}
	})
}
