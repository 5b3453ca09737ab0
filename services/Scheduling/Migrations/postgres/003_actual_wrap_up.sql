-- Handle time = talk + hold + the after-call work actually done on the call's last leg (CallWrapUpEnded), else the
-- queue's configured wrap-up. CallCompleted fills completed_at (which identifies the last leg), talk_plus_hold and
-- wrap_up_seconds (configured), and handle_seconds with the configured wrap-up; VolumesAsync replaces that wrap-up
-- with the reported one when call_wrap_up has a row for (call_id, completed_at). Rows recorded before this migration
-- keep their handle_seconds (talk_plus_hold NULL).
ALTER TABLE call_arrival ADD COLUMN completed_at BIGINT NULL;
ALTER TABLE call_arrival ADD COLUMN talk_plus_hold DOUBLE PRECISION NULL;
ALTER TABLE call_arrival ADD COLUMN wrap_up_seconds DOUBLE PRECISION NULL;
-- The wrap-ups reported per leg (started_at = when the leg ended), whichever event arrives first; a transferred leg's
-- row never matches a call's completed_at, so it is never counted. Not a call_arrival row: it adds no call to volumes.
CREATE TABLE call_wrap_up (
    call_id         TEXT    NOT NULL,
    started_at      BIGINT  NOT NULL,
    wrap_up_seconds DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (call_id, started_at)
);
