package sales

import (
	"errors"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

func TestIsStockMessage(t *testing.T) {
	tests := []struct {
		msg  string
		want bool
	}{
		{StockMessage(0), true},
		{StockMessage(3), true},
		{StockMessage(120000), true},
		{"在庫が不足しています（残り）", false},
		{"在庫が不足しています（残りx）", false},
		{"最小発注数量は12です", false},
		{StockMessage(3) + "／" + "最小発注数量は12です", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsStockMessage(tt.msg); got != tt.want {
			t.Errorf("IsStockMessage(%q) = %v, want %v", tt.msg, got, tt.want)
		}
	}
}

func TestAPIPlacer(t *testing.T) {
	in := PlaceInput{Tenant: 7, BuyerID: 11, UserID: 99, Proxy: true, ByAPIKey: true, ClientAddr: "192.0.2.9"}
	u, actor, err := apiPlacer(in)
	if err != nil || u.ID != 99 || actor != (audit.Actor{Realm: audit.RealmAPI, ID: 99, ClientAddr: "192.0.2.9"}) {
		t.Fatalf("apiPlacer = %+v, %+v, %v", u, actor, err)
	}
	in.Proxy = false
	if _, _, err := apiPlacer(in); !errors.Is(err, oroshi.ErrForbidden) {
		t.Errorf("non-proxy api order: %v, want ErrForbidden", err)
	}
}
