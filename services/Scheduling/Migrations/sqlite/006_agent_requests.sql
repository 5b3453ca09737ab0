-- Agents' requests (time off, shift swaps) and the audit of every decision on them (docs/requests.md).
CREATE TABLE agent_request (
    id                TEXT    NOT NULL PRIMARY KEY,
    kind              TEXT    NOT NULL,
    agent_id          TEXT    NOT NULL,
    starts_at         INTEGER NOT NULL,
    ends_at           INTEGER NOT NULL,
    day               TEXT    NULL,
    covering_agent_id TEXT    NULL,
    status            TEXT    NOT NULL,
    note              TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    assessment        TEXT    NULL,
    decided_at        INTEGER NULL,
    decided_by        TEXT    NULL,
    reason            TEXT    NULL
);
CREATE INDEX ix_agent_request_agent ON agent_request (agent_id, starts_at);
CREATE INDEX ix_agent_request_status ON agent_request (status, created_at);
CREATE TABLE agent_request_decision (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  TEXT    NOT NULL,
    decided_at  INTEGER NOT NULL,
    decided_by  TEXT    NOT NULL,
    outcome     TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    figures     TEXT    NULL
);
CREATE INDEX ix_agent_request_decision_request ON agent_request_decision (request_id, id);
