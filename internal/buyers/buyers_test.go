package buyers

import "testing"

func TestValidate(t *testing.T) {
	tests := []struct {
		b  Buyer
		ok bool
	}{
		{Buyer{Code: "B001", Name: "株式会社まるやま商店"}, true},
		{Buyer{Code: "", Name: "x"}, false},
		{Buyer{Code: "B 01", Name: "x"}, false},
		{Buyer{Code: "B001", Name: "  "}, false},
		{Buyer{Code: "あいう", Name: "x"}, false},
	}
	for _, tt := range tests {
		if err := Validate(tt.b); (err == nil) != tt.ok {
			t.Errorf("Validate(%+v) = %v", tt.b, err)
		}
	}
}
