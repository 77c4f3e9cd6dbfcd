package pricing

import (
	"errors"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

func TestApplyRate(t *testing.T) {
	tests := []struct {
		name            string
		list            oroshi.Yen
		bp              int
		floor, half, up oroshi.Yen
	}{
		{"198円 × 72.5% = 143.55", 198, 7250, 143, 144, 144},
		{"105円 × 33.33% = 34.9965", 105, 3333, 34, 35, 35},
		{"exact: 1,000円 × 70%", 1000, 7000, 700, 700, 700},
		{"exactly half: 101円 × 50% = 50.5", 101, 5000, 50, 51, 51},
		{"just under half: 1円 × 49.99%", 1, 4999, 0, 0, 1},
		{"smallest rate: 1円 × 0.01%", 1, MinRateBP, 0, 0, 1},
		{"0円 list price", 0, 7250, 0, 0, 0},
		{"above list: 999円 × 1000%", 999, MaxRateBP, 9990, 9990, 9990},
		{"bound: 1兆円 × 1000% (no overflow)", MaxYen, MaxRateBP, 10 * MaxYen, 10 * MaxYen, 10 * MaxYen},
		{"bound: (1兆円-1) × 99.99% = 999,899,999,999.0001", MaxYen - 1, 9999, 999_899_999_999, 999_899_999_999, 999_900_000_000},
	}
	for _, tt := range tests {
		for _, m := range []struct {
			r    Rounding
			want oroshi.Yen
		}{{RoundFloor, tt.floor}, {RoundHalfUp, tt.half}, {RoundCeil, tt.up}} {
			got, err := ApplyRate(tt.list, tt.bp, m.r)
			if err != nil || got != m.want {
				t.Errorf("%s, %s: got %d, %v; want %d", tt.name, m.r.Label(), got, err, m.want)
			}
		}
	}
}

func TestApplyRateRefusesOutOfRange(t *testing.T) {
	tests := []struct {
		list oroshi.Yen
		bp   int
		r    Rounding
	}{
		{-1, 7000, RoundFloor},
		{MaxYen + 1, 7000, RoundFloor},
		{100, 0, RoundFloor},
		{100, MaxRateBP + 1, RoundFloor},
		{100, 7000, "banker"},
		{100, 7000, ""},
	}
	for _, tt := range tests {
		if got, err := ApplyRate(tt.list, tt.bp, tt.r); err == nil {
			t.Errorf("ApplyRate(%d, %d, %q) = %d, want an error", tt.list, tt.bp, tt.r, got)
		}
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantMsg string
	}{
		{"72.5", 7250, ""},
		{"72.50", 7250, ""},
		{"72.5%", 7250, ""},
		{" 72 ", 7200, ""},
		{"７２．５％", 7250, ""},
		{"33.33", 3333, ""},
		{"0.01", 1, ""},
		{"1000", MaxRateBP, ""},
		{"100.0", 10000, ""},
		{"0", 0, rateMsg},
		{"0.00", 0, rateMsg},
		{"1000.01", 0, rateMsg},
		{"99999999999999999999", 0, rateMsg},
		{"72.555", 0, "掛け率は小数第2位まで入力してください"},
		{"", 0, "掛け率は数字で入力してください（例: 72.5）"},
		{"72.", 0, "掛け率は数字で入力してください（例: 72.5）"},
		{".5", 0, "掛け率は数字で入力してください（例: 72.5）"},
		{"-5", 0, "掛け率は数字で入力してください（例: 72.5）"},
		{"7,250", 0, "掛け率は数字で入力してください（例: 72.5）"},
		{"1e2", 0, "掛け率は数字で入力してください（例: 72.5）"},
		{"七割", 0, "掛け率は数字で入力してください（例: 72.5）"},
	}
	for _, tt := range tests {
		got, err := ParseRate(tt.in)
		if tt.wantMsg == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseRate(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
			continue
		}
		var ve *oroshi.ValidationError
		if !errors.As(err, &ve) || ve.Fields["rate_bp"] != tt.wantMsg {
			t.Errorf("ParseRate(%q) = %d, %v; want rate_bp: %s", tt.in, got, err, tt.wantMsg)
		}
	}
}

func TestFormatRate(t *testing.T) {
	tests := []struct {
		bp   int
		want string
	}{
		{7250, "72.5%"},
		{7000, "70%"},
		{3333, "33.33%"},
		{1, "0.01%"},
		{10, "0.1%"},
		{MaxRateBP, "1000%"},
	}
	for _, tt := range tests {
		if got := FormatRate(tt.bp); got != tt.want {
			t.Errorf("FormatRate(%d) = %q, want %q", tt.bp, got, tt.want)
		}
		if back, err := ParseRate(tt.want); err != nil || back != tt.bp {
			t.Errorf("ParseRate(FormatRate(%d)) = %d, %v", tt.bp, back, err)
		}
	}
}
