package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// tenantContractUsage documents the contract subcommands of `oroshi tenant`.
const tenantContractUsage = "oroshi tenant suspend|resume SLUG --reason R\n       oroshi tenant terminate SLUG [--end YYYY-MM-DD] --reason R"

// isTenantContractCmd tells whether name is one of the contract actions.
func isTenantContractCmd(name string) bool {
	return name == "suspend" || name == "resume" || name == "terminate"
}

// tenantContract runs suspend, resume or terminate on one tenant.
func tenantContract(ctx context.Context, e *env, action string, args []string) error {
	fs := flags(e, "tenant "+action, "tenant "+action+" SLUG --reason R")
	reason := fs.String("reason", "", "why (recorded in the histories and sent to the tenant's admins)")
	end := fs.String("end", "", "terminate: the contract's last day, YYYY-MM-DD (default: today + 30 days)")
	if len(args) == 0 || args[0] == "" || args[0][0] == '-' {
		return usageError{"tenant " + action + " needs a SLUG"}
	}
	slug := args[0]
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *reason == "" {
		return usageError{"--reason is required"}
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	t, err := a.Store.TenantBySlug(ctx, slug)
	if errors.Is(err, oroshi.ErrNotFound) {
		return fmt.Errorf("tenant %q does not exist", slug)
	} else if err != nil {
		return err
	}
	svc := &tenancy.Contracts{Store: a.Store, Now: a.Store.Now}
	switch action {
	case "suspend":
		err = svc.Suspend(ctx, t.ID, *reason, cli)
	case "resume":
		err = svc.Resume(ctx, t.ID, *reason, cli)
	default:
		t, err = svc.Terminate(ctx, t.ID, *end, *reason, cli)
	}
	if err != nil {
		return err
	}
	if action == "terminate" {
		fmt.Fprintf(e.stdout, "tenant %s terminated: contract ends %s, sign-in refused from the day after, data deleted on %s\n",
			t.Slug, t.Contract.End, t.DeletionDay())
		return nil
	}
	fmt.Fprintf(e.stdout, "tenant %s %s\n", t.Slug, map[string]string{"suspend": "suspended", "resume": "resumed"}[action])
	return nil
}
