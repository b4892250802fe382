-- The run's container is gone: its node slot takes the next run while the result is still being
-- recorded. The run keeps its queue row (and lease) until the result's append dequeues it.
-- $1 run id, $2 channel
WITH freed AS (
    UPDATE __schema__.node_slots s SET run_id = NULL WHERE s.run_id = $1 RETURNING s.node
)
SELECT pg_notify($2, 'freed') FROM freed
