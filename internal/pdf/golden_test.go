package pdf_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGoldenText pins the layout as pdftotext reads it: a change to where
// things are printed shows up as a reviewable text diff.
func TestGoldenText(t *testing.T) {
	e := pdftest.Engine(t)
	d := invoice(12)
	d.Issuer.Logo, d.Issuer.Seal = logo(t), seal(t)
	b, err := e.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	got := pdftest.Text(t, b)
	path := filepath.Join("testdata", "invoice.txt")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output; run go test -update and review the diff\n%s", path, got)
	}
}
