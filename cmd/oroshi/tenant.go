package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

func cmdTenant(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && isTenantContractCmd(args[0]) {
		return tenantContract(ctx, e, args[0], args[1:])
	}
	if len(args) == 0 || (args[0] != "create" && args[0] != "list") {
		fmt.Fprintln(e.stderr, "Usage: oroshi tenant create --slug S --name N --admin-email E [--admin-name NAME]\n       oroshi tenant list\n       "+tenantContractUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return usageError{"tenant needs create or list"}
	}
	if args[0] == "list" {
		return tenantList(ctx, e, args[1:])
	}
	return tenantCreate(ctx, e, args[1:])
}

func tenantCreate(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "tenant create", "tenant create --slug S --name N --admin-email E [--admin-name NAME]")
	slug := fs.String("slug", "", "URL name of the tenant: a-z, 0-9 and -, 3-40 characters")
	name := fs.String("name", "", "company name (会社名)")
	email := fs.String("admin-email", "", "e-mail of the first admin (owner)")
	adminName := fs.String("admin-name", "管理者", "name of the first admin")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *slug == "" || *name == "" || *email == "" {
		return usageError{"--slug, --name and --admin-email are required"}
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	t, err := a.Tenants.Create(ctx, *slug, *name)
	if err != nil {
		return err
	}
	u, err := a.Identity.CreateUser(ctx, identity.NewUser{Tenant: t.ID, Realm: identity.RealmAdmin, Email: *email,
		Name: *adminName, Role: identity.RoleOwner}, cli)
	if err != nil {
		return fmt.Errorf("tenant %s created, but its admin could not be: %w", t.Slug, err)
	}
	link, err := a.Identity.Invite(ctx, u, t.Slug, t.Name, "oroshi 運営事務局")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "tenant %s (%s) id=%s\nadmin %s: set the password within 7 days at\n%s\n", t.Slug, t.Name, t.ID, u.Email, link)
	return nil
}

func tenantList(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "tenant list", "tenant list")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	list, err := a.Store.Tenants(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSLUG\tNAME\tSTATUS\tCREATED\tCONTRACT END")
	for _, t := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Slug, t.Name, t.Status, t.CreatedAt.Format("2006-01-02"), t.Contract.End)
	}
	return tw.Flush()
}
