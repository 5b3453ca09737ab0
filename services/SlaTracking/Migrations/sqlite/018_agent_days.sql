-- The agent report's sums per agent, tenant and day of the centre's zone (bucket: the day's first 15-minute UTC bucket), kept
-- beside the hour sums by the same writes (AgentBuckets), read for days and months. Which zone the days are cut in is
-- agent_day_zone's one row: the rows stored before are added up (and re-cut when Centre:TimeZone changes) by
-- AgentDayZoneKeeper, as SQL alone does not know the centre's zone; until then the report reads the hour sums.
CREATE TABLE agent_day_calls (
    agent_id         TEXT    NOT NULL,
    tenant_id        TEXT    NOT NULL,
    bucket           INTEGER NOT NULL,
    offered          INTEGER NOT NULL DEFAULT 0,
    missed           INTEGER NOT NULL DEFAULT 0,
    rejected         INTEGER NOT NULL DEFAULT 0,
    answered         INTEGER NOT NULL DEFAULT 0,
    transfers        INTEGER NOT NULL DEFAULT 0,
    talk_seconds     REAL NOT NULL DEFAULT 0,
    hold_seconds     REAL NOT NULL DEFAULT 0,
    wrap_up_seconds  REAL NOT NULL DEFAULT 0,
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
CREATE TABLE agent_day_state (
    agent_id      TEXT    NOT NULL,
    tenant_ids    TEXT    NOT NULL,
    bucket        INTEGER NOT NULL,
    logged_in_ms  INTEGER NOT NULL DEFAULT 0,
    staffed_ms    INTEGER NOT NULL DEFAULT 0,
    busy_ms       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, agent_id, tenant_ids)
);
CREATE TABLE agent_day_zone (
    zone TEXT NOT NULL PRIMARY KEY
);
