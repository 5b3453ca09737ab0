-- The agent report's sums per agent, tenant and 15-minute UTC bucket (Unix ms / 900000), kept by the consumers in the
-- transaction that stores the offer or leg (AgentBuckets): offers by ring instant, legs by answer instant; h00..h20 count
-- the legs per 30-second band of handle time (h20: 600 s and more).
CREATE TABLE agent_bucket_calls (
    agent_id         TEXT    NOT NULL,
    tenant_id        TEXT    NOT NULL,
    bucket           BIGINT  NOT NULL,
    offered          INTEGER NOT NULL DEFAULT 0,
    missed           INTEGER NOT NULL DEFAULT 0,
    rejected         INTEGER NOT NULL DEFAULT 0,
    answered         INTEGER NOT NULL DEFAULT 0,
    transfers        INTEGER NOT NULL DEFAULT 0,
    talk_seconds     DOUBLE PRECISION NOT NULL DEFAULT 0,
    hold_seconds     DOUBLE PRECISION NOT NULL DEFAULT 0,
    wrap_up_seconds  DOUBLE PRECISION NOT NULL DEFAULT 0,
    h00 INTEGER NOT NULL DEFAULT 0,
    h01 INTEGER NOT NULL DEFAULT 0,
    h02 INTEGER NOT NULL DEFAULT 0,
    h03 INTEGER NOT NULL DEFAULT 0,
    h04 INTEGER NOT NULL DEFAULT 0,
    h05 INTEGER NOT NULL DEFAULT 0,
    h06 INTEGER NOT NULL DEFAULT 0,
    h07 INTEGER NOT NULL DEFAULT 0,
    h08 INTEGER NOT NULL DEFAULT 0,
    h09 INTEGER NOT NULL DEFAULT 0,
    h10 INTEGER NOT NULL DEFAULT 0,
    h11 INTEGER NOT NULL DEFAULT 0,
    h12 INTEGER NOT NULL DEFAULT 0,
    h13 INTEGER NOT NULL DEFAULT 0,
    h14 INTEGER NOT NULL DEFAULT 0,
    h15 INTEGER NOT NULL DEFAULT 0,
    h16 INTEGER NOT NULL DEFAULT 0,
    h17 INTEGER NOT NULL DEFAULT 0,
    h18 INTEGER NOT NULL DEFAULT 0,
    h19 INTEGER NOT NULL DEFAULT 0,
    h20 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, agent_id, tenant_id)
);
-- The same per UTC hour (bucket: the hour's first 15-minute bucket), read for days and months in whole-hour zones.
CREATE TABLE agent_hour_calls (
    agent_id         TEXT    NOT NULL,
    tenant_id        TEXT    NOT NULL,
    bucket           BIGINT  NOT NULL,
    offered          INTEGER NOT NULL DEFAULT 0,
    missed           INTEGER NOT NULL DEFAULT 0,
    rejected         INTEGER NOT NULL DEFAULT 0,
    answered         INTEGER NOT NULL DEFAULT 0,
    transfers        INTEGER NOT NULL DEFAULT 0,
    talk_seconds     DOUBLE PRECISION NOT NULL DEFAULT 0,
    hold_seconds     DOUBLE PRECISION NOT NULL DEFAULT 0,
    wrap_up_seconds  DOUBLE PRECISION NOT NULL DEFAULT 0,
    h00 INTEGER NOT NULL DEFAULT 0,
    h01 INTEGER NOT NULL DEFAULT 0,
    h02 INTEGER NOT NULL DEFAULT 0,
    h03 INTEGER NOT NULL DEFAULT 0,
    h04 INTEGER NOT NULL DEFAULT 0,
    h05 INTEGER NOT NULL DEFAULT 0,
    h06 INTEGER NOT NULL DEFAULT 0,
    h07 INTEGER NOT NULL DEFAULT 0,
    h08 INTEGER NOT NULL DEFAULT 0,
    h09 INTEGER NOT NULL DEFAULT 0,
    h10 INTEGER NOT NULL DEFAULT 0,
    h11 INTEGER NOT NULL DEFAULT 0,
    h12 INTEGER NOT NULL DEFAULT 0,
    h13 INTEGER NOT NULL DEFAULT 0,
    h14 INTEGER NOT NULL DEFAULT 0,
    h15 INTEGER NOT NULL DEFAULT 0,
    h16 INTEGER NOT NULL DEFAULT 0,
    h17 INTEGER NOT NULL DEFAULT 0,
    h18 INTEGER NOT NULL DEFAULT 0,
    h19 INTEGER NOT NULL DEFAULT 0,
    h20 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, agent_id, tenant_id)
);
-- Closed state time (from a change to the agent's next change) per agent, tenant list of the change and 15-minute bucket,
-- in ms: logged in (any state but LoggedOut), staffed, busy (as for occupancy).
CREATE TABLE agent_bucket_state (
    agent_id      TEXT    NOT NULL,
    tenant_ids    TEXT    NOT NULL,
    bucket        BIGINT  NOT NULL,
    logged_in_ms  INTEGER NOT NULL DEFAULT 0,
    staffed_ms    INTEGER NOT NULL DEFAULT 0,
    busy_ms       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, agent_id, tenant_ids)
);
-- The same per UTC hour.
CREATE TABLE agent_hour_state (
    agent_id      TEXT    NOT NULL,
    tenant_ids    TEXT    NOT NULL,
    bucket        BIGINT  NOT NULL,
    logged_in_ms  INTEGER NOT NULL DEFAULT 0,
    staffed_ms    INTEGER NOT NULL DEFAULT 0,
    busy_ms       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, agent_id, tenant_ids)
);
-- Closed NotReady time per reason ('unspecified' when none came).
CREATE TABLE agent_bucket_not_ready (
    agent_id    TEXT    NOT NULL,
    tenant_ids  TEXT    NOT NULL,
    bucket      BIGINT  NOT NULL,
    reason      TEXT    NOT NULL,
    ms          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, agent_id, tenant_ids, reason)
);

