ALTER TABLE routing_call ADD COLUMN answered_at INTEGER NULL;
CREATE TABLE routing_outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    message_type TEXT   NOT NULL,
    body        TEXT    NOT NULL
);
