-- One row per SIP call the edge placed in Routing: what a restart of the module needs to carry on the call
-- (its Routing id, where it stands, the agent rung or connected, and when Routing made the offer rung last, so that a
-- late, older offer rings nobody). No caller number: Routing hashes it on arrival.
CREATE TABLE sip_call (
    sip_call_id  TEXT    NOT NULL PRIMARY KEY,
    tenant_id    TEXT    NOT NULL,
    queue_id     TEXT    NOT NULL,
    call_id      TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    agent_id     TEXT,
    offered_at   BIGINT  NOT NULL DEFAULT 0,
    arrived_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);
CREATE UNIQUE INDEX ix_sip_call_call ON sip_call (call_id);
