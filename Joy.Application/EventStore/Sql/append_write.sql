-- Second statement of an append, after append_lock.sql. Bumps the stream only if it is at the
-- expected version and not archived, or creates it when it is missing and none is expected; then
-- inserts the events after it. No row back means nothing was written: the caller diagnoses why
-- (append_diagnose.sql). A reused event id fails on events_id_unique, diagnosed the same way.
-- $1 stream id, $2 stream type, $3 expected (-1 any, 0 no stream, n exact), $4 event count,
-- $5 ids, $6 type names, $7 data, $8 metadata.
WITH bumped AS (
    UPDATE __schema__.streams AS s
       SET version = s.version + $4, updated = now()
     WHERE s.id = $1 AND NOT s.archived AND ($3 = -1 OR s.version = $3)
    RETURNING s.version - $4 AS base
),
created AS (
    INSERT INTO __schema__.streams (id, type, version)
    SELECT $1, $2, $4
     WHERE $3 IN (-1, 0)
       AND NOT EXISTS (SELECT 1 FROM __schema__.streams WHERE id = $1)
    RETURNING 0::bigint AS base
),
stream AS (
    SELECT base FROM bumped UNION ALL SELECT base FROM created
)
INSERT INTO __schema__.events (id, stream_id, version, type, data, metadata)
SELECT x.id, $1, stream.base + x.n, x.type, x.data, $8
  FROM stream, unnest($5::uuid[], $6::text[], $7::jsonb[]) WITH ORDINALITY AS x(id, type, data, n)
 ORDER BY x.n
RETURNING seq_id, version, transaction_id, timestamp;
