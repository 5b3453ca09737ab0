CREATE TABLE published_day (
    agent_id     TEXT    NOT NULL,
    day          TEXT    NOT NULL,
    day_off      BOOLEAN NOT NULL,
    published_at BIGINT  NOT NULL,
    published_by TEXT    NOT NULL,
    PRIMARY KEY (agent_id, day)
);
CREATE INDEX ix_published_day_day ON published_day (day);
CREATE TABLE published_activity (
    agent_id  TEXT   NOT NULL,
    day       TEXT   NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at   BIGINT NOT NULL,
    kind      TEXT   NOT NULL,
    PRIMARY KEY (agent_id, starts_at)
);
CREATE INDEX ix_published_activity_day ON published_activity (day, agent_id);
CREATE TABLE agent_state_change (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_id   TEXT   NOT NULL,
    changed_at BIGINT NOT NULL,
    state      TEXT   NOT NULL,
    reason     TEXT   NOT NULL,
    tenant_ids TEXT   NOT NULL,
    UNIQUE (agent_id, changed_at, state, reason)
);
CREATE INDEX ix_agent_state_change_time ON agent_state_change (changed_at);
CREATE TABLE adherence_episode (
    agent_id   TEXT   NOT NULL,
    since      BIGINT NOT NULL,
    day        TEXT   NOT NULL,
    raised_at  BIGINT NOT NULL,
    cleared_at BIGINT NULL,
    PRIMARY KEY (agent_id, since)
);
