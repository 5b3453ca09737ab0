-- A random salt per tenant for its caller-hash key: deleting the row crypto-shreds every hash made with it.
CREATE TABLE caller_hash_salt (
    tenant_id   TEXT    NOT NULL PRIMARY KEY,
    salt        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
