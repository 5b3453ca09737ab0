-- The PBX's own call ids (per tenant) and the first answer each got, so that a repeated post answers the same call.
CREATE TABLE pbx_call (
    tenant_id   TEXT    NOT NULL,
    pbx_call_id TEXT    NOT NULL,
    queue_id    TEXT    NOT NULL,
    call_id     TEXT    NOT NULL,
    answer      TEXT    NOT NULL,
    posted_at   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, pbx_call_id)
);
CREATE INDEX ix_pbx_call_posted_at ON pbx_call (posted_at);
