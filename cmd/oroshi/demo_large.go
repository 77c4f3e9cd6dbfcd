package main

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"time"

	"github.com/oroshi-jp/oroshi/internal/loadgen"
)

// largeFlags are the flags of `oroshi demo --scale large`.
type largeFlags struct {
	scale string
	spec  loadgen.Spec
}

func (l *largeFlags) register(fs *flag.FlagSet) {
	d := loadgen.DefaultSpec
	fs.StringVar(&l.scale, "scale", "", `"large": generate the large data set for performance work instead of the demo`)
	fs.IntVar(&l.spec.Tenants, "tenants", d.Tenants, "with --scale large: tenants")
	fs.IntVar(&l.spec.SKUs, "skus", d.SKUs, "with --scale large: SKUs of the big tenant")
	fs.IntVar(&l.spec.Buyers, "buyers", d.Buyers, "with --scale large: buyer companies of the big tenant")
	fs.IntVar(&l.spec.Orders, "orders", d.Orders, "with --scale large: orders of the big tenant")
}

// cmdDemoLarge generates the large data set and prints its figures.
func cmdDemoLarge(ctx context.Context, e *env, spec loadgen.Spec) error {
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	w := e.stdout
	r, err := loadgen.Run(ctx, a.Store, spec, func(s string) { fmt.Fprintln(w, s) })
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "大量データを生成しました (%s, %v)。\n\n", a.Store.Engine(), r.Total.Round(time.Second))
	tables := make([]string, 0, len(r.Counts))
	for t := range r.Counts {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		fmt.Fprintf(w, "  %-22s %12d\n", t, r.Counts[t])
	}
	fmt.Fprintln(w)
	for _, p := range r.Phases {
		fmt.Fprintf(w, "  %8.1f s  %s\n", p.Elapsed.Seconds(), p.Name)
	}
	base, slug := e.cfg.PublicURL(), loadgen.Slug(0)
	fmt.Fprintf(w, "\nパスワード (全員共通 / all users): %s\n", loadgen.Password)
	fmt.Fprintf(w, "  admin  %-36s %s/%s/admin/login  オーナー（初回ログインで二段階認証を設定）\n", r.Big.OwnerEmail, base, slug)
	fmt.Fprintf(w, "  admin  %-36s %s/%s/admin/login  担当者\n", "staff@"+slug+".example", base, slug)
	fmt.Fprintf(w, "  shop   %-36s %s/%s/login\n", r.Big.BuyerEmail, base, slug)
	return nil
}
