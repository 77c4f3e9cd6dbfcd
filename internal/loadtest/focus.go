package loadtest

// Focused measurements, run after the ramp: many users doing one thing
// flat-out, for the two throughput targets.
//
//   - catalog: every user is a signed-in buyer requesting only category
//     list pages (varying category and page); the baselines run right
//     after at the same concurrency.
//   - order: every user is a buyer adding one or two items to the cart and
//     ordering (checkout → review → place, as the buyer journey does). The
//     items are SKUs without stock tracking, so stock never runs out, found
//     by each user after signing in (a product may be shown to some buyer
//     companies only).

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Focus names.
const (
	FocusCatalog = "catalog"
	FocusOrder   = "order"
)

// Page names of the focused measurements that the buyer journey lacks.
const (
	pageSequence  = "order sequence (add → place)"
	pagePlace     = "shop place order"
	pageCategory  = "shop category"
	listPageLimit = 5 // list pages per category: deep offsets are the search benchmark's business
)

// FocusResult is one focused measurement. Main is the measured page
// (category list pages, or the place-order requests); Sequence is, for
// "order", the whole add → place sequence. PerSecond counts successful
// requests of Main only (orders placed, for "order").
type FocusResult struct {
	Name        string                `json:"name"`
	VUs         int                   `json:"vus"`
	Accounts    int                   `json:"buyer_accounts"`
	Seconds     float64               `json:"seconds"`
	PerSecond   float64               `json:"per_second"`
	Main        PageResult            `json:"main"`
	Sequence    *PageResult           `json:"sequence,omitempty"`
	Errors      map[string]int        `json:"errors,omitempty"` // of every page but the sequence
	Pages       []PageResult          `json:"pages"`
	SignIn      PageResult            `json:"sign_in"`
	Server      ServerUsage           `json:"server"`
	Baselines   map[string]PageResult `json:"baselines,omitempty"`
	ShareSQLite float64               `json:"share_of_sqlite,omitempty"` // Main's req/s over the 20-row handler's
	LoadAvg     string                `json:"load_average"`
	// ProfileError says why the CPU profile is missing (Options.ProfileDir).
	ProfileError string `json:"profile_error,omitempty"`
}

// ErrorCount sums the errors of all kinds.
func (f FocusResult) ErrorCount() int { return PageResult{Errors: f.Errors}.ErrorCount() }

// focus runs the focused measurement name with opt.FocusVUs new users.
func (r *runner) focus(ctx context.Context, name string) (FocusResult, error) {
	users, err := r.focusUsers(name)
	if err != nil {
		return FocusResult{}, err
	}
	signIn := r.prepare(ctx, users)
	var cpu func(context.Context) func() error
	if r.prof != nil {
		cpu = func(ctx context.Context) func() error { return r.prof.cpu(ctx, name, r.focusDuration()) }
	}
	m := r.measure(ctx, users, r.focusDuration(), cpu)
	res := FocusResult{Name: name, VUs: len(users), Accounts: min(len(users), len(r.srv.Buyers)),
		Seconds: round(m.window.Seconds()), Pages: m.pages, SignIn: signIn, Server: m.usage, LoadAvg: m.load}
	if m.err != nil {
		res.ProfileError = m.err.Error()
	}
	res.summarise(m.window)
	for _, u := range users {
		if !u.signedIn { // its sign-in or, for "order", its search for items failed
			res.addError("users not signed in", 1)
		}
	}
	if name == FocusCatalog && r.base != nil {
		res.Baselines = r.base.run(ctx, r.tr, len(users), r.opt.Baseline)
		if sq := res.Baselines[baseSQLite].RPS; sq > 0 {
			res.ShareSQLite = round(res.PerSecond / sq * 100)
		}
	}
	return res, nil
}

func (r *runner) focusDuration() time.Duration {
	if r.opt.FocusDuration > 0 {
		return r.opt.FocusDuration
	}
	return r.opt.Duration
}

// summarise picks the main page and the sequence out of Pages and pools
// the errors of the pages.
func (f *FocusResult) summarise(window time.Duration) {
	main := pageCategory
	if f.Name == FocusOrder {
		main = pagePlace
	}
	for _, p := range f.Pages {
		switch p.Page {
		case main:
			f.Main = p
		case pageSequence:
			f.Sequence = &p
			continue
		}
		for k, n := range p.Errors {
			f.addError(p.Page+" "+k, n)
		}
	}
	if window > 0 {
		f.PerSecond = round(float64(f.Main.Count-f.Main.ErrorCount()) / window.Seconds())
	}
}

func (f *FocusResult) addError(kind string, n int) {
	if f.Errors == nil {
		f.Errors = map[string]int{}
	}
	f.Errors[kind] += n
}

