ALTER TABLE call_record ADD COLUMN hold_seconds REAL NULL;
CREATE INDEX ix_call_record_tenant_time ON call_record (tenant_id, queued_at);
CREATE INDEX ix_call_record_queued_at ON call_record (queued_at);

CREATE TABLE sla_contract (
    tenant_id                        TEXT    NOT NULL,
    queue_id                         TEXT    NOT NULL, -- '' for the whole tenant
    version                          INTEGER NOT NULL,
    effective_from                   INTEGER NOT NULL,
    service_level_target             REAL    NOT NULL,
    threshold_seconds                INTEGER NOT NULL,
    max_abandonment_rate             REAL    NULL,
    asa_target_seconds               REAL    NULL,
    aht_target_seconds               REAL    NULL,
    measurement_period               TEXT    NOT NULL,
    interval_minutes                 INTEGER NOT NULL,
    abandons_in_denominator          INTEGER NOT NULL,
    short_abandon_seconds            INTEGER NOT NULL,
    abandons_within_threshold_as_met INTEGER NOT NULL,
    penalty_per_missed_period        TEXT    NOT NULL,
    credit_per_met_period            TEXT    NOT NULL,
    currency                         TEXT    NOT NULL,
    created_at                       INTEGER NOT NULL,
    created_by                       TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, queue_id, version)
);

CREATE TABLE report_access (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    accessed_at  INTEGER NOT NULL,
    subject      TEXT    NOT NULL,
    roles        TEXT    NOT NULL,
    tenant_id    TEXT    NOT NULL,
    period_from  TEXT    NOT NULL,
    period_to    TEXT    NOT NULL,
    granularity  TEXT    NOT NULL,
    format       TEXT    NOT NULL,
    outcome      TEXT    NOT NULL
);
CREATE INDEX ix_report_access_tenant_time ON report_access (tenant_id, accessed_at);
