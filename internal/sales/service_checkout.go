package sales

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// PlaceInput is a checkout (注文確定).
type PlaceInput struct {
	Tenant  oroshi.TenantID
	BuyerID oroshi.ID
	// UserID places the order: a shop user of BuyerID, or, with Proxy, the
	// seller staff member entering it for the buyer (代理注文).
	UserID      oroshi.ID
	Proxy       bool
	ShipToID    oroshi.ID    // one of the company's ship-tos
	DesiredDate pricing.Date // zero: no wish; else ≥ EarliestDelivery
	PONumber    string       // 発注番号, ≤ MaxPONumberLen
	Note        string       // ≤ MaxNoteLen
	// FromCart orders the user's cart, which must still be at
	// CartRevision (the revision the review page showed); the cart is
	// emptied with the order. Otherwise Lines are ordered (proxy orders,
	// quotes).
	FromCart     bool
	CartRevision int64
	Lines        []LineInput
	QuoteID      oroshi.ID // the quote being accepted, 0 if none
	// IdemKey makes the request idempotent per placing user: the same key
	// and content give the same order again (Replayed), the same key with
	// other content is refused. Required, ≤ MaxIdemKeyLen.
	IdemKey    string
	ClientAddr string
	// ByAPIKey: a proxy order entered through the public API; UserID is
	// then the API key's ID, the actor of realm api (see api_actor.go).
	ByAPIKey bool
}

// Placed is the result of PlaceOrder.
type Placed struct {
	Order    Order
	Replayed bool // an earlier request with the same key made it
}

// Japanese messages of checkout refusals.
const (
	MsgStaleCart    = "カートの内容が変更されました。内容を確認してください"
	MsgIdemMismatch = "同じ注文キーで内容の異なる注文が既に送信されています。画面を開き直してください"
)

// PlaceOrder checks, prices and places an order; see PlaceInput. Stock of
// tracked SKUs is taken in the same transaction as the order is written;
// a shortfall refuses the order with the line's message and writes nothing.
func (s *Service) PlaceOrder(ctx context.Context, in PlaceInput) (Placed, error) {
	tidyPlaceInput(&in)
	if err := s.validatePlaceInput(in); err != nil {
		return Placed{}, err
	}
	fp := fingerprint(in)
	if p, done, err := s.replay(ctx, in, fp); done || err != nil {
		return p, err
	}
	pl, err := s.preparePlacement(ctx, in, fp)
	if err != nil {
		return Placed{}, err
	}
	o, err := s.Store.PlaceOrder(ctx, pl)
	var stock *StockError
	switch {
	case errors.Is(err, ErrDuplicateRequest):
		// A concurrent request with the same key won; answer as its replay.
		p, _, err := s.replay(ctx, in, fp)
		return p, err
	case errors.Is(err, ErrStaleCart):
		return Placed{}, staleCart()
	case errors.As(err, &stock):
		return Placed{}, stockErrors(stock)
	case err != nil:
		return Placed{}, fmt.Errorf("place order for buyer %s: %w", in.BuyerID, err)
	}
	return Placed{Order: o}, nil
}

func staleCart() error {
	return &Problem{Msg: MsgStaleCart, Kinds: []error{oroshi.ErrConflict, ErrStaleCart}}
}

func stockErrors(e *StockError) error {
	v := &oroshi.ValidationError{}
	for _, sh := range e.Shortages {
		v.Add(lineField(sh.LineNo-1, "quantity"), StockMessage(sh.Left))
	}
	return v
}

// replay answers a request whose key was used before: the same order when
// the content matches, a conflict when it differs. done is false when the
// key is new.
func (s *Service) replay(ctx context.Context, in PlaceInput, fp string) (Placed, bool, error) {
	req, err := s.Store.OrderRequest(ctx, in.Tenant, in.UserID, in.IdemKey)
	if errors.Is(err, oroshi.ErrNotFound) {
		return Placed{}, false, nil
	}
	if err != nil {
		return Placed{}, true, fmt.Errorf("order request %q: %w", in.IdemKey, err)
	}
	if req.Fingerprint != fp {
		return Placed{}, true, &Problem{Msg: MsgIdemMismatch, Kinds: []error{oroshi.ErrConflict}}
	}
	o, err := s.Store.Order(ctx, in.Tenant, req.OrderID)
	if err != nil {
		return Placed{}, true, fmt.Errorf("replay order %s: %w", req.OrderID, err)
	}
	return Placed{Order: o, Replayed: true}, true, nil
}

func tidyPlaceInput(in *PlaceInput) {
	in.PONumber = strings.TrimSpace(buyers.Fold(in.PONumber))
	in.Note = strings.TrimSpace(in.Note)
	in.IdemKey = strings.TrimSpace(in.IdemKey)
}

