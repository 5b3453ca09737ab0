-- The contact's kind (voice, callback, chat, email, messaging): a kind other than voice, once an event names it, stays; a
-- waiting call turned into a callback thus counts on its queue's callback line (docs/sla.md, Contact kinds).
ALTER TABLE call_record ADD COLUMN kind TEXT NOT NULL DEFAULT 'voice';
-- Which lines other than voice a report has: read without touching the calls.
CREATE INDEX ix_call_record_other_kinds ON call_record (tenant_id, queued_at) WHERE kind <> 'voice';
