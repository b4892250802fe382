-- A requested run joins the queue, and dispatchers are woken.
-- $1 run id, $2 instance id, $3 priority, $4 debug, $5 request, $6 channel, $7 the requester's traceparent (or null)
WITH queued AS (
    INSERT INTO __schema__.run_queue (run_id, instance_id, priority, debug, request, trace_parent)
    VALUES ($1, $2, $3, $4, $5, $7)
    ON CONFLICT DO NOTHING
    RETURNING run_id
)
SELECT pg_notify($6, 'queued') FROM queued
