ALTER TABLE routing_call ADD COLUMN consult_agent_id TEXT NULL;
ALTER TABLE routing_call ADD COLUMN consult_queue_id TEXT NULL;
ALTER TABLE routing_call ADD COLUMN consult_talking INTEGER NOT NULL DEFAULT 0;
ALTER TABLE routing_call ADD COLUMN consult_started_at INTEGER NULL;
