package catalog

import (
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

// chain is 1 ← 2 ← 3 ← 4 (four levels) plus a lone root 10 with a child 11.
func chain() []Category {
	return []Category{
		{ID: 1, Name: "食品"}, {ID: 2, ParentID: 1, Name: "乾物"}, {ID: 3, ParentID: 2, Name: "鰹節"},
		{ID: 4, ParentID: 3, Name: "本枯れ"}, {ID: 10, Name: "雑貨", Position: -1}, {ID: 11, ParentID: 10, Name: "箸"},
	}
}

func TestCheckPlacement(t *testing.T) {
	tests := []struct {
		name       string
		id, parent oroshi.ID
		want       string // part of the message; "" for allowed
	}{
		{"new root", 0, 0, ""},
		{"new at depth 4", 0, 3, ""},
		{"new at depth 5", 0, 4, "4階層"},
		{"missing parent", 0, 99, "見つかりません"},
		{"move under itself", 2, 2, "自身"},
		{"move under own descendant", 2, 4, "自身"},
		{"move leaf under leaf", 11, 4, "4階層"},
		{"move two levels under depth 2", 10, 2, ""},
		{"move two levels under depth 3", 10, 3, "4階層"},
		{"move subtree to root", 3, 0, ""},
	}
	for _, tt := range tests {
		err := checkPlacement(chain(), tt.id, tt.parent)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: unexpected %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestTree(t *testing.T) {
	roots := Tree(chain())
	if len(roots) != 2 || roots[0].ID != 10 || roots[1].ID != 1 {
		t.Fatalf("roots = %v", roots)
	}
	n := roots[1]
	for depth := 1; depth <= 4; depth++ {
		if n.Depth != depth {
			t.Errorf("node %s depth %d, want %d", n.Name, n.Depth, depth)
		}
		if depth < 4 {
			n = n.Children[0]
		}
	}
	// An orphan (parent missing) shows as a root; a cycle is not followed.
	cats := append(chain(), Category{ID: 20, ParentID: 99, Name: "迷子"},
		Category{ID: 30, ParentID: 31}, Category{ID: 31, ParentID: 30})
	if roots := Tree(cats); len(roots) != 3 {
		t.Errorf("with orphan and cycle: %d roots, want 3", len(roots))
	}
}

func TestValidateCategory(t *testing.T) {
	tests := []struct {
		name   string
		c      Category
		fields map[string]string
	}{
		{"ok", Category{Name: "乾物", Kana: "カンブツ"}, nil},
		{"name required", Category{Name: " "}, map[string]string{"name": "カテゴリ名を入力"}},
		{"name too long", Category{Name: strings.Repeat("あ", 101)}, map[string]string{"name": "100文字"}},
		{"kana", Category{Name: "乾物", Kana: "乾"}, map[string]string{"kana": "カタカナ"}},
		{"position", Category{Name: "乾物", Position: -1}, map[string]string{"position": "表示順"}},
	}
	for _, tt := range tests {
		c := tt.c
		TidyCategory(&c)
		checkFields(t, tt.name, ValidateCategory(c), tt.fields)
	}
}

func TestCategoryInUse(t *testing.T) {
	if CategoryInUse(0, 0) != nil {
		t.Error("empty category refused")
	}
	for _, tt := range []struct {
		children, products int
		want               string
	}{{2, 0, "下位カテゴリが2件"}, {0, 3, "商品が3件"}, {1, 1, "下位カテゴリ"}} {
		err := CategoryInUse(tt.children, tt.products)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CategoryInUse(%d, %d) = %v, want %q", tt.children, tt.products, err, tt.want)
		}
	}
}
