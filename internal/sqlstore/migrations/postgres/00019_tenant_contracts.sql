-- Tenant contracts (契約): start and end dates as JST calendar dates
-- 'YYYY-MM-DD' ('' = not set; an empty end date is open-ended), an
-- optional plan and notes, and when the tenant's data was deleted after
-- its contract ended (status 'deleted'; the row and its slug are kept so
-- the slug is never reused and the operators' log still names it).
-- tenants is a platform table: no row-level security.

-- +goose Up
ALTER TABLE tenants ADD COLUMN contract_start TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN contract_end TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN plan TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN contract_notes TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN deleted_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE tenants DROP COLUMN deleted_at;
ALTER TABLE tenants DROP COLUMN contract_notes;
ALTER TABLE tenants DROP COLUMN plan;
ALTER TABLE tenants DROP COLUMN contract_end;
ALTER TABLE tenants DROP COLUMN contract_start;