// focusUsers makes opt.FocusVUs buyers for the measurement name, each
// with an account of its own while the accounts last (two users of one
// account share a cart).
func (r *runner) focusUsers(name string) ([]*user, error) {
	shop := "/" + r.srv.Tenant
	var mk func(a Account) journey
	switch name {
	case FocusCatalog:
		if len(r.cat.ListPages) == 0 {
			return nil, fmt.Errorf("focus catalog: no category list pages found")
		}
		mk = func(a Account) journey { return &lister{shop: shop, account: a, pages: r.cat.ListPages} }
	case FocusOrder:
		cats := r.cat.Categories[:min(8, len(r.cat.Categories))]
		mk = func(a Account) journey { return &orderer{shop: shop, account: a, categories: cats} }
	default:
		return nil, fmt.Errorf("focus %q: unknown (catalog, order)", name)
	}
	users := make([]*user, max(1, r.opt.FocusVUs))
	for i := range users {
		v := newVU(r.srv.Base, r.tr, r.current, uint64(10_000+i))
		users[i] = &user{v: v, j: mk(r.srv.Buyers[i%len(r.srv.Buyers)])}
	}
	return users, nil
}

// lister requests category list pages only.
type lister struct {
	shop    string
	account Account
	pages   []string
}

func (l *lister) signIn(ctx context.Context, v *vu) error { return signIn(ctx, v, l.shop, l.account) }

func (l *lister) loop(ctx context.Context, v *vu) error {
	err := v.visit(ctx, pageCategory, pick(v.rng, l.pages))
	return err
}

// orderer adds one or two items to the cart and orders them.
type orderer struct {
	shop       string
	account    Account
	categories []string     // list pages to find the items on
	adds       []url.Values // the add-to-cart forms of the items
}

// signIn signs in, empties the cart (the account's cart keeps what the
// ramp's users left in it, tracked SKUs included) and reads the first list
// page of each category for the add-to-cart forms of SKUs without stock
// tracking (no stock label in their row), leaving out the page's CSRF
// token (the user's own is sent).
func (o *orderer) signIn(ctx context.Context, v *vu) error {
	if err := signIn(ctx, v, o.shop, o.account); err != nil {
		return err
	}
	if _, err := v.post(ctx, "focus order: empty the cart", o.shop+"/cart/clear", url.Values{}); err != nil {
		return err
	}
	for _, c := range o.categories {
		page, err := v.get(ctx, "focus order: find items", c)
		if err != nil {
			return err
		}
		o.adds = append(o.adds, untrackedAdds(page)...)
	}
	if len(o.adds) == 0 {
		return fmt.Errorf("focus order: %s sees no SKU without stock tracking: %w", o.account.Email, errPage)
	}
	return nil
}

func (o *orderer) loop(ctx context.Context, v *vu) error {
	start := time.Now()
	err := o.order(ctx, v)
	switch {
	case ctx.Err() != nil:
		v.rec().cut(pageSequence, time.Since(start))
	case err != nil:
		v.rec().add(pageSequence, time.Since(start), "failed")
	default:
		v.rec().add(pageSequence, time.Since(start), "")
	}
	return err
}

func (o *orderer) order(ctx context.Context, v *vu) error {
	for range 1 + v.rng.IntN(2) {
		if err := addToCart(ctx, v, o.shop, maps.Clone(o.adds[v.rng.IntN(len(o.adds))])); err != nil {
			return err
		}
	}
	return checkout(ctx, v, o.shop)
}

// categoryCountRe finds a sidebar category link and its product count.
var categoryCountRe = regexp.MustCompile(`href="([^"]*/products\?category=\d+)"[^>]*>[^<]*</a>\s*<small class="count">(\d+)</small>`)

// listPages are the category list pages of a catalogue page's sidebar:
// each category's first pages (up to listPageLimit, by its product count).
func listPages(page string) []string {
	var out []string
	for _, m := range categoryCountRe.FindAllStringSubmatch(page, -1) {
		n, _ := strconv.Atoi(m[2])
		for p := 1; p <= min(listPageLimit, (n+shopPageSize-1)/shopPageSize); p++ {
			if p == 1 {
				out = append(out, m[1])
			} else {
				out = append(out, m[1]+"&page="+strconv.Itoa(p))
			}
		}
	}
	return out
}

// shopPageSize is the number of products on a list page (web's shopPageSize).
const shopPageSize = 20

// untrackedAdds returns the add-to-cart forms of the table rows that show
// no stock status (the seller does not track that SKU's stock).
func untrackedAdds(page string) []url.Values {
	var out []url.Values
	for _, row := range strings.Split(page, "<tr>")[1:] {
		row, _, _ = strings.Cut(row, "</tr>")
		if strings.Contains(row, `class="stock `) {
			continue
		}
		for _, f := range forms(row, "/cart/items") {
			f.Del("csrf_token")
			out = append(out, f)
		}
	}
	return out
}
