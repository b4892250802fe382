-- A run ended (result, error or cancel): out of the queue, its slot freed, dispatchers told.
-- $1 run id, $2 channel, $3 notification payload
WITH dequeued AS (
    DELETE FROM __schema__.run_queue q WHERE q.run_id = $1
), freed AS (
    UPDATE __schema__.node_slots s SET run_id = NULL WHERE s.run_id = $1
)
SELECT pg_notify($2, $3)
