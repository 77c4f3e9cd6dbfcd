package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
)

// MaxAttachments bounds the documents one mail may carry.
const MaxAttachments = 10

// Attachment is a file sent with a mail. It is read at send time from
// where it is kept (an issued document's stored PDF), never copied into
// the outbox, and checked against SHA256 before it leaves.
type Attachment struct {
	Name        string // the file name as the recipient sees it, e.g. 納品書_O-2026-000123-1_v1.pdf
	ContentType string // "application/pdf"
	Data        []byte
	SHA256      string // hex, recorded when the file was made
}

// ErrAttachmentAltered means an attachment's bytes no longer match their
// recorded SHA-256: the mail is not sent, and retrying cannot help.
var ErrAttachmentAltered = errors.New("attachment does not match its SHA-256")

// attach reads m's attachments and checks each against its SHA-256.
func (s Service) attach(ctx context.Context, m Mail) (Mail, error) {
	if len(m.DocumentIDs) == 0 {
		return m, nil
	}
	files, err := s.Store.MailAttachments(ctx, m)
	if err != nil {
		return m, fmt.Errorf("attachments of mail %s: %w", m.ID, err)
	}
	if len(files) != len(m.DocumentIDs) {
		return m, fmt.Errorf("attachments of mail %s: %d of %d found: %w", m.ID, len(files), len(m.DocumentIDs), oroshi.ErrNotFound)
	}
	for _, f := range files {
		if sum := sha256.Sum256(f.Data); hex.EncodeToString(sum[:]) != f.SHA256 {
			return m, fmt.Errorf("mail %s attachment %s: %w", m.ID, f.Name, ErrAttachmentAltered)
		}
	}
	m.Attachments = files
	return m, nil
}

// permanent tells whether a failure to attach cannot be cured by retrying:
// a document gone (only tenant deletion removes one) or altered.
func permanent(err error) bool {
	return errors.Is(err, oroshi.ErrNotFound) || errors.Is(err, ErrAttachmentAltered)
}
