-- One append, sent as one batch (one round trip) in one transaction. Two statements on purpose:
-- the second takes its snapshot after the first holds the stream's lock.
--
-- 1. The per-stream lock, taken BEFORE the transaction writes anything, hence before it is given
--    a transaction id: a later append to the same stream then always gets a larger xid, so the
--    (transaction_id, seq_id) order of the global log keeps every stream in version order.
SELECT pg_advisory_xact_lock(hashtextextended('__schema__.stream:' || @stream_id, 0));

-- 2. Bump the stream only if it is at the expected version (-1 any, 0 no stream, n exact) and
--    not archived, or create it when it is missing and none is expected; then insert the events
--    after it. No row back means nothing was written: the caller diagnoses why
--    (append_diagnose.sql). A reused event id fails on events_id_unique, diagnosed the same way.
WITH bumped AS (
    UPDATE __schema__.streams AS s
       SET version = s.version + @count, updated = now()
     WHERE s.id = @stream_id AND NOT s.archived AND (@expected = -1 OR s.version = @expected)
    RETURNING s.version - @count AS base
),
created AS (
    INSERT INTO __schema__.streams (id, type, version)
    SELECT @stream_id, @stream_type, @count
     WHERE @expected IN (-1, 0)
       AND NOT EXISTS (SELECT 1 FROM __schema__.streams WHERE id = @stream_id)
    RETURNING 0::bigint AS base
),
stream AS (
    SELECT base FROM bumped UNION ALL SELECT base FROM created
)
INSERT INTO __schema__.events (id, stream_id, version, type, data, metadata)
SELECT x.id, @stream_id, stream.base + x.n, x.type, x.data, @metadata
  FROM stream, unnest(@ids::uuid[], @types::text[], @data::jsonb[]) WITH ORDINALITY AS x(id, type, data, n)
 ORDER BY x.n
RETURNING seq_id, version, transaction_id, timestamp;
