package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

var _ documents.Store = (*Store)(nil)

const layoutCols = `version, company_name, address, phone, registration_no, logo, logo_type, seal, seal_type,
	greetings, notes, bank_account, show_code, show_jan, show_case_qty, tax_display, retention_years, created_at, created_by,
	delivery`

func scanLayout(sc interface{ Scan(...any) error }) (documents.Layout, error) {
	var l documents.Layout
	var greetings string
	var logo, seal []byte
	err := sc.Scan(&l.Version, &l.CompanyName, &l.Address, &l.Phone, &l.RegistrationNo, &logo, &l.Logo.Type,
		&seal, &l.Seal.Type, &greetings, &l.Notes, &l.BankAccount, &l.ShowCode, &l.ShowJAN, &l.ShowCaseQty,
		&l.TaxDisplay, &l.RetentionYears, &l.CreatedAt, &l.CreatedBy, &l.Delivery)
	if err != nil {
		return documents.Layout{}, err
	}
	l.Logo.Data, l.Seal.Data = logo, seal
	if err := json.Unmarshal([]byte(greetings), &l.Greetings); err != nil {
		return documents.Layout{}, fmt.Errorf("layout %d greetings: %w", l.Version, err)
	}
	return l, nil
}

// DocumentLayout returns the tenant's latest layout; Version 0 when none
// was ever saved.
func (s *Store) DocumentLayout(ctx context.Context, t oroshi.TenantID) (documents.Layout, error) {
	var l documents.Layout
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		l, err = scanLayout(c.row(ctx, `SELECT `+layoutCols+` FROM document_layouts WHERE tenant_id = ?
			ORDER BY version DESC LIMIT 1`, t))
		return err
	})
	if err = s.translate(err); errors.Is(err, oroshi.ErrNotFound) {
		return documents.Layout{}, nil
	}
	if err != nil {
		return documents.Layout{}, fmt.Errorf("document layout: %w", err)
	}
	return l, nil
}

// DocumentLayoutVersion returns one saved version of the layout.
func (s *Store) DocumentLayoutVersion(ctx context.Context, t oroshi.TenantID, version int) (documents.Layout, error) {
	var l documents.Layout
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		l, err = scanLayout(c.row(ctx, `SELECT `+layoutCols+` FROM document_layouts WHERE tenant_id = ? AND version = ?`, t, version))
		return err
	})
	if err != nil {
		return documents.Layout{}, fmt.Errorf("document layout version %d: %w", version, s.translate(err))
	}
	return l, nil
}

// SaveDocumentLayout stores l as the tenant's next layout version with ev.
// Two saves at once: the second's primary key collides (ErrConflict).
func (s *Store) SaveDocumentLayout(ctx context.Context, t oroshi.TenantID, l documents.Layout, ev audit.Event) (documents.Layout, error) {
	greetings := map[string]string{}
	for k, g := range l.Greetings {
		greetings[string(k)] = g
	}
	gj, err := json.Marshal(greetings)
	if err != nil {
		return documents.Layout{}, fmt.Errorf("layout greetings: %w", err)
	}
	l.CreatedAt = s.now()
	err = s.write(ctx, t, func(c *conn) error {
		if err := c.row(ctx, `SELECT coalesce(max(version), 0) + 1 FROM document_layouts WHERE tenant_id = ?`, t).
			Scan(&l.Version); err != nil {
			return s.translate(err)
		}
		_, err := c.exec(ctx, `INSERT INTO document_layouts (tenant_id, `+layoutCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t, l.Version, l.CompanyName, l.Address, l.Phone, l.RegistrationNo, nilIfEmpty(l.Logo.Data), l.Logo.Type,
			nilIfEmpty(l.Seal.Data), l.Seal.Type, string(gj), l.Notes, l.BankAccount, l.ShowCode, l.ShowJAN, l.ShowCaseQty,
			string(l.TaxDisplay), l.RetentionYears, l.CreatedAt, l.CreatedBy, deliveryOrDefault(l.Delivery))
		if err != nil {
			return s.translate(err)
		}
		ev.TargetID = fmt.Sprint(l.Version)
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return documents.Layout{}, fmt.Errorf("save document layout: %w", err)
	}
	return l, nil
}

func nilIfEmpty(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

const documentCols = `id, tenant_id, kind, number, source_type, source_id, source_version, order_id, version, supersedes,
	layout_version, buyer_id, buyer_name, doc_date, total, sha256, size, issued_at, issued_by, issued_realm`

func scanDocument(sc interface{ Scan(...any) error }) (documents.Document, error) {
	var d documents.Document
	var date string
	err := sc.Scan(&d.ID, &d.Tenant, &d.Kind, &d.Number, &d.SourceType, &d.SourceID, &d.SourceVersion, &d.OrderID,
		&d.Version, &d.Supersedes, &d.LayoutVersion, &d.BuyerID, &d.BuyerName, &date, &d.Total, &d.SHA256, &d.Size,
		&d.IssuedAt, &d.IssuedBy, &d.IssuedRealm)
	if err != nil {
		return documents.Document{}, err
	}
	if d.DocDate, err = pricing.ParseDate(date); err != nil {
		return documents.Document{}, fmt.Errorf("document %s date: %w", d.ID, err)
	}
	return d, nil
}

// deliveryOrDefault stores a layout saved without a delivery as a link.
func deliveryOrDefault(d documents.Delivery) string {
	if d == "" {
		return string(documents.DeliveryLink)
	}
	return string(d)
}

// InsertDocument stores an issued document, its PDF and ev (the document
// as ev's target), and queues mails, in one transaction.
func (s *Store) InsertDocument(ctx context.Context, d documents.Document, pdf []byte, ev audit.Event, mails ...notify.Mail) (documents.Document, error) {
	if d.ID == 0 {
		d.ID = s.NewID()
	}
	d.IssuedAt = s.now()
	err := s.write(ctx, d.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO documents (`+documentCols+`, pdf)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, d.Tenant, string(d.Kind), d.Number, d.SourceType, d.SourceID, d.SourceVersion, d.OrderID, d.Version,
			d.Supersedes, d.LayoutVersion, d.BuyerID, d.BuyerName, d.DocDate.String(), d.Total, d.SHA256, d.Size,
			d.IssuedAt, d.IssuedBy, d.IssuedRealm, pdf)
		if err != nil {
			return s.translate(err)
		}
		for _, m := range mails {
			if _, err := s.queueMail(ctx, c, m); err != nil {
				return err
			}
		}
		ev.TargetID = d.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return documents.Document{}, fmt.Errorf("insert document %s %s v%d: %w", d.Kind, d.Number, d.Version, err)
	}
	return d, nil
}

// Document returns one document's record of tenant t.
func (s *Store) Document(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (documents.Document, error) {
	var d documents.Document
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		d, err = scanDocument(c.row(ctx, `SELECT `+documentCols+` FROM documents WHERE tenant_id = ? AND id = ?`, t, id))
		return err
	})
	if err != nil {
		return documents.Document{}, fmt.Errorf("document %s: %w", id, s.translate(err))
	}
	return d, nil
}

