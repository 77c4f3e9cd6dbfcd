package main

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/app"
)

func cmdAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(e.stderr, "Usage: oroshi audit verify [--tenant S]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return usageError{"audit needs verify"}
	}
	fs := flags(e, "audit verify", "audit verify [--tenant S]")
	slug := fs.String("tenant", "", "tenant slug (default: every tenant and the platform's own history)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	chains, err := auditChains(ctx, a, *slug)
	if err != nil {
		return err
	}
	broken := 0
	for _, c := range chains {
		v, err := a.Store.VerifyAudit(ctx, c.id)
		if err != nil {
			return err
		}
		if v.OK() {
			fmt.Fprintf(e.stdout, "OK  %s: %d件 改ざんなし / chain intact, %d entries\n", c.label, v.Entries, v.Entries)
			continue
		}
		broken++
		fmt.Fprintf(e.stdout, "NG  %s: %s\n", c.label, v.Break.Message())
	}
	if broken > 0 {
		return fmt.Errorf("操作履歴の改ざんを %d 件の契約者で検出しました / audit chain broken for %d of %d", broken, broken, len(chains))
	}
	return nil
}

type auditChain struct {
	id    oroshi.TenantID
	label string
}

// auditChains is the tenant named by slug, or every tenant and the
// platform's own chain (operators' actions) when slug is empty.
func auditChains(ctx context.Context, a *app.App, slug string) ([]auditChain, error) {
	if slug != "" {
		id, _, err := tenantID(ctx, a, slug)
		if err != nil {
			return nil, err
		}
		return []auditChain{{id, slug}}, nil
	}
	list, err := a.Store.Tenants(ctx)
	if err != nil {
		return nil, err
	}
	out := []auditChain{{oroshi.PlatformTenant, "(運営 / platform)"}}
	for _, t := range list {
		out = append(out, auditChain{t.ID, t.Slug})
	}
	return out, nil
}
