CREATE TABLE routing_lease (
    partition_id TEXT    NOT NULL PRIMARY KEY,
    holder       TEXT    NOT NULL,
    address      TEXT    NULL,
    token        INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
