-- Who transferred a waiting call, from which queue and when: a transfer the edge could not carry out goes back to that agent.
ALTER TABLE routing_call ADD COLUMN transferred_by TEXT NULL;
ALTER TABLE routing_call ADD COLUMN transferred_from_queue TEXT NULL;
ALTER TABLE routing_call ADD COLUMN transferred_at INTEGER NULL;
