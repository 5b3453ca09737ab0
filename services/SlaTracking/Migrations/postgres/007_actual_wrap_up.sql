-- The after-call work agents actually did (CallWrapUpEnded), per leg: the leg is the one that ended at started_at (the
-- record's completed_at, or a call_transfer's transferred_at). A row replaces that leg's configured wrap-up
-- (call_record.wrap_up_seconds, call_transfer.wrap_up_seconds) whichever event arrived first.
CREATE TABLE call_wrap_up (
    call_id          TEXT    NOT NULL,
    started_at       BIGINT  NOT NULL,
    agent_id         TEXT    NOT NULL,
    ended_at         BIGINT  NOT NULL,
    wrap_up_seconds  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (call_id, started_at)
);
