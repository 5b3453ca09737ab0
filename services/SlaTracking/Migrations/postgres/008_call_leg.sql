-- One row per call leg (CallLegEnded), keyed by the call and the instant the leg ended: what handle time, transfers and
-- completion are read from. queue_id is the leg's queue; the call counts in call_record.queue_id (its arrival's).
CREATE TABLE call_leg (
    call_id          TEXT    NOT NULL,
    ended_at         BIGINT  NOT NULL,
    tenant_id        TEXT    NOT NULL,
    queue_id         TEXT    NOT NULL,
    agent_id         TEXT    NOT NULL,
    queued_at        BIGINT  NOT NULL,
    answered_at      BIGINT  NOT NULL,
    ended_by         TEXT    NOT NULL,
    talk_seconds     DOUBLE PRECISION NOT NULL,
    hold_seconds     DOUBLE PRECISION NOT NULL,
    wrap_up_seconds  DOUBLE PRECISION NOT NULL,
    disposition      TEXT    NULL,
    PRIMARY KEY (call_id, ended_at)
);
CREATE INDEX ix_call_leg_tenant_time ON call_leg (tenant_id, queued_at);
CREATE INDEX ix_call_leg_queued_at ON call_leg (queued_at);

-- The transferred legs: from the leg's answer (the latest before the transfer) to the transfer, less its hold.
INSERT INTO call_leg (call_id, ended_at, tenant_id, queue_id, agent_id, queued_at, answered_at, ended_by,
                      talk_seconds, hold_seconds, wrap_up_seconds, disposition)
SELECT x.call_id, x.transferred_at, x.tenant_id, x.from_queue_id, x.agent_id, x.queued_at, x.answered_at, 'Transferred',
       GREATEST(0, (x.transferred_at - x.answered_at) / 1000.0 - x.hold_seconds), x.hold_seconds, x.wrap_up_seconds, NULL
  FROM (SELECT t.call_id, t.transferred_at, r.tenant_id, t.from_queue_id, t.agent_id, r.queued_at, t.hold_seconds,
               COALESCE((SELECT max(a.answered_at) FROM call_answer a
                          WHERE a.call_id = t.call_id AND a.answered_at <= t.transferred_at),
                        r.answered_at, t.transferred_at) AS answered_at,
               COALESCE(w.wrap_up_seconds, t.wrap_up_seconds) AS wrap_up_seconds
          FROM call_transfer t
          JOIN call_record r ON r.call_id = t.call_id
          LEFT JOIN call_wrap_up w ON w.call_id = t.call_id AND w.started_at = t.transferred_at) x
ON CONFLICT (call_id, ended_at) DO NOTHING;

-- The last leg of every completed call, in the queue the last transfer sent it to.
INSERT INTO call_leg (call_id, ended_at, tenant_id, queue_id, agent_id, queued_at, answered_at, ended_by,
                      talk_seconds, hold_seconds, wrap_up_seconds, disposition)
SELECT r.call_id, r.completed_at, r.tenant_id,
       COALESCE((SELECT t.to_queue_id FROM call_transfer t
                  WHERE t.call_id = r.call_id AND t.transferred_at <= r.completed_at
                  ORDER BY t.transferred_at DESC LIMIT 1), r.queue_id),
       COALESCE(r.agent_id, ''), r.queued_at,
       COALESCE((SELECT max(a.answered_at) FROM call_answer a WHERE a.call_id = r.call_id AND a.answered_at <= r.completed_at),
                r.answered_at, r.completed_at),
       'Completed', r.talk_seconds, COALESCE(r.hold_seconds, 0), COALESCE(w.wrap_up_seconds, r.wrap_up_seconds, 0), r.disposition
  FROM call_record r
  LEFT JOIN call_wrap_up w ON w.call_id = r.call_id AND w.started_at = r.completed_at
 WHERE r.completed_at IS NOT NULL AND r.talk_seconds IS NOT NULL
ON CONFLICT (call_id, ended_at) DO NOTHING;

-- What only rebuilt legs from the older events.
DROP TABLE call_answer;
DROP TABLE call_transfer;
DROP TABLE call_wrap_up;
ALTER TABLE call_record DROP COLUMN completed_at;
ALTER TABLE call_record DROP COLUMN agent_id;
ALTER TABLE call_record DROP COLUMN talk_seconds;
ALTER TABLE call_record DROP COLUMN wrap_up_seconds;
ALTER TABLE call_record DROP COLUMN disposition;
ALTER TABLE call_record DROP COLUMN hold_seconds;

-- Every summary is computed again from the legs.
UPDATE call_bucket_version SET version = version + 1;
