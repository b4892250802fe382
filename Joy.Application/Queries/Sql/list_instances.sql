-- One page of instances, newest first, keyset-paged on (created_at, id). Null filters are off.
-- $1 name, $2 stage, $3 status, $4 started at or after, $5 finished at or before,
-- $6 after created_at, $7 after id, $8 limit
SELECT id, name, sm_version, status, stage, priority, error, created_at, started_at, finished_at, updated_at, event_version
  FROM __schema__.instance_summaries
 WHERE ($1::text IS NULL OR name = $1)
   AND ($2::text IS NULL OR stage = $2)
   AND ($3::text IS NULL OR status = $3)
   AND ($4::timestamptz IS NULL OR started_at >= $4)
   AND ($5::timestamptz IS NULL OR finished_at <= $5)
   AND ($6::timestamptz IS NULL OR (created_at, id) < ($6, $7::text))
 ORDER BY created_at DESC, id DESC
 LIMIT $8
