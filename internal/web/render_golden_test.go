package web

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateRender = flag.Bool("update", false, "rewrite testdata/render/*.html from the current templates")

// TestRenderGolden: the hot pages of BenchmarkRender render exactly as
// recorded, in both languages. Rendering is tuned for speed; this test is
// what says a change left every byte of the pages as it was. Run with
// -update only for a change meant to alter the pages, and read the diff.
func TestRenderGolden(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hotPages() {
		for _, lang := range []string{langJA, langEN} {
			got := renderHot(t, pages, h, lang)
			file := filepath.Join("testdata", "render", strings.ReplaceAll(h.key(), "/", "_")+"."+lang+".html")
			if *updateRender {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to record it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s (%s) differs from %s at byte %d", h.key(), lang, file, firstDiff(got, want))
			}
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
