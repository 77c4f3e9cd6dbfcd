-- Documents (帳票): the tenant's layout settings, one row per saved
-- version (an issued document keeps the version it was made with), and the
-- issued documents with their PDF and SHA-256. Issued documents are never
-- changed: a re-issue is a new row (version + 1, supersedes the previous
-- one), and a trigger refuses any UPDATE. Nothing in the application
-- deletes them (電子帳簿保存法); they go only with the tenant at contract
-- end. doc_date is the transaction date (取引年月日) 'YYYY-MM-DD', JST.

-- +goose Up
CREATE TABLE document_layouts (
    tenant_id       BIGINT NOT NULL,
    version         INTEGER NOT NULL,
    company_name    TEXT NOT NULL,
    address         TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    registration_no TEXT NOT NULL DEFAULT '',
    logo            BLOB,
    logo_type       TEXT NOT NULL DEFAULT '',
    seal            BLOB,
    seal_type       TEXT NOT NULL DEFAULT '',
    greetings       TEXT NOT NULL DEFAULT '{}',
    notes           TEXT NOT NULL DEFAULT '',
    bank_account    TEXT NOT NULL DEFAULT '',
    show_code       BOOLEAN NOT NULL DEFAULT true,
    show_jan        BOOLEAN NOT NULL DEFAULT false,
    show_case_qty   BOOLEAN NOT NULL DEFAULT false,
    tax_display     TEXT NOT NULL DEFAULT 'exclusive',
    retention_years INTEGER NOT NULL DEFAULT 7,
    created_at      TIMESTAMP NOT NULL,
    created_by      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, version)
);

CREATE TABLE documents (
    tenant_id      BIGINT NOT NULL,
    id             BIGINT NOT NULL,
    kind           TEXT NOT NULL,
    number         TEXT NOT NULL,
    source_type    TEXT NOT NULL,
    source_id      BIGINT NOT NULL,
    source_version INTEGER NOT NULL DEFAULT 0,
    order_id       BIGINT NOT NULL DEFAULT 0,
    version        INTEGER NOT NULL,
    supersedes     BIGINT NOT NULL DEFAULT 0,
    layout_version INTEGER NOT NULL,
    buyer_id       BIGINT NOT NULL,
    buyer_name     TEXT NOT NULL,
    doc_date       TEXT NOT NULL,
    total          BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    size           INTEGER NOT NULL,
    pdf            BLOB NOT NULL,
    issued_at      TIMESTAMP NOT NULL,
    issued_by      BIGINT NOT NULL DEFAULT 0,
    issued_realm   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, kind, source_type, source_id, source_version, version),
    FOREIGN KEY (tenant_id, layout_version) REFERENCES document_layouts (tenant_id, version),
    FOREIGN KEY (tenant_id, buyer_id) REFERENCES buyers (tenant_id, id)
);
CREATE INDEX documents_issued ON documents (tenant_id, issued_at, id);
CREATE INDEX documents_buyer ON documents (tenant_id, buyer_id, issued_at, id);
CREATE INDEX documents_date ON documents (tenant_id, doc_date);
CREATE INDEX documents_total ON documents (tenant_id, total);
CREATE INDEX documents_order ON documents (tenant_id, order_id);

-- +goose StatementBegin
CREATE TRIGGER documents_immutable BEFORE UPDATE ON documents
BEGIN
    SELECT RAISE(ABORT, 'issued documents are immutable');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER documents_immutable;
DROP TABLE documents;
DROP TABLE document_layouts;
