-- The 15-minute sums of whole UTC days packed into one row per agent, tenant (or state sums' tenant list) and day (day: its first bucket):
-- cells holds each non-empty bucket of the day (AgentPackedDays), so that a month per interval reads a row per agent and day.
-- Days before agent_packed_through's one row are packed (AgentDayZoneKeeper packs closed days; a write to a packed day moves
-- it back, and the day is packed again); the report reads the 15-minute rows from there on.
CREATE TABLE agent_packed_calls (
    agent_id   TEXT   NOT NULL,
    tenant_id  TEXT   NOT NULL,
    day        BIGINT NOT NULL,
    cells      BYTEA  NOT NULL,
    PRIMARY KEY (day, agent_id, tenant_id)
);
CREATE TABLE agent_packed_state (
    agent_id    TEXT   NOT NULL,
    tenant_ids  TEXT   NOT NULL,
    day         BIGINT NOT NULL,
    cells       BYTEA  NOT NULL,
    PRIMARY KEY (day, agent_id, tenant_ids)
);
CREATE TABLE agent_packed_through (
    day BIGINT NOT NULL PRIMARY KEY
);
