CREATE TABLE centre_item (
    kind          TEXT    NOT NULL,
    item_id       TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    definition    TEXT    NOT NULL,
    password_hash TEXT    NULL,
    changed_by    TEXT    NOT NULL,
    changed_at    INTEGER NOT NULL,
    PRIMARY KEY (kind, item_id)
);
CREATE UNIQUE INDEX ix_centre_item_version ON centre_item (version);
