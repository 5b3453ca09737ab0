ALTER TABLE call_record ADD COLUMN rejected_at INTEGER NULL;
ALTER TABLE call_record ADD COLUMN reject_reason TEXT NULL;

-- Every answer of a call (a transferred call is answered once per leg); the first one is call_record.answered_at.
CREATE TABLE call_answer (
    call_id      TEXT    NOT NULL,
    answered_at  INTEGER NOT NULL,
    queue_id     TEXT    NOT NULL,
    agent_id     TEXT    NULL,
    PRIMARY KEY (call_id, answered_at)
);

-- The transfer chain of a call.
CREATE TABLE call_transfer (
    call_id         TEXT    NOT NULL,
    transferred_at  INTEGER NOT NULL,
    from_queue_id   TEXT    NOT NULL,
    to_queue_id     TEXT    NOT NULL,
    agent_id        TEXT    NOT NULL,
    PRIMARY KEY (call_id, transferred_at)
);
