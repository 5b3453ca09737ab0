-- A tenant's signed monthly packs. Rows are only ever inserted: a re-issue is the next version.
CREATE TABLE monthly_pack (
    tenant_id   TEXT    NOT NULL,
    month       TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    issued_at   BIGINT  NOT NULL,
    issued_by   TEXT    NOT NULL,
    key_id      TEXT    NOT NULL,
    manifest    BYTEA   NOT NULL,
    signature   BYTEA   NOT NULL,
    public_key  TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, month, version)
);

CREATE TABLE monthly_pack_file (
    tenant_id  TEXT    NOT NULL,
    month      TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    content    BYTEA   NOT NULL,
    PRIMARY KEY (tenant_id, month, version, name)
);

-- Issued packs never change; only a tenant's erasure deletes them.
CREATE FUNCTION monthly_pack_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'monthly packs are immutable: issue a new version';
END;
$$;
CREATE TRIGGER monthly_pack_immutable BEFORE UPDATE ON monthly_pack
    FOR EACH ROW EXECUTE FUNCTION monthly_pack_immutable();
CREATE TRIGGER monthly_pack_file_immutable BEFORE UPDATE ON monthly_pack_file
    FOR EACH ROW EXECUTE FUNCTION monthly_pack_immutable();
