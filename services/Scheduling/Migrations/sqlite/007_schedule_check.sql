-- A schedule played against its forecast by the Simulator, as the API serves it (docs/rostering.md).
CREATE TABLE schedule_check (
    id          TEXT    NOT NULL PRIMARY KEY,
    tenant_id   TEXT    NOT NULL,
    checked_at  INTEGER NOT NULL,
    checked_by  TEXT    NOT NULL,
    result      TEXT    NOT NULL
);
CREATE INDEX ix_schedule_check_tenant ON schedule_check (tenant_id, checked_at);
