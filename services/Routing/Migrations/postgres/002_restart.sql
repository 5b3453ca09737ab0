ALTER TABLE routing_call ADD COLUMN answered_at BIGINT NULL;
CREATE TABLE routing_outbox (
    id           BIGSERIAL PRIMARY KEY,
    message_type TEXT      NOT NULL,
    body         TEXT      NOT NULL
);
