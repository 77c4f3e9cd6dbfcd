-- Documents delivered by e-mail (帳票の送付). The tenant chooses in its
-- document settings whether a mail about an issued document carries a
-- link to the shop's download ('link', the default) or the PDF itself
-- ('attach'). An attached PDF is not copied into the outbox: the mail
-- names the documents by ID (a JSON array of ID strings, '' for none) and
-- the send job reads their stored PDFs, checked against their SHA-256, at
-- send time.

-- +goose Up
ALTER TABLE mail_outbox ADD COLUMN document_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE document_layouts ADD COLUMN delivery TEXT NOT NULL DEFAULT 'link';

-- +goose Down
ALTER TABLE document_layouts DROP COLUMN delivery;
ALTER TABLE mail_outbox DROP COLUMN document_ids;
