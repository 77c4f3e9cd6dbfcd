package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// The price pages' zero-value views, for TestPagesRender.
func init() {
	for name, data := range map[string]any{
		"admin/prices/index":  priceTopView{},
		"admin/prices/show":   priceListShowView{},
		"admin/prices/buyers": &buyerPricesView{},
		"admin/prices/check":  &priceCheckView{},
	} {
		e := pageViews[name]
		e.data, e.areas = data, []string{"admin"}
		pageViews[name] = e
	}
}

func TestPriceDate(t *testing.T) {
	d := pricing.NewDate
	tests := []struct {
		in   string
		want pricing.Date
	}{
		{"", pricing.Date{}}, {"2026-04-01", d(2026, 4, 1)}, {"2026/4/1", d(2026, 4, 1)},
		{"２０２６／０４／０１", d(2026, 4, 1)}, {"2026年4月1日", d(2026, 4, 1)}, {"2026.10.31", d(2026, 10, 31)},
		{"2026-02-30", priceBadDate}, {"2026-13-01", priceBadDate}, {"4/1", priceBadDate}, {"あした", priceBadDate},
		{"99999-01-01", priceBadDate},
	}
	for _, tt := range tests {
		if got := priceDate(tt.in); got != tt.want {
			t.Errorf("priceDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPriceYen(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		msg  string
	}{
		{"1200", 1200, ""}, {"1,200", 1200, ""}, {"１，２００円", 1200, ""}, {"￥1,200", 1200, ""}, {"0", 0, ""},
		{"", 0, "単価を入力してください"}, {"  ", 0, "単価を入力してください"}, {"12.5", 0, "単価は数字で入力してください（例: 1200）"},
		{"-5", -5, ""}, {"abc", 0, "単価は数字で入力してください（例: 1200）"},
	}
	for _, tt := range tests {
		got, msg := priceYen(tt.in)
		if int64(got) != tt.want || msg != tt.msg {
			t.Errorf("priceYen(%q) = %d, %q; want %d, %q", tt.in, got, msg, tt.want, tt.msg)
		}
	}
}

func TestPricePeriodText(t *testing.T) {
	d := pricing.NewDate
	tests := []struct {
		p    pricing.Period
		want string
	}{
		{pricing.Period{}, "期限なし"},
		{pricing.Period{From: d(2026, 4, 1), To: d(2026, 9, 30)}, "2026/04/01〜2026/09/30"},
		{pricing.Period{From: d(2026, 4, 1)}, "2026/04/01〜"},
		{pricing.Period{To: d(2026, 9, 30)}, "〜2026/09/30"},
	}
	for _, tt := range tests {
		if got := pricePeriodText(tt.p); got != tt.want {
			t.Errorf("pricePeriodText(%v) = %q, want %q", tt.p, got, tt.want)
		}
	}
	breaks := []pricing.Break{{MinQty: 10, Price: 1100}, {MinQty: 1, Price: 1200}}
	if got, want := priceBreaksText(breaks), "1〜: 1,200円 / 10〜: 1,100円"; got != want {
		t.Errorf("priceBreaksText = %q, want %q", got, want)
	}
}

// TestParsePriceBreaks: empty rows are skipped, half-filled rows are the
// form's own errors, and the service's keys come back on the typed rows.
func TestParsePriceBreaks(t *testing.T) {
	form := url.Values{
		"breaks[0].min_qty": {"1"}, "breaks[0].price": {"1,200"},
		"breaks[1].min_qty": {""}, "breaks[1].price": {""},
		"breaks[2].min_qty": {"１０"}, "breaks[2].price": {"1100"},
		"breaks[3].min_qty": {"50"}, "breaks[3].price": {""},
		"breaks[4].min_qty": {"10"}, "breaks[4].price": {"900"},
	}
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := r.ParseForm(); err != nil {
		t.Fatal(err)
	}
	pb := parsePriceBreaks(r)
	want := []pricing.Break{{MinQty: 1, Price: 1200}, {MinQty: 10, Price: 1100}, {MinQty: 50, Price: -1}, {MinQty: 10, Price: 900}}
	if diff := cmp.Diff(want, pb.Breaks); diff != "" {
		t.Errorf("breaks (-want +got):\n%s", diff)
	}
	if len(pb.Rows) != priceRowsShown {
		t.Errorf("%d rows shown again, want %d", len(pb.Rows), priceRowsShown)
	}
	service, _ := asFieldErrors(pricing.ValidateBreaks(pb.Breaks))
	got := pb.fieldErrors(service)
	wantErrs := map[string]string{
		"breaks[3].price":   "単価を入力してください",
		"breaks[4].min_qty": "数量の下限が重複しています",
	}
	if diff := cmp.Diff(wantErrs, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
