package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// Mail attachments: mail_outbox.document_ids names issued documents of the
// mail's tenant as a JSON array of ID strings ('' for none); the PDFs are
// read from documents when the mail is sent, never copied.

// idList is ids as stored in document_ids.
func idList(ids []oroshi.ID) string {
	if len(ids) == 0 {
		return ""
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	b, _ := json.Marshal(out) // a []string always marshals
	return string(b)
}

// parseIDList reads a stored document_ids value.
func parseIDList(s string) ([]oroshi.ID, error) {
	if s == "" {
		return nil, nil
	}
	var raw []string
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, err
	}
	ids := make([]oroshi.ID, len(raw))
	for i, r := range raw {
		id, err := oroshi.ParseID(r)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return ids, nil
}

// MailAttachments reads the PDFs of m's documents, in m's tenant, in the
// order of m.DocumentIDs, with the SHA-256 recorded at issue for the
// sender to check. A missing document wraps oroshi.ErrNotFound.
func (s *Store) MailAttachments(ctx context.Context, m notify.Mail) ([]notify.Attachment, error) {
	if m.Tenant == oroshi.PlatformTenant {
		return nil, fmt.Errorf("attachments of platform mail %s: %w", m.ID, oroshi.ErrNotFound)
	}
	out := make([]notify.Attachment, 0, len(m.DocumentIDs))
	err := s.read(ctx, m.Tenant, func(c *conn) error {
		for _, id := range m.DocumentIDs {
			d, err := scanDocument(c.row(ctx, `SELECT `+documentCols+` FROM documents WHERE tenant_id = ? AND id = ?`, m.Tenant, id))
			if err != nil {
				return fmt.Errorf("document %s: %w", id, s.translate(err))
			}
			var pdf []byte
			if err := c.row(ctx, `SELECT pdf FROM documents WHERE tenant_id = ? AND id = ?`, m.Tenant, id).Scan(&pdf); err != nil {
				return fmt.Errorf("document %s pdf: %w", id, s.translate(err))
			}
			out = append(out, notify.Attachment{Name: d.FileName(), ContentType: "application/pdf", Data: pdf, SHA256: d.SHA256})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("attachments of mail %s: %w", m.ID, err)
	}
	return out, nil
}
