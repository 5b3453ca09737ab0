CREATE TABLE agent_state_change (
    agent_id    TEXT    NOT NULL,
    changed_at  INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    tenant_ids  TEXT    NOT NULL, -- ',tenant-a,tenant-b,'
    PRIMARY KEY (agent_id, changed_at, state)
);
CREATE INDEX ix_agent_state_change_time ON agent_state_change (changed_at);
