-- The record's tenant and queue come from its arrival event (CallQueued); also what lets a multi-row upsert tell, per row,
-- whether the row it writes is an arrival.
ALTER TABLE call_record ADD COLUMN arrival_seen BOOLEAN NOT NULL DEFAULT FALSE;

-- Every 15-minute bucket of UTC (queued_at / 900000) that holds a call record, with a version that every transaction
-- changing a record of that bucket increments (the record and the increment commit together).
CREATE TABLE call_bucket_version (
    bucket   BIGINT NOT NULL PRIMARY KEY,
    version  BIGINT NOT NULL
);

-- A tenant's calls of one bucket added up per queue (CallBucketSummary, binary), as they were at computed_version:
-- current while computed_version = call_bucket_version.version, recomputed from the records otherwise.
CREATE TABLE call_bucket_summary (
    tenant_id         TEXT   NOT NULL,
    bucket            BIGINT NOT NULL,
    computed_version  BIGINT NOT NULL,
    data              BYTEA  NOT NULL,
    PRIMARY KEY (tenant_id, bucket)
);

INSERT INTO call_bucket_version (bucket, version)
SELECT DISTINCT CASE WHEN queued_at >= 0 THEN queued_at / 900000 ELSE (queued_at + 1) / 900000 - 1 END, 1
  FROM call_record;

-- The version at which the summariser (CallBucketSummariser) last summed a closed bucket for every tenant with records in it.
CREATE TABLE call_bucket_summarised (
    bucket   BIGINT NOT NULL PRIMARY KEY,
    version  BIGINT NOT NULL
);
