package main

import (
	"context"
	"fmt"
)

func cmdAPIKey(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(e.stderr, "Usage: oroshi apikey create --tenant S --name N --scopes orders:read,catalog:read")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return usageError{"apikey needs create"}
	}
	fs := flags(e, "apikey create", "apikey create --tenant S --name N --scopes a,b")
	slug := fs.String("tenant", "", "tenant slug")
	name := fs.String("name", "", "a name to recognise the key by")
	scopes := fs.String("scopes", "", "comma-separated scopes, e.g. orders:read,catalog:read")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	t, _, err := tenantID(ctx, a, *slug)
	if err != nil {
		return err
	}
	k, secret, err := a.Keys.Create(ctx, t, *name, splitList(*scopes), cli)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "API key %q (id %s, scopes %v) created; it is shown only once:\n", k.Name, k.ID, k.Scopes)
	fmt.Fprintln(e.stdout, secret)
	return nil
}
