package web

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

func TestNiceCeil(t *testing.T) {
	for _, c := range []struct{ in, want int64 }{
		{0, 10_000}, {-5, 10_000}, {1, 4}, {7, 8}, {9, 12}, {90, 100}, {101, 200},
		{38_000, 40_000}, {41_000, 80_000}, {123_456, 200_000}, {1_000_000, 1_000_000}, {1_000_001, 2_000_000},
		{2_400_000_000, 4_000_000_000},
	} {
		got := niceCeil(c.in)
		if got != c.want || got%chartTicks != 0 || got < c.in {
			t.Errorf("niceCeil(%d) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestAxisAndTagAmounts(t *testing.T) {
	for _, c := range []struct {
		lang string
		v    int64
		want string
	}{
		{langJA, 0, "0"}, {langJA, 2_500, "2,500"}, {langJA, 10_000, "1万"}, {langJA, 25_000, "2.5万"},
		{langJA, 500_000, "50万"}, {langJA, 150_000_000, "1.5億"},
		{langEN, 2_500, "2.5k"}, {langEN, 500_000, "500k"}, {langEN, 1_500_000, "1.5M"},
	} {
		if got := axisYen(c.lang, c.v); got != c.want {
			t.Errorf("axisYen(%s, %d) = %q, want %q", c.lang, c.v, got, c.want)
		}
	}
	for v, want := range map[int64]string{8_500: "8,500円", 123_456: "12.3万円", 12_345_678: "1,235万円",
		123_456_789: "1.2億円", 10_000: "1万円"} {
		if got := compactYen(v); got != want {
			t.Errorf("compactYen(%d) = %q, want %q", v, got, want)
		}
	}
}

var barRE = regexp.MustCompile(`<rect class="bar" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"`)

// barHeights are the heights of the drawn bars, in order.
func barHeights(t *testing.T, svg string) []float64 {
	t.Helper()
	var out []float64
	for _, m := range barRE.FindAllStringSubmatch(svg, -1) {
		h, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, h)
	}
	return out
}

func TestBarChartScale(t *testing.T) {
	plot := chartH - chartTop - chartBottom
	svg := string(barChart{Summary: "s", Bars: []chartBar{{Value: 40_000}, {Value: 20_000}, {Value: 0}, {Value: 10_000}}}.SVG())
	h := barHeights(t, svg)
	if len(h) != 3 || h[0] != plot || h[1] != plot/2 || h[2] != plot/4 {
		t.Errorf("heights %v, want %g, %g, %g (zero: no bar)", h, plot, plot/2, plot/4)
	}
	if n := strings.Count(svg, `<g class="col`); n != 4 {
		t.Errorf("%d columns, want 4 (a zero day keeps its place)", n)
	}
	for _, tick := range []string{">0<", ">1万<", ">2万<", ">3万<", ">4万<"} {
		if !strings.Contains(svg, tick) {
			t.Errorf("tick %s missing", tick)
		}
	}
	// A tiny sale next to a big one is still visible.
	h = barHeights(t, string(barChart{Bars: []chartBar{{Value: 1_000_000}, {Value: 1}}}.SVG()))
	if len(h) != 2 || h[1] < chartMinVisibleBarHeight {
		t.Errorf("tiny bar heights %v", h)
	}
}

func TestBarChartEmptyAndOnePoint(t *testing.T) {
	empty := string(barChart{Summary: "日別売上", Empty: "この期間の売上はまだありません",
		Bars: []chartBar{{Label: "1"}, {Label: "2"}}}.SVG())
	if len(barHeights(t, empty)) != 0 || !strings.Contains(empty, `class="empty"`) || !strings.Contains(empty, ">2,500<") {
		t.Errorf("empty chart: %s", empty)
	}
	none := string(barChart{Summary: "x"}.SVG())
	if !strings.HasPrefix(none, `<svg class="chart `) || !strings.HasSuffix(none, "</svg>") || strings.Contains(none, "NaN") {
		t.Errorf("no bars: %s", none)
	}
	one := string(barChart{Bars: []chartBar{{Label: "5月", Value: 12_345, Tag: "1.2万円", Title: "2026年5月 12,345円"}}}.SVG())
	h := barHeights(t, one)
	if len(h) != 1 || h[0] <= 0 || strings.Contains(one, "NaN") || !strings.Contains(one, "<title>2026年5月 12,345円</title>") ||
		!strings.Contains(one, ">1.2万円</text>") {
		t.Errorf("one bar: %v %s", h, one)
	}
}

func TestBarChartEscapesAndIsAccessible(t *testing.T) {
	svg := string(barChart{Class: `x" onload="alert(1)`, Summary: `売上 <合計> & "最高"`,
		Bars: []chartBar{{Label: "<b>", Group: "&", Title: `</title><script>alert(1)</script>`, Tag: "<i>", Value: 5}}}.SVG())
	for _, bad := range []string{"<script", "<b>", "<i>", `" onload="`, "style="} {
		if strings.Contains(svg, bad) {
			t.Errorf("unescaped %q in %s", bad, svg)
		}
	}
	if !strings.Contains(svg, `role="img" aria-label="売上 &lt;合計&gt; &amp; &#34;最高&#34;"`) {
		t.Errorf("aria-label: %s", svg)
	}
}

// dashboardSample is a seller with a few months of sales, for the page
// render test (and a look in a browser: see TestDashboardRender).
func dashboardSample() sales.Dashboard {
	today := pricing.NewDate(2026, 5, 13)
	q := sales.DashboardQueryOf(today)
	d := sales.Dashboard{Today: today, Received: 7, BuyerPending: 2}
	for i, day := 0, q.From; day.Compare(q.To) <= 0; i, day = i+1, day.AddDays(1) {
		amt := oroshi.Yen(0)
		if wd := time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, time.UTC).Weekday(); wd != time.Sunday && wd != time.Saturday {
			amt = oroshi.Yen(180_000 + (i*37_000)%260_000)
		}
		d.Days = append(d.Days, sales.Bucket{Start: day, Amount: sales.Amount{Amount: amt, Orders: int(amt / 24_000)}})
	}
	for i, m := 0, q.FirstMonth; i < sales.DashboardMonths; i++ {
		amt := oroshi.Yen(3_200_000 + (i*910_000)%2_700_000)
		d.Months = append(d.Months, sales.Bucket{Start: m, Amount: sales.Amount{Amount: amt, Orders: int(amt / 25_000)}})
		m = pricing.NewDate(m.Year+int(m.Month)/12, m.Month%12+1, 1)
	}
	for i := range 5 {
		d.Oldest = append(d.Oldest, sales.Order{ID: oroshi.ID(100 + i), Number: "O-2026-00012" + strconv.Itoa(i),
			BuyerName: "株式会社まるやま商店", PlacedAt: time.Date(2026, 5, 11, 1+i, 0, 0, 0, time.UTC),
			Totals: sales.Totals{Total: oroshi.Yen(12_100 * (i + 1))}})
	}
	for i := range 10 {
		d.TopProducts = append(d.TopProducts, sales.ProductSales{SKUID: oroshi.ID(i + 1), Code: "P-" + strconv.Itoa(1000+i),
			ProductName: "業務用ラップ 30cm", Variant: "50m巻", Quantity: int64(400 - i*30), Amount: sales.Amount{Amount: oroshi.Yen(480_000 - i*41_000)}})
		d.TopBuyers = append(d.TopBuyers, sales.BuyerSales{BuyerID: oroshi.ID(i + 1), BuyerName: "有限会社やまびこ<" + strconv.Itoa(i) + ">",
			Amount: sales.Amount{Amount: oroshi.Yen(900_000 - i*70_000), Orders: 30 - i*2}})
	}
	return d
}

// TestDashboardRender renders the admin home with a full dashboard in both
// languages. With OROSHI_DASHBOARD_HTML=dir it also writes the pages with
// their stylesheets inlined, to look at them in a browser.
func TestDashboardRender(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{langJA, langEN} {
		v := dashboardViewOf(lang, dashboardSample())
		v.Receivables = receivablesOf(billing.Aging{Rows: []billing.AgingRow{
			{BuyerID: 1, BuyerName: "株式会社まるやま商店", Total: 120_000}, {BuyerID: 2, BuyerName: "有限会社やまびこ", Total: 480_000}},
			Totals: billing.AgingRow{Amounts: [5]oroshi.Yen{400_000, 200_000}, Total: 600_000}}, 5)
		p := &Page{Lang: lang, Title: "管理画面", Area: "admin", Base: "/maru/admin", Tenant: &tenancy.Tenant{Name: "丸川食品株式会社"},
			Data: adminHomeView{Dash: v}}
		var buf bytes.Buffer
		if err := pages.execute(&buf, "admin/home", p); err != nil {
			t.Fatal(err)
		}
		html := buf.String()
		want := []string{`<svg class="chart daily"`, `<svg class="chart monthly"`, `role="img"`, `/maru/admin/orders/100"`,
			"O-2026-000124", "有限会社やまびこ&lt;9&gt;", `/static/dashboard.css`, `/maru/admin/orders?status=received`}
		if lang == langJA {
			want = append(want, "日別売上（直近30日）", "2026年5月", "5月13日（水）", "注文日（日本時間）", "売掛金残高", "期日超過 200,000円")
		} else {
			want = append(want, "Daily sales (last 30 days)", "May 2026", "Wed 13 May")
		}
		for _, s := range want {
			if !strings.Contains(html, s) {
				t.Errorf("%s: %q missing", lang, s)
			}
		}
		if strings.Contains(html, "style=") || strings.Contains(html, "<script>") {
			t.Errorf("%s: inline style or script on the page", lang)
		}
		if dir := os.Getenv("OROSHI_DASHBOARD_HTML"); dir != "" {
			writeDashboardPreview(t, dir, lang, html)
		}
	}
}

// writeDashboardPreview saves the page with the stylesheets inlined.
func writeDashboardPreview(t *testing.T, dir, lang, html string) {
	var css strings.Builder
	for _, f := range []string{"static/app.css", "static/dashboard.css"} {
		b, err := staticFS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		css.Write(b)
	}
	html = strings.Replace(html, "</head>", "<style>"+css.String()+"</style></head>", 1)
	if err := os.WriteFile(dir+"/dashboard-"+lang+".html", []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
}
