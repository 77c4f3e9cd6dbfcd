-- Billing: the tenant's billing settings, invoices with their delivered
-- lines and the shipments they bill, monthly closings (one row per buyer
-- and closing date: the idempotence of closing), payments (入金), and the
-- credit holds of orders placed over a buyer's credit limit.
-- Money is BIGINT yen; civil dates are TEXT 'YYYY-MM-DD'.

-- +goose Up
CREATE TABLE billing_settings (
    tenant_id  BIGINT NOT NULL,
    mode       TEXT NOT NULL DEFAULT 'monthly',
    method     TEXT NOT NULL DEFAULT 'detailed',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id)
);

CREATE TABLE invoices (
    tenant_id    BIGINT NOT NULL,
    id           BIGINT NOT NULL,
    number       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    method       TEXT NOT NULL,
    buyer_id     BIGINT NOT NULL,
    buyer_code   TEXT NOT NULL,
    buyer_name   TEXT NOT NULL,
    order_id     BIGINT NOT NULL DEFAULT 0,
    closing_date TEXT NOT NULL,
    period_from  TEXT NOT NULL,
    period_to    TEXT NOT NULL,
    issue_date   TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    tax_rounding TEXT NOT NULL,
    previous     BIGINT NOT NULL DEFAULT 0,
    received     BIGINT NOT NULL DEFAULT 0,
    carried      BIGINT NOT NULL DEFAULT 0,
    sales        BIGINT NOT NULL,
    tax          BIGINT NOT NULL,
    total        BIGINT NOT NULL,
    subtotal10   BIGINT NOT NULL DEFAULT 0,
    tax10        BIGINT NOT NULL DEFAULT 0,
    subtotal8    BIGINT NOT NULL DEFAULT 0,
    tax8         BIGINT NOT NULL DEFAULT 0,
    paid         BIGINT NOT NULL DEFAULT 0,
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, buyer_id) REFERENCES buyers (tenant_id, id)
);
CREATE INDEX invoices_issue ON invoices (tenant_id, issue_date, id);
CREATE INDEX invoices_buyer ON invoices (tenant_id, buyer_id, issue_date, id);
CREATE UNIQUE INDEX invoices_per_order ON invoices (tenant_id, order_id) WHERE kind = 'per_order';
CREATE UNIQUE INDEX invoices_monthly ON invoices (tenant_id, buyer_id, closing_date) WHERE kind = 'monthly';

CREATE TABLE invoice_lines (
    tenant_id    BIGINT NOT NULL,
    invoice_id   BIGINT NOT NULL,
    line_no      INTEGER NOT NULL,
    shipped_on   TEXT NOT NULL,
    order_id     BIGINT NOT NULL,
    order_number TEXT NOT NULL,
    shipment_id  BIGINT NOT NULL,
    slip_no      TEXT NOT NULL,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    quantity     BIGINT NOT NULL,
    unit_price   BIGINT NOT NULL,
    amount       BIGINT NOT NULL,
    tax_rate     INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, invoice_id, line_no),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX invoice_lines_order ON invoice_lines (tenant_id, order_id);

-- A shipment is billed once: the primary key refuses a second invoice.
CREATE TABLE invoice_shipments (
    tenant_id   BIGINT NOT NULL,
    shipment_id BIGINT NOT NULL,
    invoice_id  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, shipment_id),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX invoice_shipments_invoice ON invoice_shipments (tenant_id, invoice_id);

-- One row per buyer and closing date, written first in the closing's
-- transaction: a second closing of the same date conflicts on it.
CREATE TABLE billing_closings (
    tenant_id    BIGINT NOT NULL,
    buyer_id     BIGINT NOT NULL,
    closing_date TEXT NOT NULL,
    invoice_id   BIGINT NOT NULL DEFAULT 0,
    closed_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, buyer_id, closing_date)
);
CREATE INDEX billing_closings_date ON billing_closings (tenant_id, closing_date);

CREATE TABLE payments (
    tenant_id    BIGINT NOT NULL,
    id           BIGINT NOT NULL,
    invoice_id   BIGINT NOT NULL,
    buyer_id     BIGINT NOT NULL,
    received_on  TEXT NOT NULL,
    amount       BIGINT NOT NULL,
    fee          BIGINT NOT NULL DEFAULT 0,
    overpayment  BOOLEAN NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    cancelled    BOOLEAN NOT NULL DEFAULT 0,
    cancelled_at TIMESTAMP,
    cancel_note  TEXT NOT NULL DEFAULT '',
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);
CREATE INDEX payments_invoice ON payments (tenant_id, invoice_id);
CREATE INDEX payments_buyer ON payments (tenant_id, buyer_id);
CREATE INDEX payments_received ON payments (tenant_id, received_on, id);

-- Orders placed over the buyer's credit limit wait for the seller.
CREATE TABLE order_credit_holds (
    tenant_id  BIGINT NOT NULL,
    order_id   BIGINT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, order_id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);

-- Closing and the credit check read a buyer's orders by status.
CREATE INDEX orders_buyer_status ON orders (tenant_id, buyer_id, status);

-- +goose Down
DROP INDEX orders_buyer_status;
DROP TABLE order_credit_holds;
DROP TABLE payments;
DROP TABLE billing_closings;
DROP TABLE invoice_shipments;
DROP TABLE invoice_lines;
DROP TABLE invoices;
DROP TABLE billing_settings;