-- Each agent's latest change: the state still open, which lasts until now.
CREATE TABLE agent_last_state (
    agent_id    TEXT    NOT NULL PRIMARY KEY,
    changed_at  BIGINT  NOT NULL,
    state       TEXT    NOT NULL,
    reason      TEXT    NULL,
    tenant_ids  TEXT    NOT NULL
);

-- Backfill from what is stored.
INSERT INTO agent_bucket_calls (agent_id, tenant_id, bucket, offered, missed, rejected, answered, transfers,
                                talk_seconds, hold_seconds, wrap_up_seconds, h00, h01, h02, h03, h04, h05, h06, h07, h08, h09, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20)
SELECT agent_id, tenant_id, bucket, sum(offered), sum(missed), sum(rejected), sum(answered), sum(transfers),
       sum(talk_seconds), sum(hold_seconds), sum(wrap_up_seconds), sum(h00), sum(h01), sum(h02), sum(h03), sum(h04), sum(h05), sum(h06), sum(h07), sum(h08), sum(h09), sum(h10), sum(h11), sum(h12), sum(h13), sum(h14), sum(h15), sum(h16), sum(h17), sum(h18), sum(h19), sum(h20)
  FROM (SELECT agent_id, tenant_id, offered_at / 900000 AS bucket, 1 AS offered,
               CASE WHEN return_reason = 'missed' THEN 1 ELSE 0 END AS missed,
               CASE WHEN return_reason = 'rejected' THEN 1 ELSE 0 END AS rejected, 0 AS answered, 0 AS transfers,
               0.0 AS talk_seconds, 0.0 AS hold_seconds, 0.0 AS wrap_up_seconds, 0 AS h00, 0 AS h01, 0 AS h02, 0 AS h03, 0 AS h04, 0 AS h05, 0 AS h06, 0 AS h07, 0 AS h08, 0 AS h09, 0 AS h10, 0 AS h11, 0 AS h12, 0 AS h13, 0 AS h14, 0 AS h15, 0 AS h16, 0 AS h17, 0 AS h18, 0 AS h19, 0 AS h20
          FROM agent_offer
        UNION ALL
        SELECT agent_id, tenant_id, answered_at / 900000, 0, 0, 0, 1, CASE WHEN ended_by = 'Transferred' THEN 1 ELSE 0 END,
               talk_seconds, hold_seconds, wrap_up_seconds, CASE WHEN band = 0 THEN 1 ELSE 0 END, CASE WHEN band = 1 THEN 1 ELSE 0 END, CASE WHEN band = 2 THEN 1 ELSE 0 END, CASE WHEN band = 3 THEN 1 ELSE 0 END, CASE WHEN band = 4 THEN 1 ELSE 0 END, CASE WHEN band = 5 THEN 1 ELSE 0 END, CASE WHEN band = 6 THEN 1 ELSE 0 END, CASE WHEN band = 7 THEN 1 ELSE 0 END, CASE WHEN band = 8 THEN 1 ELSE 0 END, CASE WHEN band = 9 THEN 1 ELSE 0 END, CASE WHEN band = 10 THEN 1 ELSE 0 END, CASE WHEN band = 11 THEN 1 ELSE 0 END, CASE WHEN band = 12 THEN 1 ELSE 0 END, CASE WHEN band = 13 THEN 1 ELSE 0 END, CASE WHEN band = 14 THEN 1 ELSE 0 END, CASE WHEN band = 15 THEN 1 ELSE 0 END, CASE WHEN band = 16 THEN 1 ELSE 0 END, CASE WHEN band = 17 THEN 1 ELSE 0 END, CASE WHEN band = 18 THEN 1 ELSE 0 END, CASE WHEN band = 19 THEN 1 ELSE 0 END, CASE WHEN band = 20 THEN 1 ELSE 0 END
          FROM (SELECT l.*, LEAST(CAST(floor((talk_seconds + hold_seconds + wrap_up_seconds) / 30.0) AS BIGINT), 20) AS band FROM call_leg l WHERE agent_id <> '') legs) u
 GROUP BY agent_id, tenant_id, bucket;

