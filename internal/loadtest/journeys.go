package loadtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/pquerna/otp/totp"
)

// Account is one sign-in: an e-mail, a password and, for accounts with
// two-factor authentication, the TOTP secret `oroshi demo` prints.
type Account struct {
	Email, Password, TOTPSecret string
}

// Catalogue is what the buyers browse, found once before the run by one
// signed-in buyer: category and product links, search words, and the
// category list pages of the catalog focus (listPages).
type Catalogue struct {
	Categories, Products, Searches, ListPages []string
}

// journey is one virtual user's behaviour: sign in once, then loop.
type journey interface {
	signIn(ctx context.Context, v *vu) error
	loop(ctx context.Context, v *vu) error
}

var (
	categoryRe   = regexp.MustCompile(`href="([^"]*/products\?category=\d+)"`)
	productRe    = regexp.MustCompile(`href="([^"]*/products/\d+)"`)
	adminOrderRe = regexp.MustCompile(`href="([^"]*/admin/orders/\d+)"`)
	pickRe       = regexp.MustCompile(`name="id" value="(\d+)"`)
	pdfRe        = regexp.MustCompile(`href="([^"]*/documents/\d+/pdf)"`)
)

// signIn posts the login form of area (the tenant's shop "/t" or admin
// "/t/admin") and answers the two-factor step when one follows.
func signIn(ctx context.Context, v *vu, area string, a Account) error {
	if err := v.visit(ctx, "sign-in form", area+"/login"); err != nil {
		return err
	}
	page, err := v.post(ctx, "sign-in", area+"/login", url.Values{"email": {a.Email}, "password": {a.Password}})
	if err != nil {
		return err
	}
	if _, ok := formFields(page, area+"/mfa"); ok {
		if a.TOTPSecret == "" {
			return fmt.Errorf("%s asks for a TOTP code: %w", a.Email, errPage)
		}
		code, err := totp.GenerateCode(a.TOTPSecret, time.Now())
		if err != nil {
			return err
		}
		page, err = v.post(ctx, "sign-in 2fa", area+"/mfa", url.Values{"code": {code}})
		if err != nil {
			return err
		}
	}
	if _, ok := formFields(page, area+"/login"); ok {
		return fmt.Errorf("%s: still on the sign-in page: %w", a.Email, errPage)
	}
	return nil
}

// buyer browses categories, searches, opens products, adds to the cart and
// looks at it; every CheckoutEvery-th loop it checks out (the review page
// carries the order's idempotency key).
type buyer struct {
	shop    string // "/sakura"
	account Account
	cat     *Catalogue
	every   int
	loops   int
}

func (b *buyer) signIn(ctx context.Context, v *vu) error { return signIn(ctx, v, b.shop, b.account) }

func (b *buyer) loop(ctx context.Context, v *vu) error {
	b.loops++
	if err := v.visit(ctx, "shop category", pick(v.rng, b.cat.Categories)); err != nil {
		return err
	}
	if err := v.visit(ctx, "shop search", b.shop+"/search?q="+url.QueryEscape(pick(v.rng, b.cat.Searches))); err != nil {
		return err
	}
	product, err := v.get(ctx, "shop product", pick(v.rng, b.cat.Products))
	if err != nil {
		return err
	}
	adds := forms(product, b.shop+"/cart/items")
	if len(adds) == 0 {
		return nil // out of stock or not orderable: browse on
	}
	add := adds[v.rng.IntN(len(adds))] // the suggested quantity, as typed
	if err := addToCart(ctx, v, b.shop, add); err != nil {
		return err
	}
	if err := v.visit(ctx, "shop cart", b.shop+"/cart"); err != nil {
		return err
	}
	if b.every > 0 && b.loops%b.every == 0 {
		return checkout(ctx, v, b.shop)
	}
	return nil
}

// addToCart posts one add-to-cart form of a catalogue page (the quantity
// suggested there, as typed) and lands on the cart.
func addToCart(ctx context.Context, v *vu, shop string, add url.Values) error {
	add.Set("back", shop+"/cart")
	_, err := v.post(ctx, "shop add to cart", shop+"/cart/items", add)
	return err
}

// errNotOrderable says checkout sent the buyer back to the cart, which the
// buyer then emptied (recorded as "shop cart clear (not orderable)").
var errNotOrderable = errors.New("the cart cannot be ordered")

