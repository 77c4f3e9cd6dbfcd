package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

func cmdUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(e.stderr, "Usage: oroshi user create --realm ops|admin|shop [--tenant S] [--buyer CODE] --email E --name N --role R [--password-stdin]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return usageError{"user needs create"}
	}
	return userCreate(ctx, e, args[1:])
}

type userFlags struct {
	realm, tenant, buyer, email, name, role string
	passwordStdin                           bool
}

func userCreate(ctx context.Context, e *env, args []string) error {
	var f userFlags
	fs := flags(e, "user create", "user create --realm ops|admin|shop [--tenant S] [--buyer CODE] --email E --name N --role R [--password-stdin]")
	fs.StringVar(&f.realm, "realm", "admin", "ops (operator), admin (seller staff) or shop (buyer user)")
	fs.StringVar(&f.tenant, "tenant", "", "tenant slug (admin and shop)")
	fs.StringVar(&f.buyer, "buyer", "", "buyer company code (shop)")
	fs.StringVar(&f.email, "email", "", "e-mail address")
	fs.StringVar(&f.name, "name", "", "name (氏名)")
	fs.StringVar(&f.role, "role", "", "role: operator | owner, admin, staff, viewer | buyer_admin, purchaser, buyer_viewer")
	fs.BoolVar(&f.passwordStdin, "password-stdin", false, "read a password from standard input instead of e-mailing an invitation")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	n := identity.NewUser{Realm: identity.Realm(f.realm), Email: f.email, Name: f.name, Role: f.role}
	slug, tenantName := "", ""
	if n.Realm != identity.RealmOps {
		if n.Tenant, tenantName, err = tenantID(ctx, a, f.tenant); err != nil {
			return err
		}
		slug = f.tenant
	}
	if n.Realm == identity.RealmShop {
		b, err := a.Store.BuyerByCode(ctx, n.Tenant, f.buyer)
		if err != nil {
			return fmt.Errorf("buyer %q: %w", f.buyer, err)
		}
		n.BuyerID = b.ID
	}
	if f.passwordStdin {
		if n.Password, err = readPassword(); err != nil {
			return err
		}
	}
	u, err := a.Identity.CreateUser(ctx, n, cli)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "user %s (%s, %s) id=%s\n", u.Email, u.Realm, u.Role, u.ID)
	if u.Status == identity.StatusInvited {
		link, err := a.Identity.Invite(ctx, u, slug, tenantName, "")
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "invitation (valid 7 days, also e-mailed):\n%s\n", link)
	}
	return nil
}

func readPassword() (string, error) {
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
