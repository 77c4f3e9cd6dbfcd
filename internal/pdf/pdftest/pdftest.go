// Package pdftest gives tests a PDF engine with the real fonts and runs the
// poppler tools (pdftotext, pdffonts, pdftoppm) on rendered documents.
//
// Fonts are found in $OROSHI_FONT_DIR or in var/fonts at the module root
// (`make fonts`). When they or the tools are missing a test skips with a
// message, or fails when OROSHI_REQUIRE_FONTS=1 (set by .ci/run).
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/pdf"
)

// FontDir returns the directory holding the two Noto Sans JP files.
func FontDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("OROSHI_FONT_DIR")
	if dir == "" {
		dir = filepath.Join(moduleRoot(t), "var", "fonts")
	}
	for _, f := range []string{pdf.RegularFile, pdf.BoldFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			missing(t, "PDF font "+filepath.Join(dir, f)+" not found: run `make fonts` or set OROSHI_FONT_DIR")
		}
	}
	return dir
}

// Engine loads the fonts once per call (a few milliseconds).
func Engine(t testing.TB) *pdf.Engine {
	t.Helper()
	e, err := pdf.Load(FontDir(t))
	if err != nil {
		t.Fatalf("load fonts: %v", err)
	}
	return e
}

func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("pdftest: no go.mod above the test directory")
		}
		dir = parent
	}
}

func missing(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("OROSHI_REQUIRE_FONTS") == "1" {
		t.Fatal(msg + " (OROSHI_REQUIRE_FONTS=1)")
	}
	t.Skip(msg)
}

// Tool runs a poppler tool on doc (written to a temp file) and returns its
// standard output; args may contain "{}" for the file and "{dir}" for a
// scratch directory.
func Tool(t testing.TB, doc []byte, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		missing(t, name+" not found: install poppler-utils")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	for i, a := range args {
		args[i] = strings.NewReplacer("{}", file, "{dir}", dir).Replace(a)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, stderr.String())
	}
	if s := stderr.String(); s != "" {
		t.Errorf("%s %v complained:\n%s", name, args, s)
	}
	return stdout.String()
}

// Text returns `pdftotext -layout` output; pages are separated by "\f".
func Text(t testing.TB, doc []byte) string {
	t.Helper()
	return Tool(t, doc, "pdftotext", "-layout", "{}", "-")
}
