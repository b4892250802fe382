-- The run's row, its place in the queue (debug taken from the instance) and a wake-up for dispatchers.
-- $1 run id, $2 instance id, $3 path, $4 attempt, $5 actor, $6 inputs, $7 at, $8 priority, $9 request, $10 channel
WITH run AS (
    INSERT INTO __schema__.instance_runs (run_id, instance_id, path, attempt, actor, status, inputs, requested_at)
    VALUES ($1, $2, $3, $4, $5, 'Requested', $6, $7)
    ON CONFLICT DO NOTHING
), queued AS (
    INSERT INTO __schema__.run_queue (run_id, instance_id, priority, debug, request)
    SELECT $1, $2, $8, COALESCE((SELECT i.debug FROM __schema__.instances i WHERE i.id = $2), false), $9
    ON CONFLICT DO NOTHING
    RETURNING run_id
)
SELECT pg_notify($10, 'queued') FROM queued