INSERT INTO agent_hour_calls (agent_id, tenant_id, bucket, offered, missed, rejected, answered, transfers,
                              talk_seconds, hold_seconds, wrap_up_seconds, h00, h01, h02, h03, h04, h05, h06, h07, h08, h09, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20)
SELECT agent_id, tenant_id, bucket - bucket % 4, sum(offered), sum(missed), sum(rejected), sum(answered), sum(transfers),
       sum(talk_seconds), sum(hold_seconds), sum(wrap_up_seconds), sum(h00), sum(h01), sum(h02), sum(h03), sum(h04), sum(h05), sum(h06), sum(h07), sum(h08), sum(h09), sum(h10), sum(h11), sum(h12), sum(h13), sum(h14), sum(h15), sum(h16), sum(h17), sum(h18), sum(h19), sum(h20)
  FROM agent_bucket_calls
 GROUP BY agent_id, tenant_id, bucket - bucket % 4;

CREATE TEMPORARY TABLE agent_state_piece AS
WITH spans AS (
    SELECT agent_id, tenant_ids, state, reason, changed_at AS s,
           lead(changed_at) OVER (PARTITION BY agent_id ORDER BY changed_at, state COLLATE "C") AS e
      FROM agent_state_change),
pieces AS (
    SELECT agent_id, tenant_ids, state, reason, b, LEAST(e, (b + 1) * 900000) - GREATEST(s, b * 900000) AS ms
      FROM spans CROSS JOIN LATERAL generate_series(s / 900000, (e - 1) / 900000) AS b
     WHERE e IS NOT NULL AND e > s AND state <> 'LoggedOut')
SELECT * FROM pieces;

INSERT INTO agent_bucket_state (agent_id, tenant_ids, bucket, logged_in_ms, staffed_ms, busy_ms)
SELECT agent_id, tenant_ids, b, sum(ms), sum(CASE WHEN state IN ('Available', 'Reserved', 'OnCall', 'AfterCallWork') THEN ms ELSE 0 END), sum(CASE WHEN state IN ('OnCall', 'AfterCallWork') THEN ms ELSE 0 END)
  FROM agent_state_piece
 GROUP BY agent_id, tenant_ids, b;

INSERT INTO agent_bucket_not_ready (agent_id, tenant_ids, bucket, reason, ms)
SELECT agent_id, tenant_ids, b, COALESCE(NULLIF(reason, ''), 'unspecified'), sum(ms)
  FROM agent_state_piece
 WHERE state = 'NotReady'
 GROUP BY agent_id, tenant_ids, b, COALESCE(NULLIF(reason, ''), 'unspecified');

DROP TABLE agent_state_piece;

INSERT INTO agent_hour_state (agent_id, tenant_ids, bucket, logged_in_ms, staffed_ms, busy_ms)
SELECT agent_id, tenant_ids, bucket - bucket % 4, sum(logged_in_ms), sum(staffed_ms), sum(busy_ms)
  FROM agent_bucket_state
 GROUP BY agent_id, tenant_ids, bucket - bucket % 4;

INSERT INTO agent_last_state (agent_id, changed_at, state, reason, tenant_ids)
SELECT DISTINCT ON (agent_id) agent_id, changed_at, state, reason, tenant_ids
  FROM agent_state_change
 ORDER BY agent_id, changed_at DESC, state COLLATE "C" DESC;
