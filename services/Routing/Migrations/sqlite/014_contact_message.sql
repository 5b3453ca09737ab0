-- A chat's or message's transcript: each body sealed (AES-GCM) under the tenant's key, purged after the tenant's transcript retention.
CREATE TABLE contact_message (
    call_id     TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    tenant_id   TEXT    NOT NULL,
    queue_id    TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    agent_id    TEXT    NULL,
    external_id TEXT    NULL,
    sealed      TEXT    NOT NULL,
    sent_at     INTEGER  NOT NULL,
    PRIMARY KEY (call_id, seq)
);
CREATE UNIQUE INDEX ux_contact_message_external ON contact_message (call_id, external_id);
CREATE INDEX ix_contact_message_tenant ON contact_message (tenant_id, sent_at);