// checkout orders the cart of the signed-in buyer of shop: checkout →
// review → place, with the idempotency key the review page carries.
func checkout(ctx context.Context, v *vu, shop string) error {
	page, err := v.get(ctx, "shop checkout", shop+"/checkout")
	if err != nil {
		return err
	}
	form, ok := formFields(page, shop+"/checkout/review")
	if !ok {
		// Sent back to the cart: a line cannot be ordered (a quantity over
		// the stock, say). A person would fix the cart; this one empties it.
		if _, err := v.post(ctx, "shop cart clear (not orderable)", shop+"/cart/clear", url.Values{}); err != nil {
			return err
		}
		return errNotOrderable
	}
	review, err := v.post(ctx, "shop checkout review", shop+"/checkout/review", form)
	if err != nil {
		return err
	}
	place, ok := formFields(review, shop+"/checkout")
	if !ok || place.Get("idempotency_key") == "" {
		return fmt.Errorf("review page without the place form: %w", errPage)
	}
	// Stock is reserved when the order is placed: a tracked SKU can sell
	// out between the review and the order. The server then refuses the
	// order (422, saying which line); that is its right answer, recorded
	// as its own page, and the buyer empties the cart as above.
	_, err = v.postOr(ctx, "shop place order", shop+"/checkout", place, landing("/placed"),
		refusal{status: http.StatusUnprocessableEntity, texts: soldOut, page: "shop place order refused (sold out)"})
	if errors.Is(err, errRefused) {
		if _, err := v.post(ctx, "shop cart clear (sold out)", shop+"/cart/clear", url.Values{}); err != nil {
			return err
		}
		return errNotOrderable
	}
	return err
}

// soldOut are the ends of the message of an order refused for a line short
// of stock: none left, or fewer than ordered (sales.StockMessage).
var soldOut = []string{"（在庫がありません）", "（在庫が不足しています（残り"}

// staff lists and filters orders, opens one, approves received orders in
// bulk, downloads a PDF and exports the orders as CSV.
type staff struct {
	admin    string // "/sakura/admin"
	account  Account
	filters  []string
	noExport bool // skip the CSV export (Options.NoExport)
	loops    int
}

func (s *staff) signIn(ctx context.Context, v *vu) error { return signIn(ctx, v, s.admin, s.account) }

func (s *staff) loop(ctx context.Context, v *vu) error {
	s.loops++
	list, err := v.get(ctx, "admin orders", s.admin+"/orders")
	if err != nil {
		return err
	}
	if err := v.visit(ctx, "admin orders filtered", s.admin+"/orders?"+s.filters[s.loops%len(s.filters)]); err != nil {
		return err
	}
	if id := pick(v.rng, links(list, adminOrderRe)); id != "" {
		if err := v.visit(ctx, "admin order", id); err != nil {
			return err
		}
	}
	if err := s.approve(ctx, v); err != nil {
		return err
	}
	docs, err := v.get(ctx, "admin documents", s.admin+"/documents")
	if err != nil {
		return err
	}
	if pdf := pick(v.rng, links(docs, pdfRe)); pdf != "" {
		if _, err := v.getCheck(ctx, "admin pdf", pdf, isPDF); err != nil {
			return err
		}
	}
	if s.noExport {
		return nil
	}
	err = v.visit(ctx, "admin csv export", s.admin+"/csv/orders?kind=orders&encoding=utf-8")
	return err
}

// approve ticks up to three received orders and approves them at once.
func (s *staff) approve(ctx context.Context, v *vu) error {
	page, err := v.get(ctx, "admin orders received", s.admin+"/orders?status=received")
	if err != nil {
		return err
	}
	ids := links(page, pickRe)
	form, ok := formFields(page, s.admin+"/orders/approve")
	if len(ids) == 0 || !ok {
		return nil
	}
	form["id"] = ids[:min(3, len(ids))]
	_, err = v.postCheck(ctx, "admin bulk approve", s.admin+"/orders/approve", form, approved)
	return err
}

// approved accepts the order list showing the bulk result. A refused line
// (another user approved the order a moment before) is not an error.
func approved(_, body string) bool { return strings.Contains(body, "bulk-result") }

func isPDF(_, body string) bool { return strings.HasPrefix(body, "%PDF-") }

// apiClient pages through the orders with the cursor, 20 at a time, up to
// five pages, then starts again.
type apiClient struct {
	key string
}

func (a *apiClient) signIn(_ context.Context, v *vu) error {
	v.header = map[string][]string{"Authorization": {"Bearer " + a.key}}
	return nil
}

func (a *apiClient) loop(ctx context.Context, v *vu) error {
	page, cursor := "api orders", ""
	for range 5 {
		q := "/api/v1/orders?limit=20"
		if cursor != "" {
			q += "&cursor=" + url.QueryEscape(cursor)
		}
		body, err := v.get(ctx, page, q)
		if err != nil {
			return err
		}
		var resp struct {
			NextCursor *string `json:"next_cursor"`
		}
		if err := json.Unmarshal([]byte(body), &resp); err != nil || resp.NextCursor == nil || *resp.NextCursor == "" {
			return nil
		}
		page, cursor = "api orders next page", *resp.NextCursor
	}
	return nil
}