// DocumentPDF returns the stored PDF of one document of tenant t.
func (s *Store) DocumentPDF(ctx context.Context, t oroshi.TenantID, id oroshi.ID) ([]byte, error) {
	var b []byte
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT pdf FROM documents WHERE tenant_id = ? AND id = ?`, t, id).Scan(&b)
	})
	if err != nil {
		return nil, fmt.Errorf("document %s pdf: %w", id, s.translate(err))
	}
	return b, nil
}

// Documents lists documents of tenant t matching q, newest issue first.
func (s *Store) Documents(ctx context.Context, t oroshi.TenantID, q documents.Query) ([]documents.Document, error) {
	query, args := documentsSQL(t, q)
	var out []documents.Document
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, query, args...)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDocument(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("documents: %w", s.translate(err))
	}
	return out, nil
}

// documentsSQL is Documents' statement for q.
func documentsSQL(t oroshi.TenantID, q documents.Query) (string, []any) {
	where, args := documentWhere(t, q)
	limit := q.Limit
	if limit <= 0 {
		limit = documents.DefaultPageSize
	}
	return `SELECT ` + documentCols + ` FROM documents WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY issued_at DESC, id DESC` + limitSQL(limit), args
}

// documentWhere turns a query into conditions, each a parameter.
func documentWhere(t oroshi.TenantID, q documents.Query) ([]string, []any) {
	where, args := []string{"tenant_id = ?"}, []any{t}
	add := func(cond string, v any) {
		where, args = append(where, cond), append(args, v)
	}
	if q.Kind != "" {
		add("kind = ?", string(q.Kind))
	}
	if q.BuyerID != 0 {
		add("buyer_id = ?", q.BuyerID)
	}
	if !q.From.IsZero() {
		add("doc_date >= ?", q.From.String())
	}
	if !q.To.IsZero() {
		add("doc_date <= ?", q.To.String())
	}
	if q.MinTotal != nil {
		add("total >= ?", int64(*q.MinTotal))
	}
	if q.MaxTotal != nil {
		add("total <= ?", int64(*q.MaxTotal))
	}
	if q.SourceType != "" {
		add("source_type = ?", q.SourceType)
		add("source_id = ?", q.SourceID)
	}
	if q.OrderID != 0 {
		add("order_id = ?", q.OrderID)
	}
	if q.LatestOnly {
		where = append(where, "NOT EXISTS (SELECT 1 FROM documents n WHERE n.tenant_id = documents.tenant_id AND n.supersedes = documents.id)")
	}
	if q.After != nil {
		where = append(where, "(issued_at < ? OR (issued_at = ? AND id < ?))")
		args = append(args, q.After.IssuedAt, q.After.IssuedAt, q.After.ID)
	}
	return where, args
}
