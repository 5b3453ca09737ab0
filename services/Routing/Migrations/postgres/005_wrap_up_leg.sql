-- The call leg an agent in after-call work is wrapping up, so that a restart can report the work actually done (CallWrapUpEnded).
ALTER TABLE agent_state ADD COLUMN wrap_call_id TEXT NULL;
ALTER TABLE agent_state ADD COLUMN wrap_tenant_id TEXT NULL;
ALTER TABLE agent_state ADD COLUMN wrap_queue_id TEXT NULL;
ALTER TABLE agent_state ADD COLUMN wrap_queued_at BIGINT NULL;
ALTER TABLE agent_state ADD COLUMN wrap_started_at BIGINT NULL;
ALTER TABLE agent_state ADD COLUMN wrap_ends_at BIGINT NULL;
