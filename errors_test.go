package oroshi

import (
	"errors"
	"fmt"
	"testing"
)

func TestValidationError(t *testing.T) {
	tests := []struct {
		name   string
		fields [][2]string
		want   string
		nilErr bool
	}{
		{name: "empty", nilErr: true},
		{name: "one", fields: [][2]string{{"email", "必須です"}}, want: "invalid input: email: 必須です"},
		{name: "first wins and sorted", fields: [][2]string{{"b", "x"}, {"a", "y"}, {"b", "z"}}, want: "invalid input: a: y; b: x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &ValidationError{}
			for _, f := range tt.fields {
				v.Add(f[0], f[1])
			}
			err := v.Err()
			if tt.nilErr {
				if err != nil {
					t.Fatalf("Err() = %v, want nil", err)
				}
				return
			}
			if err.Error() != tt.want {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.want)
			}
			var ve *ValidationError
			if !errors.As(fmt.Errorf("wrap: %w", err), &ve) {
				t.Error("errors.As failed through wrapping")
			}
		})
	}
}

func TestParseID(t *testing.T) {
	tests := []struct {
		in   string
		want ID
		ok   bool
	}{
		{"42", 42, true}, {"0", 0, false}, {"-1", 0, false}, {"abc", 0, false}, {"", 0, false},
		{"99999999999999999999", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseID(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseID(%q) = %v, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			t.Errorf("ParseID(%q) error %v is not ErrNotFound", tt.in, err)
		}
	}
}
