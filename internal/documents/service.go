package documents

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Service holds the rules of documents.
type Service struct {
	Store    Store
	Renderer Renderer
	Now      func() time.Time
	// BaseURL is the site's public URL, for the links in the mails that
	// tell buyers of issued documents.
	BaseURL string
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Today is the JST date documents are issued on.
func (s *Service) Today() pricing.Date { return pricing.DateOf(s.now()) }

// Layout is the tenant's current layout, or the defaults (with the
// tenant's name as the company) when it never saved one.
func (s *Service) Layout(ctx context.Context, t oroshi.TenantID) (Layout, error) {
	l, err := s.Store.DocumentLayout(ctx, t)
	if err != nil {
		return Layout{}, fmt.Errorf("document layout: %w", err)
	}
	if l.Version > 0 {
		l.fillGreetings()
		return l, nil
	}
	tn, err := s.Store.Tenant(ctx, t)
	if err != nil {
		return Layout{}, fmt.Errorf("document layout: tenant %s: %w", t, err)
	}
	return DefaultLayout(tn.Name), nil
}

// LayoutInput is a layout as edited: a missing image keeps the current
// one unless its Remove flag is set.
type LayoutInput struct {
	Layout
	RemoveLogo, RemoveSeal bool
}

// prepare merges the kept images into in and checks it.
func (s *Service) prepare(ctx context.Context, t oroshi.TenantID, in LayoutInput) (Layout, Layout, error) {
	cur, err := s.Layout(ctx, t)
	if err != nil {
		return Layout{}, Layout{}, err
	}
	l := in.Layout
	if l.Logo.Empty() && !in.RemoveLogo {
		l.Logo = cur.Logo
	}
	if l.Seal.Empty() && !in.RemoveSeal {
		l.Seal = cur.Seal
	}
	if err := l.Normalize(); err != nil {
		return Layout{}, cur, err
	}
	return l, cur, nil
}

// SaveLayout stores the edited layout as a new version (帳票設定（更新）)
// with the changed fields; documents issued before keep their version.
func (s *Service) SaveLayout(ctx context.Context, t oroshi.TenantID, in LayoutInput, actor audit.Actor) (Layout, error) {
	l, cur, err := s.prepare(ctx, t, in)
	if err != nil {
		return Layout{}, err
	}
	l.CreatedBy = actor.ID
	ev := actor.Event(ActionLayoutUpdate, TargetLayout, t.String())
	ev.Tenant = t
	ev.Detail = layoutChanges(cur, l)
	saved, err := s.Store.SaveDocumentLayout(ctx, t, l, ev)
	if err != nil {
		return Layout{}, fmt.Errorf("save document layout: %w", err)
	}
	return saved, nil
}

// Preview renders a sample 請求書 with the layout being edited, without
// saving anything (the settings page's preview).
func (s *Service) Preview(ctx context.Context, t oroshi.TenantID, in LayoutInput) ([]byte, error) {
	l, _, err := s.prepare(ctx, t, in)
	if err != nil {
		return nil, err
	}
	sh, _, err := buildSheet(sampleInput(l, s.Today()))
	if err != nil {
		return nil, err
	}
	b, err := s.Renderer.Render(sh)
	if err != nil {
		return nil, fmt.Errorf("render preview: %w", err)
	}
	return b, nil
}

// issue renders and stores a document of src: the layout must be saved
// and complete for the kind; the version is the last one's plus one.
func (s *Service) issue(ctx context.Context, t oroshi.TenantID, src source, actor audit.Actor) (Document, error) {
	lo, err := s.Store.DocumentLayout(ctx, t)
	if err != nil {
		return Document{}, fmt.Errorf("issue %s: layout: %w", src.doc.Kind, err)
	}
	if lo.Version == 0 {
		return Document{}, oroshi.Invalid("layout", "帳票設定が保存されていません。帳票設定で会社名などを保存してから発行してください")
	}
	if err := lo.IssuerProblems(src.doc.Kind); err != nil {
		return Document{}, err
	}
	d := src.doc
	prev, err := s.latest(ctx, t, d)
	if err != nil {
		return Document{}, err
	}
	d.Tenant, d.Version, d.Supersedes, d.LayoutVersion = t, prev.Version+1, prev.ID, lo.Version
	d.IssuedBy, d.IssuedRealm = actor.ID, actor.Realm
	if d.DocDate.IsZero() {
		d.DocDate = s.Today()
	}
	src.sheet.Layout, src.sheet.Version, src.sheet.IssuedOn = lo, d.Version, s.Today()
	sh, amt, err := src.make()
	if err != nil {
		return Document{}, fmt.Errorf("issue %s %s: %w", d.Kind, d.Number, err)
	}
	b, err := s.Renderer.Render(sh)
	if err != nil {
		return Document{}, fmt.Errorf("issue %s %s: render: %w", d.Kind, d.Number, err)
	}
	sum := sha256.Sum256(b)
	d.Total, d.SHA256, d.Size = amt.Total, hex.EncodeToString(sum[:]), len(b)
	ev := actor.Event(d.Kind.Action(), TargetDocument, "")
	ev.Tenant = t
	ev.Detail = map[string]any{"number": d.Number, "version": d.Version, "sha256": d.SHA256,
		"total": int64(d.Total), "buyer_id": d.BuyerID.String(), "layout_version": d.LayoutVersion}
	d.ID = s.Store.NewID() // the mails name it
	mails, err := s.deliveryMails(ctx, t, lo, d, src.tell)
	if err != nil {
		return Document{}, fmt.Errorf("issue %s %s: %w", d.Kind, d.Number, err)
	}
	saved, err := s.Store.InsertDocument(ctx, d, b, ev, mails...)
	if err != nil {
		return Document{}, fmt.Errorf("issue %s %s v%d: %w", d.Kind, d.Number, d.Version, err)
	}
	return saved, nil
}

// latest is the newest issued version of the same source (zero if none).
func (s *Service) latest(ctx context.Context, t oroshi.TenantID, d Document) (Document, error) {
	ds, err := s.Store.Documents(ctx, t, Query{Kind: d.Kind, SourceType: d.SourceType, SourceID: d.SourceID, Limit: 50})
	if err != nil {
		return Document{}, fmt.Errorf("documents of %s %s: %w", d.SourceType, d.SourceID, err)
	}
	var last Document
	for _, x := range ds {
		if x.SourceVersion == d.SourceVersion && x.Version > last.Version {
			last = x
		}
	}
	return last, nil
}

// Document returns one document's record: the seller's view.
func (s *Service) Document(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Document, error) {
	d, err := s.Store.Document(ctx, t, id)
	if err != nil {
		return Document{}, fmt.Errorf("document %s: %w", id, err)
	}
	return d, nil
}

// BuyerDocument returns a document issued to buyerID; any other answers
// as missing.
func (s *Service) BuyerDocument(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID) (Document, error) {
	d, err := s.Document(ctx, t, id)
	if err != nil {
		return Document{}, err
	}
	if d.BuyerID != buyerID || buyerID == 0 {
		return Document{}, fmt.Errorf("document %s of buyer %s: %w", id, buyerID, oroshi.ErrNotFound)
	}
	return d, nil
}

// PDF returns the stored bytes of document d, checked against its SHA-256
// (a mismatch means the stored file was altered), and records the
// download (帳票（ダウンロード）).
func (s *Service) PDF(ctx context.Context, d Document, actor audit.Actor) ([]byte, error) {
	b, err := s.Store.DocumentPDF(ctx, d.Tenant, d.ID)
	if err != nil {
		return nil, fmt.Errorf("document %s pdf: %w", d.ID, err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != d.SHA256 {
		return nil, fmt.Errorf("document %s: stored PDF does not match its SHA-256", d.ID)
	}
	ev := actor.Event(ActionDownload, TargetDocument, d.ID.String())
	ev.Tenant = d.Tenant
	ev.Detail = map[string]any{"kind": string(d.Kind), "number": d.Number, "version": d.Version}
	if err := s.Store.RecordAudit(ctx, ev); err != nil {
		return nil, fmt.Errorf("record download of document %s: %w", d.ID, err)
	}
	return b, nil
}
