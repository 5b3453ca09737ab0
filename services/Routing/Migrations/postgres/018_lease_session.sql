-- The backend of the active process's lease session: when it is gone the process died, and a standby need not wait for the expiry.
ALTER TABLE routing_lease ADD COLUMN holder_backend INTEGER NULL;

-- A fenced batch's first statement: it fails the batch, undoing all of it, unless the token is still the partition's, and
-- holds the lease row until the batch commits (a takeover waits for it).
CREATE FUNCTION routing_fence(fence_partition TEXT, fence_token BIGINT) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM routing_lease WHERE partition_id = fence_partition AND token = fence_token FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'routing partition % has a newer leader than token %', fence_partition, fence_token USING ERRCODE = 'CR001';
    END IF;
END
$$;
