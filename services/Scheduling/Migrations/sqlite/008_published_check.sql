-- Checks of the published schedule of a tenant's day, asked for when it is published and retried until a Simulator answers,
-- and the SLA contract terms SlaTracking announces, to price a missed target (docs/rostering.md).
ALTER TABLE schedule_check ADD COLUMN day TEXT NULL;
ALTER TABLE schedule_check ADD COLUMN status TEXT NOT NULL DEFAULT 'done';
ALTER TABLE schedule_check ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE schedule_check ADD COLUMN next_attempt_at INTEGER NULL;
CREATE INDEX ix_schedule_check_day ON schedule_check (tenant_id, day, checked_at);
CREATE INDEX ix_schedule_check_due ON schedule_check (status, next_attempt_at);
CREATE TABLE sla_contract_terms (
    tenant_id                 TEXT    NOT NULL,
    queue_id                  TEXT    NOT NULL,
    version                   INTEGER NOT NULL,
    effective_from            INTEGER  NOT NULL,
    service_level_target      REAL    NOT NULL,
    threshold_seconds         INTEGER NOT NULL,
    period                    TEXT    NOT NULL,
    interval_minutes          INTEGER NOT NULL,
    penalty_per_missed_period TEXT    NOT NULL,
    currency                  TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, queue_id, version)
);
