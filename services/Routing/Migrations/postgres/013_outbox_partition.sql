-- Each routing partition publishes and clears only its own stored events.
ALTER TABLE routing_outbox ADD COLUMN partition_id TEXT NOT NULL DEFAULT 'default';