func (s *Service) validatePlaceInput(in PlaceInput) error {
	v := &oroshi.ValidationError{}
	if in.IdemKey == "" || len(in.IdemKey) > MaxIdemKeyLen {
		v.Add("idempotency_key", fmt.Sprintf("注文キー（idempotency key）を%d文字以内で指定してください", MaxIdemKeyLen))
	}
	if utf8.RuneCountInString(in.PONumber) > MaxPONumberLen {
		v.Add("po_number", fmt.Sprintf("発注番号は%d文字以内で入力してください", MaxPONumberLen))
	}
	if utf8.RuneCountInString(in.Note) > MaxNoteLen {
		v.Add("note", fmt.Sprintf("備考は%d文字以内で入力してください", MaxNoteLen))
	}
	if in.ShipToID == 0 {
		v.Add("ship_to_id", "納品先を選んでください")
	}
	if !in.DesiredDate.IsZero() {
		earliest := s.EarliestDelivery()
		switch {
		case !in.DesiredDate.Valid():
			v.Add("desired_date", "希望納品日が正しくありません")
		case in.DesiredDate.Compare(earliest) < 0:
			v.Add("desired_date", fmt.Sprintf("希望納品日は%s以降の日付を指定してください", earliest))
		case in.DesiredDate.Compare(s.today().AddDays(366)) > 0:
			v.Add("desired_date", "希望納品日は1年以内の日付を指定してください")
		}
	}
	switch {
	case in.FromCart && (in.Proxy || len(in.Lines) > 0):
		v.Add("lines", "カートからの注文に明細は指定できません")
	case !in.FromCart && len(in.Lines) == 0:
		v.Add("lines", "明細を1行以上入力してください")
	case len(in.Lines) > MaxLines:
		v.Add("lines", fmt.Sprintf("明細は%d行以内にしてください", MaxLines))
	}
	return v.Err()
}

// EarliestDelivery is the first day a delivery may be asked for: the next
// business day after today (JST).
func (s *Service) EarliestDelivery() pricing.Date {
	d := s.today().AddDays(1)
	for i := 0; i < 60 && !s.isBusinessDay(d); i++ {
		d = d.AddDays(1)
	}
	return d
}

func (s *Service) isBusinessDay(d pricing.Date) bool {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, jst)
	if s.BusinessDay != nil {
		return s.BusinessDay(t)
	}
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

// fingerprint is the hash of what makes two requests "the same order". A
// cart order is named by the cart revision (its lines are gone once it is
// placed, so a retry can only be recognised by the revision it was for).
func fingerprint(in PlaceInput) string {
	var b strings.Builder
	fmt.Fprintf(&b, "buyer=%s\nproxy=%t\nship_to=%s\ndate=%s\npo=%s\nnote=%s\nquote=%s\n",
		in.BuyerID, in.Proxy, in.ShipToID, in.DesiredDate, in.PONumber, in.Note, in.QuoteID)
	if in.FromCart {
		fmt.Fprintf(&b, "cart=%d\n", in.CartRevision)
	}
	for _, l := range in.Lines {
		price := "-"
		if l.Price != nil {
			price = fmt.Sprint(int64(*l.Price))
		}
		fmt.Fprintf(&b, "line=%s|%q|%d|%s\n", l.SKUID, strings.TrimSpace(l.Code), l.Quantity, price)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// placer checks the placing user and returns the audit actor; a user who
// may not order for the buyer is ErrForbidden.
func (s *Service) placer(ctx context.Context, in PlaceInput) (identity.User, audit.Actor, error) {
	if in.ByAPIKey {
		return apiPlacer(in)
	}
	u, err := s.Store.User(ctx, in.Tenant, in.UserID)
	if err != nil {
		return identity.User{}, audit.Actor{}, fmt.Errorf("placing user %s: %w", in.UserID, err)
	}
	ok := u.Status == identity.StatusActive
	realm := audit.RealmShop
	if in.Proxy {
		ok = ok && u.Realm == identity.RealmAdmin && u.Role != identity.RoleViewer
		realm = audit.RealmAdmin
	} else {
		ok = ok && u.Realm == identity.RealmShop && u.BuyerID == in.BuyerID &&
			(u.Role == identity.RoleBuyerAdmin || u.Role == identity.RolePurchaser)
	}
	if !ok {
		return identity.User{}, audit.Actor{}, fmt.Errorf("user %s may not order for buyer %s: %w", in.UserID, in.BuyerID, oroshi.ErrForbidden)
	}
	return u, audit.Actor{Realm: realm, ID: u.ID, ClientAddr: in.ClientAddr}, nil
}
