-- Who asked for which data-subject erasure or offboarding step, and how much each module removed. Never the caller's number
-- or hash; the tenant id stays (the record that the client's request was carried out).
CREATE TABLE privacy_audit (
    id          BIGSERIAL PRIMARY KEY,
    at          BIGINT  NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    tenant_id   TEXT    NOT NULL,
    removed     TEXT    NOT NULL
);
