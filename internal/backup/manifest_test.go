package backup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

func TestCompare(t *testing.T) {
	a, b, c := TableSum{"a", 1, "aa"}, TableSum{"b", 2, "bb"}, TableSum{"c", 3, "cc"}
	tests := []struct {
		name      string
		want, got []TableSum
		out       string
	}{
		{"same", []TableSum{a, b}, []TableSum{b, a}, ""},
		{"missing", []TableSum{a, b}, []TableSum{a}, "b: missing (want 2 rows)"},
		{"extra", []TableSum{a}, []TableSum{a, c}, "c: unexpected table (3 rows)"},
		{"differs", []TableSum{a}, []TableSum{{"a", 1, "ab"}}, "a: rows 1→1, checksum aa→ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lines []string
			for _, m := range Compare(tt.want, tt.got) {
				lines = append(lines, m.String())
			}
			if got := strings.Join(lines, "\n"); got != tt.out {
				t.Errorf("Compare = %q, want %q", got, tt.out)
			}
			if err := mismatchError(Compare(tt.want, tt.got)); (err == nil) != (tt.out == "") {
				t.Errorf("mismatchError = %v", err)
			}
		})
	}
}

func TestParseRecipients(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "recipients.txt")
	if err := os.WriteFile(file, []byte("# operators\n"+id.Recipient().String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in      string
		n       int
		wantErr bool
	}{
		{"", 0, false},
		{id.Recipient().String(), 1, false},
		{file, 1, false},
		{"age1notakey", 0, true},
		{"/nonexistent/recipients.txt", 0, true},
	}
	for _, tt := range tests {
		rs, err := ParseRecipients(tt.in)
		if len(rs) != tt.n || (err != nil) != tt.wantErr {
			t.Errorf("ParseRecipients(%q) = %d recipients, %v", tt.in, len(rs), err)
		}
	}
}
