-- An order's documents newest first straight from one index (issue 8):
-- the order page lists them filtered by the order (and, in the shop, the
-- buyer) and sorted by issue. With documents_order (tenant_id, order_id)
-- an unanalyzed SQLite preferred documents_buyer or documents_issued,
-- which already give the order, and walked every document of the buyer
-- (or of the tenant) to find the order's few: a cost of every order page
-- that grew with the history. The new index serves the filter and the
-- order; it replaces documents_order, its prefix. TestHotQueryPlans.

-- +goose Up
CREATE INDEX documents_order_issued ON documents (tenant_id, order_id, issued_at, id);
DROP INDEX documents_order;

-- +goose Down
CREATE INDEX documents_order ON documents (tenant_id, order_id);
DROP INDEX documents_order_issued;
