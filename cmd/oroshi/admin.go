package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/app"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/logging"
)

// cli is who acts when an operator runs a command on the server.
var cli = audit.Actor{Realm: audit.RealmSystem, ClientAddr: "cli"}

func openApp(ctx context.Context, e *env, migrate bool) (*app.App, error) {
	log := logging.New(e.stderr, e.cfg.LogFormat, "warn", e.stderrIsTTY)
	return app.Open(ctx, e.cfg, log, migrate)
}

func cmdMigrate(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "migrate", "migrate")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	fmt.Fprintf(e.stdout, "migrated (%s)\n", a.Store.Engine())
	return nil
}

func cmdVersion(_ context.Context, e *env, args []string) error {
	fs := flags(e, "version", "version")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "oroshi %s\n", app.Version)
	return nil
}

func cmdDemo(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "demo", "demo [--scale large [--tenants N --skus N --buyers N --orders N]]")
	var large largeFlags
	large.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	switch large.scale {
	case "large":
		return cmdDemoLarge(ctx, e, large.spec)
	case "":
	default:
		return usageError{"--scale: only \"large\" is known"}
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	s := demo.Seeder{Store: a.Store, Identity: a.Identity, Buyers: a.Buyers, Catalog: a.Catalog,
		Pricing: a.Pricing, Sales: a.Sales, Documents: a.Documents, Billing: a.Billing, FontDir: e.cfg.FontDir, BaseURL: e.cfg.PublicURL()}
	r, err := s.Run(ctx)
	if err != nil {
		return err
	}
	// PostgreSQL: planner statistics for what was just loaded, as
	// autovacuum would take them a minute or more later; until then every
	// tenant index looks like one row, and e.g. a cart's SKUs were read by
	// scanning the tenant's products (0.5 ms instead of 0.08). SQLite is
	// left as it runs (nothing analyzes it): with statistics of the small
	// demo catalogue it placed 30 % fewer orders per second (measured with
	// the load test's focused order step; the plan that turns worse is not
	// found yet).
	if a.Store.Engine() == "postgres" {
		if err := a.Store.AnalyzeAfterLoad(ctx); err != nil {
			return fmt.Errorf("demo: analyze: %w", err)
		}
	}
	w, n := e.stdout, r.Counts
	fmt.Fprintf(w, "デモ契約者「さくら食品株式会社」(%s) の準備ができました。\n", demo.Slug)
	fmt.Fprintf(w, "商品 %d件（品番 %d）・カテゴリ %d・取引先 %d社・価格グループ %d・価格表 %d（特価 %d品番）・個別単価 %d件\n",
		n.Products, n.SKUs, n.Categories, n.Buyers, n.PriceGroups, n.PriceLists, n.ListItems, n.BuyerPrices)
	if n.Orders > 0 {
		fmt.Fprintf(w, "注文 %d件（受付・承認・一部出荷・出荷済・完了・キャンセルの各状態）\n", n.Orders)
	}
	if n.Documents > 0 {
		fmt.Fprintf(w, "帳票 %d件（注文請書・納品書）・帳票設定（登録番号 %s）\n", n.Documents, demo.RegistrationNo)
	}
	if n.Invoices > 0 {
		fmt.Fprintf(w, "請求書 %d件・入金 %d件・返還請求書 %d件（B003 の %s 締めは未処理：締め処理で試せます）\n",
			n.Invoices, n.Payments, n.CreditNotes, r.PendingClosing)
	}
	fmt.Fprintf(w, "パスワード (全員共通 / all users): %s\n\n", demo.Password)
	// Japanese labels go last: %-Ns pads by characters, not display width.
	for _, l := range r.Logins {
		fmt.Fprintf(w, "  %-6s %-30s %-42s %s\n", l.Area, l.Email, l.URL, l.Role)
		if l.TOTPSecret != "" {
			fmt.Fprintf(w, "         二段階認証キー (TOTP secret): %s\n", l.TOTPSecret)
		}
	}
	fmt.Fprintln(w, "\n二段階認証が必要な運営者・オーナーは、上のキーを認証アプリに登録してください。")
	fmt.Fprintln(w, "担当者 (tanaka) と取引先ユーザーはパスワードだけでログインできます。")
	return nil
}

// tenantID resolves a slug given on the command line.
func tenantID(ctx context.Context, a *app.App, slug string) (oroshi.TenantID, string, error) {
	if slug == "" {
		return 0, "", usageError{"--tenant is required"}
	}
	t, err := a.Store.TenantBySlug(ctx, slug)
	if err != nil {
		return 0, "", fmt.Errorf("tenant %q does not exist: %w", slug, err)
	}
	return t.ID, t.Name, nil
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}
