-- $1 now, $2 batch size: timers due, oldest first.
SELECT instance_id, timer_id, attempts FROM __schema__.timers
WHERE due_at <= $1
ORDER BY due_at
LIMIT $2;
