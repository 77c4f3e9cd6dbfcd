package audit

import (
	"reflect"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name          string
		before, after map[string]any
		want          map[string]any
	}{
		{"same", map[string]any{"a": 1}, map[string]any{"a": 1}, map[string]any{}},
		{"changed", map[string]any{"a": 1, "b": "x"}, map[string]any{"a": 2, "b": "x"}, map[string]any{"a": Change{1, 2}}},
		{"added", map[string]any{}, map[string]any{"a": []string{"x"}}, map[string]any{"a": Change{nil, []string{"x"}}}},
		{"removed", map[string]any{"a": 1}, map[string]any{}, map[string]any{"a": Change{1, nil}}},
	}
	for _, tt := range tests {
		if got := Diff(tt.before, tt.after); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Diff = %v, want %v", tt.name, got, tt.want)
		}
	}
}
