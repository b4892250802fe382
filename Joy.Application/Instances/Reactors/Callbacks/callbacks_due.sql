-- $1 now, $2 batch size: pending callbacks due, oldest first.
SELECT callback_id, instance_id, url, payload::text, attempts FROM __schema__.callbacks
WHERE status = 'pending' AND next_attempt_at <= $1
ORDER BY next_attempt_at
LIMIT $2;
