-- How a contract counts its contacts' waits (docs/sla.md, Counting other kinds): the business hours' share of an e-mail's or
-- message's wait, stamped when it is answered or abandoned, and a callback's first dial.
ALTER TABLE call_record ADD COLUMN first_dial_at INTEGER NULL;
ALTER TABLE call_record ADD COLUMN answered_business_ms INTEGER NULL;
ALTER TABLE call_record ADD COLUMN abandoned_business_ms INTEGER NULL;
ALTER TABLE sla_contract ADD COLUMN wait_clock TEXT NOT NULL DEFAULT 'wall';
ALTER TABLE sla_contract ADD COLUMN callback_answer TEXT NOT NULL DEFAULT 'reached';
-- Summaries now hold one histogram set per measure: every bucket is summed again when next read.
DELETE FROM call_bucket_summary;
DELETE FROM call_bucket_summarised;
