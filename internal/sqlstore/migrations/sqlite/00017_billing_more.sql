-- Billing leftovers. Payments get a real payment method (入金方法), kept
-- until now at the head of the note as 【振込】…: existing notes of that
-- form are split into method and note, any other payment is a transfer.
-- Closing runs get updated_at, the time of their last change (start,
-- progress, finish), so that a sweep can end runs whose job was lost.

-- +goose Up
ALTER TABLE payments ADD COLUMN method TEXT NOT NULL DEFAULT 'transfer';
UPDATE payments SET method = CASE
        WHEN note LIKE '【振込】%' THEN 'transfer'
        WHEN note LIKE '【現金】%' THEN 'cash'
        WHEN note LIKE '【手形】%' THEN 'promissory_note'
        WHEN note LIKE '【相殺】%' THEN 'offset'
        ELSE 'other' END,
    note = substr(note, CASE WHEN note LIKE '【その他】%' THEN 6 ELSE 5 END)
    WHERE note LIKE '【振込】%' OR note LIKE '【現金】%' OR note LIKE '【手形】%' OR note LIKE '【相殺】%'
        OR note LIKE '【その他】%';

ALTER TABLE billing_runs ADD COLUMN updated_at TIMESTAMP;
UPDATE billing_runs SET updated_at = coalesce(finished_at, created_at);

-- +goose Down
ALTER TABLE billing_runs DROP COLUMN updated_at;
UPDATE payments SET note = CASE method WHEN 'transfer' THEN '【振込】' WHEN 'cash' THEN '【現金】'
    WHEN 'promissory_note' THEN '【手形】' WHEN 'offset' THEN '【相殺】' ELSE '【その他】' END || note;
ALTER TABLE payments DROP COLUMN method;
