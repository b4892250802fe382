-- After the result was reported (the projection usually did this already): out of the queue, slot freed,
-- unless another process has taken the run over meanwhile. $1 run id, $2 owner, $3 channel
WITH dequeued AS (
    DELETE FROM __schema__.run_queue q WHERE q.run_id = $1 AND q.owner = $2
), freed AS (
    UPDATE __schema__.node_slots s SET run_id = NULL
     WHERE s.run_id = $1
       AND NOT EXISTS (SELECT 1 FROM __schema__.run_queue q WHERE q.run_id = $1 AND q.owner <> $2)
)
SELECT pg_notify($3, 'freed')
