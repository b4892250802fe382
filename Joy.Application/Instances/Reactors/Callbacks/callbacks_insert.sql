-- $1 callback id (the end event's id), $2 instance, $3 url, $4 payload, $5 first attempt at.
-- A redelivered end event finds its row and changes nothing.
INSERT INTO __schema__.callbacks (callback_id, instance_id, url, payload, next_attempt_at)
VALUES ($1, $2, $3, $4::jsonb, $5)
ON CONFLICT (callback_id) DO NOTHING;
