package web

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The buyer's cart (カート): lines checked and priced for the company
// today, quantities changed in place, lines removed, the cart emptied.
// Every rule (minimum, lot, stock, visibility, prices) is the sales
// service's; these handlers only read forms and show its answers.

// shopBuyer is the signed-in shop user acting for their company, checked
// as the catalogue checks it (an active company of this tenant).
func (s *Server) shopBuyer(r *http.Request) (sales.BuyerUser, error) {
	v, err := s.shopViewer(r)
	if err != nil {
		return sales.BuyerUser{}, err
	}
	rc := reqCtx(r)
	return sales.BuyerUser{Tenant: rc.tenant.ID, BuyerID: v.BuyerID, UserID: rc.user.ID}, nil
}

// shopCartView is the cart page.
type shopCartView struct {
	Lines     []shopLine
	CartRows  []cartRow       // Lines as their rows show them
	Rows      []template.HTML // CartRows rendered (row_cache.go); nil: the page renders them
	Totals    shopTotals
	Orderable bool
	Problems  int // lines that cannot be ordered as they are
	Skipped   []shopLine
	Alert     string // a refusal to show above the lines (stale checkout)
	URL       string
	Checkout  string
	Quick     string
	Products  string
}

// shopCart: GET /{tenant}/cart
func (s *Server) shopCart(w http.ResponseWriter, r *http.Request) error {
	return s.renderCart(w, r, http.StatusOK, cartState{})
}

// cartState is what a refused change or a reorder adds to the cart page.
type cartState struct {
	errs    map[string]string // by SKU ID
	alert   string
	skipped []sales.Line
}

func (s *Server) renderCart(w http.ResponseWriter, r *http.Request, status int, st cartState) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	cv, err := s.Sales.Cart(r.Context(), u)
	if err != nil {
		return err
	}
	rc := reqCtx(r)
	base := rc.base()
	v := shopCartView{Lines: newCartLines(base, cv.Lines, st.errs), Totals: newShopTotals(cv.Totals),
		Orderable: cv.Orderable, Skipped: newOrderLines(st.skipped), Alert: st.alert,
		URL: base + "/cart", Checkout: base + "/checkout", Quick: base + "/cart/quick", Products: base + "/products"}
	for _, l := range cv.Lines {
		if !l.OK() {
			v.Problems++
		}
	}
	v.CartRows = newCartRows(v.Lines, s.csrfToken(w, r), rc.lang)
	if s.cartRows != nil {
		if v.Rows, err = s.cartRows.render(s.pages, rc.lang, "shop/cart/show", "cart-row", v.CartRows); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "shop/cart/show", &Page{Title: "カート", Data: v})
}

// formQuantity reads a quantity as people type it: full-width digits,
// thousands separators and spaces accepted. ok is false when it is not a
// whole number.
func formQuantity(s string) (int64, bool) {
	s = strings.NewReplacer(",", "", " ", "").Replace(norm.NFKC.String(strings.TrimSpace(s)))
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

const msgQtyNumber = "数量は半角または全角の数字で入力してください"

// shopCartAdd: POST /{tenant}/cart/items (sku_id, quantity, back). It goes
// back to the page the form was on (a local path only), else to the cart.
func (s *Server) shopCartAdd(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	skuID, err := oroshi.ParseID(r.PostFormValue("sku_id"))
	if err != nil {
		return errBadRequest
	}
	back := reqCtx(r).base() + "/cart"
	if b := r.PostFormValue("back"); b != "" {
		back = localPath(b)
	}
	qty, ok := formQuantity(r.PostFormValue("quantity"))
	if !ok {
		return s.renderCart(w, r, http.StatusUnprocessableEntity, cartState{alert: msgQtyNumber})
	}
	_, err = s.Sales.AddToCart(r.Context(), u, skuID, qty)
	if fields, ok := asFieldErrors(err); ok {
		return s.renderCart(w, r, http.StatusUnprocessableEntity, cartState{alert: firstMessage(fields)})
	}
	if err != nil {
		return err
	}
	setFlash(w, "カートに追加しました。")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// shopCartUpdate: POST /{tenant}/cart/items/{sku} (quantity; 0 removes).
func (s *Server) shopCartUpdate(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	skuID, err := pathID(r, "sku")
	if err != nil {
		return err
	}
	qty, ok := formQuantity(r.PostFormValue("quantity"))
	if !ok {
		return s.renderCart(w, r, http.StatusUnprocessableEntity, cartState{errs: map[string]string{skuID.String(): msgQtyNumber}})
	}
	_, err = s.Sales.SetCartQuantity(r.Context(), u, skuID, qty)
	if fields, ok := asFieldErrors(err); ok {
		return s.renderCart(w, r, http.StatusUnprocessableEntity, cartState{errs: map[string]string{skuID.String(): firstMessage(fields)}})
	}
	if errors.Is(err, oroshi.ErrNotFound) {
		// The line was removed meanwhile (another tab): show the cart as it is.
		return s.renderCart(w, r, http.StatusConflict, cartState{alert: sales.MsgStaleCart})
	}
	if err != nil {
		return err
	}
	setFlash(w, "数量を変更しました。")
	http.Redirect(w, r, reqCtx(r).base()+"/cart", http.StatusSeeOther)
	return nil
}

// shopCartRemove: POST /{tenant}/cart/items/{sku}/delete
func (s *Server) shopCartRemove(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	skuID, err := pathID(r, "sku")
	if err != nil {
		return err
	}
	if _, err := s.Sales.RemoveFromCart(r.Context(), u, skuID); err != nil {
		return err
	}
	setFlash(w, "カートから削除しました。")
	http.Redirect(w, r, reqCtx(r).base()+"/cart", http.StatusSeeOther)
	return nil
}

// shopCartClear: POST /{tenant}/cart/clear
func (s *Server) shopCartClear(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	if _, err := s.Sales.ClearCart(r.Context(), u); err != nil {
		return err
	}
	setFlash(w, "カートを空にしました。")
	http.Redirect(w, r, reqCtx(r).base()+"/cart", http.StatusSeeOther)
	return nil
}
