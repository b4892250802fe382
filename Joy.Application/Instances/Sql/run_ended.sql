-- A run's end (result, error or cancel): its row, out of the queue, its slot freed, dispatchers told.
-- $1 run id, $2 status, $3 exit code, $4 oom, $5 timed out, $6 duration, $7 outputs, $8 log blob,
-- $9 error, $10 cause, $11 at, $12 channel, $13 notification payload, $14 node, $15 container
WITH run AS (
    UPDATE __schema__.instance_runs
       SET status = $2, exit_code = $3, oom_killed = $4, timed_out = $5, duration_ms = $6, outputs = $7,
           log_blob = $8, error = $9, cause = $10, finished_at = $11,
           node = COALESCE(node, $14), container_id = COALESCE(container_id, $15)
     WHERE run_id = $1
), dequeued AS (
    DELETE FROM __schema__.run_queue q WHERE q.run_id = $1
), freed AS (
    UPDATE __schema__.node_slots s SET run_id = NULL WHERE s.run_id = $1
)
SELECT pg_notify($12, $13)
