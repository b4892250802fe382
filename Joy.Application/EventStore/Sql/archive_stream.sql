-- Two statements in one transaction: the stream's append lock first, then the updates, whose
-- snapshot is taken after the lock is held, so an append that committed meanwhile is archived too.
-- Returns one row when the stream exists.
SELECT pg_advisory_xact_lock(hashtextextended('__schema__.stream:' || @stream_id, 0));

WITH stream AS (
    UPDATE __schema__.streams s
       SET archived = true, updated = now()
     WHERE s.id = @stream_id
 RETURNING s.id
),
events AS (
    UPDATE __schema__.events e
       SET is_archived = true
      FROM stream
     WHERE e.stream_id = stream.id AND NOT e.is_archived
)
SELECT id FROM stream;
