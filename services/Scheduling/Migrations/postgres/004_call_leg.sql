-- One row per call leg (CallLegEnded), keyed by the call and the instant the leg ended. A call's handle time is read
-- from its legs once one of them completed it; the call counts in its arrival's queue and interval (call_arrival).
CREATE TABLE call_leg (
    call_id          TEXT    NOT NULL,
    ended_at         BIGINT  NOT NULL,
    tenant_id        TEXT    NOT NULL,
    queued_at        BIGINT  NOT NULL,
    ended_by         TEXT    NOT NULL,
    talk_seconds     DOUBLE PRECISION NOT NULL,
    hold_seconds     DOUBLE PRECISION NOT NULL,
    wrap_up_seconds  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (call_id, ended_at)
);
CREATE INDEX ix_call_leg_tenant_time ON call_leg (tenant_id, queued_at);

-- The calls recorded so far knew only their last leg: it becomes their one leg. Rows that kept only a whole handle time
-- (no completion instant) become a leg of that much talk, ended when the call was queued.
INSERT INTO call_leg (call_id, ended_at, tenant_id, queued_at, ended_by, talk_seconds, hold_seconds, wrap_up_seconds)
SELECT a.call_id, COALESCE(a.completed_at, a.queued_at), a.tenant_id, a.queued_at, 'Completed',
       COALESCE(a.talk_plus_hold, a.handle_seconds), 0,
       CASE WHEN a.talk_plus_hold IS NULL THEN 0 ELSE COALESCE(w.wrap_up_seconds, a.wrap_up_seconds, 0) END
  FROM call_arrival a
  LEFT JOIN call_wrap_up w ON w.call_id = a.call_id AND w.started_at = a.completed_at
 WHERE a.handle_seconds IS NOT NULL
ON CONFLICT (call_id, ended_at) DO NOTHING;

-- What only fed the last leg's handle time.
DROP TABLE call_wrap_up;
ALTER TABLE call_arrival DROP COLUMN handle_seconds;
ALTER TABLE call_arrival DROP COLUMN completed_at;
ALTER TABLE call_arrival DROP COLUMN talk_plus_hold;
ALTER TABLE call_arrival DROP COLUMN wrap_up_seconds;
